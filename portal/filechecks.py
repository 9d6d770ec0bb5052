"""What an uploaded file must be for the portal to accept it: a size limit, a type judged
by content (not by name), readable images and PDFs, and a sanitised name. Used by the upload
field (``portal.uploads``) and by the services that store files (``services.attachments``)."""

from __future__ import annotations

import os
import re
import unicodedata

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .pdfsafety import check_pdf

# Sniffed MIME type -> a readable kind for messages.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODF",
    "application/vnd.oasis.opendocument.spreadsheet": "ODF",
    "application/vnd.oasis.opendocument.presentation": "ODF",
    "text/csv": "CSV",
}
TEXT_EXTENSIONS = {".csv": "text/csv"}
MAX_IMAGE_PIXELS = 50_000_000  # larger images are refused (decompression bombs)
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def sanitise_filename(name: str, *, max_length: int = 120) -> str:
    """A display name safe to send back in Content-Disposition and to show in pages."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip().lstrip(".")
    stem, ext = os.path.splitext(name)
    ext = ext[:10]
    stem = stem[: max_length - len(ext)] or "file"
    return f"{stem}{ext}"


def _read_head(upload, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def sniff_content_type(upload) -> str | None:
    """The file's type judged from its bytes; None if it is not one we accept."""
    head = _read_head(upload, 8192)
    if not head:
        return None
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime in ("application/zip",):
            return None
        return kind.mime
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext in TEXT_EXTENSIONS and _looks_like_text(upload):
        return TEXT_EXTENSIONS[ext]
    return None


def _looks_like_text(upload) -> bool:
    upload.seek(0)
    data = upload.read(1024 * 1024)
    upload.seek(0)
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp932"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _check_image(upload) -> None:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
    except Exception:
        raise ValidationError(
            _("The image could not be read. Check that it is a valid JPEG, PNG, GIF or WebP file."),
            code="image_invalid",
        ) from None
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The image is too large (%(w)s × %(h)s pixels). Reduce it to at most 50 "
                "megapixels and upload it again."
            ),
            code="image_too_large",
            params={"w": width, "h": height},
        )


def validate_upload(upload) -> str:
    """Check one uploaded file; returns its sniffed content type or raises ValidationError."""
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(
            _("The file %(name)s is empty."),
            code="empty",
            params={"name": sanitise_filename(upload.name)},
        )
    if upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={
                "name": sanitise_filename(upload.name),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    content_type = sniff_content_type(upload)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "The file %(name)s is not a type we accept. Upload a PDF, an image (JPEG, PNG, "
                "GIF, WebP), an Office document or a CSV file."
            ),
            code="type",
            params={"name": sanitise_filename(upload.name)},
        )
    if content_type == "application/pdf":
        check_pdf(upload, name=sanitise_filename(upload.name))
    elif content_type.startswith("image/"):
        _check_image(upload)
    return content_type
