"""Uploaded pictures are checked as real images within limits, then re-encoded."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import clean_image
from tests.factories import image_bytes, image_upload

pytestmark = pytest.mark.usefixtures("english")


def upload(data: bytes, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(file, **options) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        clean_image(file, **options)
    return refused.value


def opened(content_file) -> Image.Image:
    content_file.seek(0)
    return Image.open(io.BytesIO(content_file.read()))


@pytest.fixture(scope="module")
def bomb_png() -> bytes:
    """A real PNG of 10 000 × 10 000 pixels (100 megapixels) that weighs a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 0).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 50_000
    return buffer.getvalue()


def noise_jpeg(size=(900, 900)) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="JPEG", quality=100)
    return buffer.getvalue()


def jpeg_with_exif(size=(400, 300), orientation=1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Spy camera maker"  # Make
    exif[0x0131] = "SecretSoftware 1.0"  # Software
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_a_text_file_named_like_a_picture_is_refused():
    error = refusal(upload(b"just some text, not a picture\n" * 10))

    assert error.code == "invalid_image"
    assert "not a picture we can read" in error.messages[0]


def test_an_empty_file_is_refused():
    assert refusal(upload(b"")).code == "invalid_image"


def test_a_picture_in_another_format_is_refused():
    assert refusal(upload(image_bytes(image_format="BMP"), name="old.bmp")).code == "invalid_image_format"
    assert refusal(upload(image_bytes(image_format="TIFF"), name="scan.tiff")).code == "invalid_image_format"


def test_a_truncated_picture_is_refused():
    data = image_bytes(size=(300, 300), image_format="JPEG")

    error = refusal(upload(data[: len(data) // 2], name="cut.jpg"))

    assert error.code == "invalid_image"


def test_a_file_heavier_than_the_limit_is_refused_before_being_read(settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024
    data = noise_jpeg()
    assert len(data) > 1024 * 1024

    error = refusal(upload(data, name="heavy.jpg", content_type="image/jpeg"))

    assert error.code == "file_too_large"
    assert error.messages == ["The picture is too large (2 MB); the limit is 1 MB."]


def test_a_decompression_bomb_is_refused_with_its_size(bomb_png):
    error = refusal(upload(bomb_png, name="innocent.png"))

    assert error.code == "too_many_pixels"
    assert error.messages == ["The picture is 10000×10000 pixels; the limit is 40 megapixels."]


def test_a_bomb_beyond_twice_pillows_own_limit_is_refused_too():
    buffer = io.BytesIO()
    Image.new("1", (20_000, 10_000), 0).save(buffer, format="PNG")

    error = refusal(upload(buffer.getvalue(), name="huge.png"))

    assert error.code == "too_many_pixels"
    assert "40 megapixels" in error.messages[0]


def test_a_picture_longer_than_the_side_limit_is_refused(settings):
    settings.IMAGE_MAX_SIDE = 1000

    assert refusal(upload(image_bytes(size=(1001, 10), mode="L"))).code == "too_many_pixels"


def test_a_photo_is_stored_without_its_exif_metadata():
    cleaned = clean_image(upload(jpeg_with_exif(), name="holiday.jpg", content_type="image/jpeg"))

    stored, thumbnail = opened(cleaned.image), opened(cleaned.thumbnail)
    assert stored.format == "JPEG"
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Spy camera maker" not in cleaned.image.read() + cleaned.thumbnail.read()
    assert (cleaned.width, cleaned.height) == stored.size == (400, 300)
    assert max(thumbnail.size) == 320


def test_the_cameras_orientation_is_applied_before_the_metadata_is_dropped():
    # Orientation 6: the camera was turned; the picture must be shown upright.
    cleaned = clean_image(upload(jpeg_with_exif(size=(400, 300), orientation=6), name="turned.jpg"))

    assert (cleaned.width, cleaned.height) == (300, 400)


def test_anything_appended_after_the_picture_is_not_kept():
    data = image_bytes(size=(50, 50)) + b"<?php system($_GET['cmd']); ?>"

    cleaned = clean_image(upload(data))

    assert b"<?php" not in cleaned.image.read()


def test_a_large_picture_is_scaled_down():
    cleaned = clean_image(upload(image_bytes(size=(3000, 1500), mode="L")))

    assert (cleaned.width, cleaned.height) == (2000, 1000)


def test_transparency_is_kept_as_png_and_opaque_pictures_become_jpeg():
    transparent = clean_image(upload(image_bytes(mode="RGBA", color=(0, 0, 0, 0))))
    opaque = clean_image(image_upload(name="photo.png"))

    assert transparent.image.name.endswith(".png") and opened(transparent.image).mode == "RGBA"
    assert opaque.image.name.endswith(".jpg")


def test_an_avatar_is_cropped_to_a_square():
    cleaned = clean_image(upload(image_bytes(size=(300, 200))), max_side=512, thumbnail_side=96, square=True)

    assert opened(cleaned.image).size == (200, 200)
    assert opened(cleaned.thumbnail).size == (96, 96)


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("P", (40, 40), color) for color in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])

    cleaned = clean_image(upload(buffer.getvalue(), name="anim.gif", content_type="image/gif"))

    assert not getattr(opened(cleaned.image), "is_animated", False)
