"""Issuing the 交付決定通知書 of many decided applications as one batch.

The officer's request is recorded (a batch and one item per application) and a task is
queued on commit. The task issues each notice through the same service as a single
decision (``review.decision_notice_issue``: the 文書番号, the document, the applicant's
notification), one application per transaction, so the progress page sees each one as it is
done and a failure of one leaves the others issued. Each notice's PDF is typeset by the
kernel's document task, queued as the notice is issued.

Safe to run twice: an item already handled is skipped, and an application that already has
its decision notice (from this batch, another one, or a single decision) gets no second one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Document
from portal.queue import enqueue
from portal.workflow import audit

from ..models import Application, Notice, NoticeBatch, NoticeBatchItem
from ..models.applications import Status
from ..permissions import applications as permissions
from . import review

TASK = "grants.tasks.issue_notice_batch"


def notice_batch_create(*, applications, actor) -> NoticeBatch:
    """Record a batch of notices for ``applications`` (officers of their bureau only) and
    queue its task on commit."""
    applications = list(applications)
    if not applications:
        raise ValidationError(_("Select at least one application."), code="empty")
    if not all(permissions.can_review_application(actor, a) for a in applications):
        raise PermissionDenied
    with transaction.atomic():
        batch = NoticeBatch.objects.create(bureau_id=actor.bureau_id, requested_by=actor)
        NoticeBatchItem.objects.bulk_create(
            NoticeBatchItem(batch=batch, application=a)
            for a in sorted(applications, key=lambda a: a.pk)
        )
        enqueue(TASK, batch.pk)
    return batch


def _decision_notice(application) -> Notice | None:
    return (
        application.notices.filter(kind=Notice.Kind.DECISION)
        .select_related("document")
        .order_by("-pk")
        .first()
    )


def _issue_item(item: NoticeBatchItem, actor) -> bool:
    """Issue one item's notice unless it exists; True when this call issued it."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("call__programme", "bureau", "municipality", "applicant_kind")
            .get(pk=item.application_id)
        )
        existing = _decision_notice(application)
        issued = False
        if existing is not None:
            item.outcome, item.notice = NoticeBatchItem.Outcome.ALREADY_ISSUED, existing
            if existing.document and existing.document.status == Document.Status.FAILED:
                # A second run is how an officer retries a PDF that failed to typeset.
                enqueue("portal.tasks.render_document", existing.document_id)
        elif actor is None or not permissions.can_review_application(actor, application):
            item.outcome = NoticeBatchItem.Outcome.REFUSED
            item.error = _("Your bureau cannot issue the notice of this application.")
        elif application.status != Status.APPROVED:
            item.outcome = NoticeBatchItem.Outcome.REFUSED
            item.error = _(
                "The grant has not been decided (交付決定) for this application; it is %(status)s."
            ) % {"status": application.get_status_display()}
        else:
            notice = review.decision_notice_issue(application=application, actor=actor)
            audit(
                application,
                actor=actor,
                action="issue_notice",
                extra={"notice": notice.document_number, "batch": item.batch_id},
            )
            item.outcome, item.notice, issued = NoticeBatchItem.Outcome.ISSUED, notice, True
        item.save(update_fields=["outcome", "notice", "error"])
    return issued


def notice_batch_run(*, batch_id: int) -> int:
    """Issue the batch's pending items. Returns how many notices this run issued."""
    batch = NoticeBatch.objects.select_related("requested_by").filter(pk=batch_id).first()
    if batch is None:
        return 0
    NoticeBatch.objects.filter(pk=batch.pk, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    NoticeBatch.objects.filter(pk=batch.pk).update(status=NoticeBatch.Status.RUNNING)
    issued = 0
    pending = batch.items.filter(outcome=NoticeBatchItem.Outcome.PENDING).order_by("pk")
    for item in pending:
        issued += _issue_item(item, batch.requested_by)
    NoticeBatch.objects.filter(pk=batch.pk).update(
        status=NoticeBatch.Status.FINISHED, finished_at=timezone.now()
    )
    return issued
