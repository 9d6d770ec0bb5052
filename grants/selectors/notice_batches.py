"""Reading a batch of notices: who may see it, and how far it has got."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from portal.models import Document, Role
from portal.permissions import is_active_user

from ..models import NoticeBatch, NoticeBatchItem


def notice_batches_visible_to(user):
    """HQ sees every bureau's batches; an officer those of the bureau."""
    batches = NoticeBatch.objects.select_related("bureau", "requested_by")
    if not is_active_user(user):
        return batches.none()
    if user.is_superuser or user.role == Role.HQ:
        return batches
    if user.role == Role.BUREAU and user.bureau_id:
        return batches.filter(bureau_id=user.bureau_id)
    return batches.none()


def notice_batch_get_for(user, pk) -> NoticeBatch:
    batch = notice_batches_visible_to(user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


@dataclass
class BatchProgress:
    items: list[NoticeBatchItem]
    total: int
    done: int
    errors: list[tuple[NoticeBatchItem, str]]
    finished: bool

    @property
    def waiting(self) -> int:
        return self.total - self.done - len(self.errors)

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 100


def _typeset(item: NoticeBatchItem) -> str | None:
    document = item.notice.document if item.notice_id else None
    return document.status if document is not None else None


def notice_batch_progress(batch: NoticeBatch) -> BatchProgress:
    """Done: the notice is issued and its PDF typeset. Errors: an application refused, or a
    PDF that failed. One query, whatever the size of the batch."""
    items = list(
        batch.items.select_related("application__municipality", "notice__document").order_by("pk")
    )
    done, errors = 0, []
    for item in items:
        status = _typeset(item)
        if item.outcome == NoticeBatchItem.Outcome.REFUSED:
            errors.append((item, item.error))
        elif status == Document.Status.FAILED:
            errors.append(
                (item, _("The PDF could not be typeset. Issue the batch again to retry."))
            )
        elif status == Document.Status.DONE:
            done += 1
    finished = batch.status == NoticeBatch.Status.FINISHED and done + len(errors) == len(items)
    return BatchProgress(items, len(items), done, errors, finished)
