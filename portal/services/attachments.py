"""Storing uploaded files privately, attached to the object they belong to.

A file chosen on a form that comes back with errors is not thrown away: it is stored at
once as a *draft* (``attachment_draft_store``), owned by its uploader or, for someone not
signed in, by their session, and expiring after ``DRAFT_LIFETIME``. When the form is finally
sent, the service that creates the object passes the drafts to ``attachment_store`` like
fresh uploads, and they are adopted by the object in that service's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..filechecks import sanitise_filename, validate_upload
from ..models import Attachment

logger = logging.getLogger(__name__)

# How long a kept upload waits for its form to be sent before the nightly task deletes it.
DRAFT_LIFETIME = dt.timedelta(hours=24)


@dataclass(frozen=True)
class DraftOwner:
    """Whose kept uploads these are: a signed-in user, or the session of a visitor."""

    user: object = None
    session_key: str = ""

    @property
    def key(self) -> str:
        if self.user is not None and self.user.is_authenticated:
            return f"user:{self.user.pk}"
        return f"session:{self.session_key}"

    def filter(self) -> dict:
        if self.user is not None and self.user.is_authenticated:
            return {"uploaded_by": self.user, "draft_session_key": ""}
        if not self.session_key:
            # No session, no drafts: never match the drafts of other visitors.
            return {"pk__in": []}
        return {"uploaded_by__isnull": True, "draft_session_key": self.session_key}


def _checked_file(upload) -> tuple[str, str]:
    """The sniffed type (validated again: services do not trust callers) and the SHA-256."""
    content_type = getattr(upload, "sniffed_type", None) or validate_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def attachment_store(*, upload, owner, uploaded_by=None, label: str = "") -> Attachment:
    """Store one file for ``owner``. ``upload`` is a fresh upload, or a draft kept from an
    earlier attempt at the same form: the draft is then attached to ``owner`` (see
    ``attachment_draft_attach``), so every pillar service takes both without knowing."""
    if isinstance(upload, Attachment):
        return attachment_draft_attach(draft=upload, owner=owner, actor=uploaded_by, label=label)
    content_type, sha256 = _checked_file(upload)
    attachment = Attachment(
        original_name=sanitise_filename(upload.name),
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
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


# --- Drafts: uploads kept while their form is corrected -------------------------------------


def attachment_draft_store(*, upload, owner: DraftOwner) -> Attachment:
    """Keep one checked upload for ``owner`` until its form is sent (or it expires)."""
    content_type, sha256 = _checked_file(upload)
    user = owner.user if owner.user is not None and owner.user.is_authenticated else None
    if user is None and not owner.session_key:
        raise PermissionDenied("A draft needs a user or a session.")
    draft = Attachment(
        original_name=sanitise_filename(upload.name),
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
        uploaded_by=user,
        draft_session_key="" if user is not None else owner.session_key,
        draft_expires_at=timezone.now() + DRAFT_LIFETIME,
    )
    draft.file.save(draft.id.hex, upload, save=False)
    draft.save()
    return draft


def attachment_drafts_of(*, owner: DraftOwner, ids) -> list[Attachment]:
    """The unexpired drafts among ``ids`` that belong to ``owner``, in the order given.
    Ids of someone else's drafts, of attached files or of nothing are simply not found."""
    ids = [str(i) for i in ids]
    if not ids:
        return []
    found = {
        str(a.pk): a
        for a in Attachment.objects.filter(
            pk__in=ids, draft_expires_at__gt=timezone.now(), **owner.filter()
        )
    }
    return [found[i] for i in ids if i in found]


def _delete(attachment: Attachment) -> None:
    # The row first: a file left without a row is harmless; a row without its file is not.
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def attachments_delete(*, owner, ids) -> int:
    """Delete files of ``owner`` among ``ids`` (a form's 「remove」 boxes): the caller's
    service has checked that the actor may change ``owner``; ids of other owners' files are
    not touched."""
    found = list(attachments_of(owner).filter(pk__in=[str(i) for i in ids]))
    with transaction.atomic():
        for attachment in found:
            _delete(attachment)
    return len(found)


def attachment_drafts_discard(*, owner: DraftOwner, ids) -> int:
    """Delete drafts the uploader took off the form. Only their own drafts are touched."""
    drafts = attachment_drafts_of(owner=owner, ids=ids)
    with transaction.atomic():
        for draft in drafts:
            _delete(draft)
    return len(drafts)


def attachment_draft_attach(*, draft: Attachment, owner, actor, label: str = "") -> Attachment:
    """Attach a kept draft to ``owner`` (call it inside the service's transaction).

    Preconditions: the draft is still a draft and was uploaded by ``actor`` (a visitor's
    drafts, uploaded by nobody, only with ``actor`` None: the form checked their session).
    Safe to call twice for the same owner. Raises ``PermissionDenied`` for someone else's
    draft, ``ValidationError`` if it has gone (expired and deleted, or used elsewhere).
    """
    owner_type = ContentType.objects.get_for_model(owner)
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().filter(pk=draft.pk).first()
        if locked is not None and not locked.is_draft:
            if locked.owner_type_id == owner_type.pk and locked.owner_id == str(owner.pk):
                return locked
            locked = None
        if locked is None:
            raise ValidationError(
                _("The saved file %(name)s is no longer available. Choose it again."),
                code="draft_gone",
                params={"name": draft.original_name},
            )
        user = actor if actor is not None and actor.is_authenticated else None
        if locked.uploaded_by_id != (user.pk if user is not None else None):
            raise PermissionDenied("This draft belongs to someone else.")
        locked.owner_type = owner_type
        locked.owner_id = str(owner.pk)
        locked.label = label[:200]
        locked.draft_session_key = ""
        locked.draft_expires_at = None
        locked.save(
            update_fields=[
                "owner_type",
                "owner_id",
                "label",
                "draft_session_key",
                "draft_expires_at",
            ]
        )
    return locked


def attachment_drafts_purge(*, now=None) -> int:
    """Delete drafts whose form was never sent, file and row. Safe to run twice."""
    now = now or timezone.now()
    count = 0
    expired = list(
        Attachment.objects.filter(draft_expires_at__lte=now).values_list("pk", flat=True)
    )
    for pk in expired:
        with transaction.atomic():
            # Re-read under lock: a form sent at this very moment may be adopting it.
            locked = (
                Attachment.objects.select_for_update()
                .filter(pk=pk, draft_expires_at__lte=now)
                .first()
            )
            if locked is None:
                continue
            _delete(locked)
            count += 1
    if count:
        logger.info("Deleted %s expired upload draft(s).", count)
    return count
