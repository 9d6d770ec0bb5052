"""Storing uploaded files privately, attached to the object they belong to."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType

from ..models import Attachment
from ..uploads import sanitise_filename, validate_upload


def attachment_store(*, upload, owner, uploaded_by=None, label: str = "") -> Attachment:
    """Validate (again: services do not trust callers) and store one file for ``owner``."""
    content_type = getattr(upload, "sniffed_type", None) or validate_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        original_name=sanitise_filename(upload.name),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by
        if uploaded_by is not None and uploaded_by.is_authenticated
        else None,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=str(owner.pk),
        label=label[:200],
    )
    attachment.file.save(attachment.id.hex, upload, save=False)
    attachment.save()
    return attachment


def attachments_store(*, uploads, owner, uploaded_by=None) -> list[Attachment]:
    return [attachment_store(upload=u, owner=owner, uploaded_by=uploaded_by) for u in uploads]


def attachments_of(owner):
    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=str(owner.pk)
    )
