"""Issuing a numbered document once, and re-issuing it only when what it states changed.

A pillar's issuing service calls ``issue_claim`` inside its transaction *before* it draws
the number: the first caller gets the claim and issues; a second click (or a concurrent
request, held by the unique constraint until the first commits) gets the existing issue and
must return the document already issued — no number, no notification.

A re-issue is a separate act (``reissue_claim``): it needs a reason, and it is allowed only
when the fingerprint of the document's data differs from the one stated at the last issue.
It draws a new number: a changed 通知 is a new document of the office, and the old one stays
on record (see README, "Issuing documents").
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import DocumentIssue
from ..workflow import audit


def fingerprint(data) -> str:
    """A stable hash of what a document states (plain data: dicts, lists, str, numbers,
    dates)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _issues(owner, kind: str):
    return DocumentIssue.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=str(owner.pk), kind=kind
    )


def latest_issue(owner, kind: str) -> DocumentIssue | None:
    return _issues(owner, kind).order_by("-edition").first()


def issue_claim(*, owner, kind: str, fingerprint: str, actor) -> tuple[DocumentIssue, bool]:
    """Claim the first issue of ``kind`` for ``owner``. Returns ``(issue, True)`` when this
    call is to issue, ``(existing, False)`` when the document was already issued.
    Call inside the transaction that draws the number."""
    existing = latest_issue(owner, kind)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            issue = DocumentIssue.objects.create(
                content_type=ContentType.objects.get_for_model(owner),
                object_id=str(owner.pk),
                kind=kind,
                edition=1,
                fingerprint=fingerprint,
                issued_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:  # a concurrent request issued it first and has committed
        return latest_issue(owner, kind), False
    return issue, True


def issue_numbered(issue: DocumentIssue, document_number: str) -> None:
    """Record the number drawn for a claimed issue."""
    issue.document_number = document_number
    issue.save(update_fields=["document_number"])


def reissue_offered(owner, kind: str, current_fingerprint: str) -> bool:
    """A re-issue is offered only once issued and only when the document's data changed."""
    latest = latest_issue(owner, kind)
    return latest is not None and latest.fingerprint != current_fingerprint


def reissue_claim(
    *, owner, kind: str, fingerprint: str, actor, reason: str
) -> tuple[DocumentIssue, DocumentIssue]:
    """Claim the next edition of an issued document. Returns ``(new, previous)``.

    Raises ValidationError without a reason, before the first issue, or when nothing the
    document states has changed; the unique constraint turns a double submit into the
    same error. Writes the audit event with the reason (the caller adds the new number)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the re-issue."), code="reason")
    previous = latest_issue(owner, kind)
    if previous is None:
        raise ValidationError(_("The document has not been issued yet."), code="not_issued")
    if previous.fingerprint == fingerprint:
        raise ValidationError(
            _("Nothing the document states has changed since it was issued; it stays valid."),
            code="unchanged",
        )
    try:
        with transaction.atomic():
            issue = DocumentIssue.objects.create(
                content_type=previous.content_type,
                object_id=previous.object_id,
                kind=kind,
                edition=previous.edition + 1,
                fingerprint=fingerprint,
                reason=reason,
                issued_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        raise ValidationError(
            _("The document was re-issued a moment ago; reload the page."), code="raced"
        ) from None
    return issue, previous


def reissue_audit(*, owner, actor, issue: DocumentIssue, previous: DocumentIssue) -> None:
    audit(
        owner,
        actor=actor,
        action="document_reissued",
        comment=issue.reason,
        extra={
            "kind": issue.kind,
            "edition": issue.edition,
            "document_number": issue.document_number,
            "replaces": previous.document_number,
        },
    )
