"""Photos: stored without their EXIF data (and so without any GPS position), resized to a
few widths by a task, served with ``srcset``."""

from __future__ import annotations

import io
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from portal.filechecks import validate_upload
from portal.queue import enqueue

from ..models import Photo
from ..models.photos import RENDITION_WIDTHS
from ..permissions import case_studies as permissions
from .common import public_content_changed

logger = logging.getLogger(__name__)

JPEG_QUALITY = 80


def _clean_image(upload) -> tuple[bytes, int, int]:
    """The image re-encoded from its pixels only: turned upright by its EXIF orientation,
    then saved without EXIF, XMP or comments. JPEG, or PNG where it has transparency."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
    else:
        image.convert("RGB").save(out, format="JPEG", quality=92, optimize=True)
    return out.getvalue(), image.width, image.height


def photo_add(
    *,
    upload,
    actor,
    case_study=None,
    issue=None,
    alt: str = "",
    decorative: bool = False,
    caption: str = "",
    credit: str = "",
    order: int = 0,
) -> Photo:
    """Store a photo of a case study (or a journal issue's cover) and schedule its
    renditions. Alt text is required unless the photo is decorative."""
    if case_study is not None:
        if not permissions.can_edit_case_study(actor, case_study):
            raise PermissionDenied
    elif issue is not None:
        if not permissions.can_edit_issue(actor, issue):
            raise PermissionDenied
    else:
        raise ValidationError("A photo belongs to a case study or an issue.", code="no_owner")
    content_type = getattr(upload, "sniffed_type", None) or validate_upload(upload)
    if not content_type.startswith("image/"):
        raise ValidationError(
            {
                "image": ValidationError(
                    _("Upload a photo (JPEG, PNG, GIF or WebP)."), code="not_an_image"
                )
            }
        )
    if not decorative and not alt.strip():
        raise ValidationError(
            {
                "alt": ValidationError(
                    _("Describe what the photo shows, or mark it as decorative."),
                    code="alt_required",
                )
            }
        )
    data, width, height = _clean_image(upload)
    with transaction.atomic():
        photo = Photo(
            case_study=case_study,
            issue=issue,
            alt=alt.strip(),
            decorative=decorative,
            caption=caption,
            credit=credit,
            order=order,
            width=width,
            height=height,
            uploaded_by=actor if actor.is_authenticated else None,
        )
        photo.original.save(photo.id.hex, ContentFile(data), save=False)
        photo.full_clean(exclude=["original"])
        photo.save()
        enqueue("casebook.tasks.make_photo_renditions", str(photo.pk))
    return photo


def photo_update(*, photo: Photo, actor, **fields) -> Photo:
    """Change the texts or order of a photo (not the image: upload a new one)."""
    owner_ok = (
        permissions.can_edit_case_study(actor, photo.case_study)
        if photo.case_study_id
        else permissions.can_edit_issue(actor, photo.issue)
    )
    if not owner_ok:
        raise PermissionDenied
    allowed = {"alt", "decorative", "caption", "credit", "order"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError(f"{name} cannot be changed", code="read_only")
        setattr(photo, name, value)
    photo.full_clean(exclude=["original"])
    with transaction.atomic():
        photo.save(update_fields=sorted(fields))
        if permissions.photo_is_public(photo):
            public_content_changed()
    return photo


def photo_delete(*, photo: Photo, actor) -> None:
    owner_ok = (
        permissions.can_edit_case_study(actor, photo.case_study)
        if photo.case_study_id
        else permissions.can_edit_issue(actor, photo.issue)
    )
    if not owner_ok:
        raise PermissionDenied
    public = permissions.photo_is_public(photo)
    names = [photo.original.name, *photo.renditions.values()]
    with transaction.atomic():
        photo.delete()
        if public:
            public_content_changed()
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names) -> None:
    from portal.models.documents import private_storage

    for index, name in enumerate(names):
        storage = private_storage() if index == 0 else default_storage
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete %s", name)


def rendition_name(photo: Photo, width: int) -> str:
    return f"casebook/photos/{photo.id.hex[:2]}/{photo.id.hex}-{width}.jpg"


def photo_make_renditions(*, photo_id) -> bool:
    """Resize the photo to the rendition widths it can fill (never enlarging). Returns True
    if this call made them; a repeated call finds them made and does nothing."""
    from PIL import Image

    photo = Photo.objects.select_related("case_study", "issue").filter(pk=photo_id).first()
    if photo is None or photo.ready:
        return False
    with photo.original.open("rb") as handle, Image.open(handle) as opened:
        image = opened.convert("RGBA") if opened.mode in ("RGBA", "LA", "P") else opened.copy()
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.split()[3])
        image = background
    else:
        image = image.convert("RGB")
    widths = [w for w in RENDITION_WIDTHS if w < image.width] or [image.width]
    if image.width <= RENDITION_WIDTHS[-1] and image.width not in widths:
        widths.append(image.width)
    renditions = {}
    for width in sorted(set(widths)):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        resized.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        name = rendition_name(photo, width)
        if default_storage.exists(name):
            default_storage.delete(name)
        renditions[str(width)] = default_storage.save(name, ContentFile(out.getvalue()))
    with transaction.atomic():
        updated = Photo.objects.filter(pk=photo.pk, renditions={}).update(renditions=renditions)
        if updated and permissions.photo_is_public(photo):
            public_content_changed()
    return bool(updated)
