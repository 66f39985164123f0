"""A picture attached to an idea is served with its pixels only: whatever metadata the
uploaded file carried (EXIF with its GPS part, XMP, an ICC profile, a JPEG or GIF comment,
PNG text chunks) is in neither the full picture nor the thumbnail, for JPEG, PNG, GIF and
WebP uploads alike. Uploaded through the idea form, read back through the page that
serves them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from ideas.models import IdeaImage

SECRETS = [b"SECRET-EXIF", b"SECRET-GPS", b"SECRET-XMP", b"SECRET-COMMENT", b"SECRET-TEXT", b"SECRET-ITXT"]
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>SECRET-XMP</rdf:Description></x:xmpmeta>'
# What a clean re-encoding may carry: JFIF's resolution header (JPEG), nothing else.
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"}
# JPEG segments allowed before the picture data: JFIF (APP0), quantisation and Huffman
# tables, frame header, restart interval. No APP1 (EXIF, XMP), APP2 (ICC), COM (comment).
JPEG_SEGMENTS = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD}


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SECRET-EXIF"  # camera make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 24.0)  # latitude
    gps[27] = b"ASCII\0\0\0SECRET-GPS"  # processing method
    return exif.tobytes()


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def upload_with_everything(image_format: str) -> SimpleUploadedFile:
    picture = Image.new("RGB", (1000, 700), "navy")
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.save(buffer, "JPEG", exif=exif_with_gps(), icc_profile=icc_profile(), comment=b"SECRET-COMMENT", xmp=XMP)
    elif image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "SECRET-TEXT")
        text.add_itxt("Description", "SECRET-ITXT")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        picture.save(buffer, "PNG", pnginfo=text, exif=exif_with_gps(), icc_profile=icc_profile())
    elif image_format == "GIF":
        picture.save(buffer, "GIF", comment=b"SECRET-COMMENT")
    else:
        picture.save(buffer, "WEBP", exif=exif_with_gps(), icc_profile=icc_profile(), xmp=XMP)
    data = buffer.getvalue()
    carried = [secret for secret in SECRETS if secret in data]
    assert carried, "the upload itself must carry metadata"
    return SimpleUploadedFile(f"photo.{image_format.lower()}", data, content_type=f"image/{image_format.lower()}")


def jpeg_segments(data: bytes) -> set[int]:
    """The markers of a JPEG's segments, up to the start of the picture data."""
    assert data[:2] == b"\xff\xd8"
    found, position = set(), 2
    while True:
        assert data[position] == 0xFF
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the compressed pixels follow
            return found
        found.add(marker)
        position += 2 + int.from_bytes(data[position + 2:position + 4], "big")


def assert_pixels_only(data: bytes):
    for secret in SECRETS:
        assert secret not in data, secret
    for channel in (b"Exif", b"ICC_PROFILE", b"iCCP", b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"http://ns.adobe.com/xap"):
        assert channel not in data, channel
    stored = Image.open(io.BytesIO(data))
    assert not stored.getexif()
    assert set(stored.info) <= HARMLESS_INFO, stored.info.keys()
    if stored.format == "JPEG":
        assert jpeg_segments(data) <= JPEG_SEGMENTS
    else:
        assert stored.format == "PNG" and not stored.text


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "GIF", "WEBP"])
def test_served_pictures_carry_no_metadata(client_for, author, theme, image_format):
    client = client_for(author)

    client.post(reverse("ideas:create"), {
        "title": "Paint the meeting rooms", "theme": theme.pk, "body": "Brighter rooms, better meetings.",
        "save": "1", "images": [upload_with_everything(image_format)],
    })

    picture = IdeaImage.objects.get()
    for variant in ("full", "thumb"):
        response = client.get(reverse("ideas:image", args=[picture.idea_id, picture.pk, variant]))
        assert response.status_code == 200
        assert_pixels_only(b"".join(response.streaming_content))


def test_a_transparent_picture_keeps_its_transparency_but_not_its_text(client_for, author, theme):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "SECRET-TEXT")
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 128, 0, 100)).save(buffer, "PNG", pnginfo=text, icc_profile=icc_profile())
    client = client_for(author)

    client.post(reverse("ideas:create"), {
        "title": "Paint the meeting rooms", "theme": theme.pk, "body": "Brighter rooms, better meetings.",
        "save": "1", "images": [SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")],
    })

    picture = IdeaImage.objects.get()
    data = b"".join(client.get(reverse("ideas:image", args=[picture.idea_id, picture.pk, "full"])).streaming_content)
    assert_pixels_only(data)
    assert Image.open(io.BytesIO(data)).mode == "RGBA"
