"""Uploaded pictures: checked as real images within size and pixel limits, then
re-encoded so that what we store is our own file: pixels only, no metadata of any kind
(EXIF and its GPS, XMP, ICC profile, JPEG and GIF comments, PNG text chunks), no trailing
payload."""

import io
import math
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class CleanImage:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _open_checked(upload) -> Image.Image:
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The picture is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {"size": math.ceil(upload.size / 1024 / 1024), "limit": settings.IMAGE_MAX_BYTES // 1024 // 1024},
            code="file_too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            # Opening reads the header only. Pillow warns between its limit and twice its
            # limit: our lower pixel limit, checked below, refuses those with their size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            width, height = probe.size
            image_format = probe.format
    except Image.DecompressionBombError:
        raise ValidationError(
            _("The picture has too many pixels; the limit is %(limit)d megapixels.")
            % {"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("This file is not a picture we can read (JPEG, PNG, WebP or GIF)."), code="invalid_image")
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Only JPEG, PNG, WebP or GIF pictures are accepted."), code="invalid_image_format")
    if width * height > settings.IMAGE_MAX_PIXELS or max(width, height) > settings.IMAGE_MAX_SIDE:
        raise ValidationError(
            _("The picture is %(width)d×%(height)d pixels; the limit is %(limit)d megapixels.")
            % {"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.open(io.BytesIO(data)).verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except Exception:
        raise ValidationError(_("The picture is damaged or truncated."), code="invalid_image")
    return image


def _pixels_only(image: Image.Image, mode: str) -> Image.Image:
    """A new image made of the pixels alone. Pillow carries what it read (image.info: a JPEG
    or GIF comment, an ICC profile, XMP, PNG text) through convert() and copy(), and its
    encoders write some of it back; an image built from raw pixels has nothing to carry."""
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image) -> tuple[bytes, str]:
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    if has_alpha:
        _pixels_only(image, "RGBA").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), "png"
    _pixels_only(image, "RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue(), "jpg"


def clean_image(upload, *, max_side: int = 2000, thumbnail_side: int = 320, square: bool = False) -> CleanImage:
    """Validate an uploaded file and return re-encoded image and thumbnail files.

    Raises ValidationError with a message for the user when the file is refused.
    """
    image = _open_checked(upload)
    image = ImageOps.exif_transpose(image)  # respect the camera's orientation, then drop EXIF
    if getattr(image, "is_animated", False):
        image.seek(0)
    if square:
        image = ImageOps.fit(image, (max_side, max_side)) if min(image.size) >= max_side else ImageOps.fit(
            image, (min(image.size), min(image.size))
        )
    image.thumbnail((max_side, max_side))
    data, extension = _encode(image)
    thumb = ImageOps.fit(image, (thumbnail_side, thumbnail_side)) if square else image.copy()
    if not square:
        thumb.thumbnail((thumbnail_side, thumbnail_side))
    thumb_data, thumb_extension = _encode(thumb)
    return CleanImage(
        image=ContentFile(data, name=f"image.{extension}"),
        thumbnail=ContentFile(thumb_data, name=f"thumb.{thumb_extension}"),
        width=image.width,
        height=image.height,
    )
