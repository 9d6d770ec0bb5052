"""A batch of 交付決定通知書 issued together at the 年度 peak, and its progress per application.

The batch is a record of what the officer asked for; the work (numbering, typesetting) is
done by a task that can run twice without issuing twice (services/notice_batches.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BatchStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("notice batch", "Queued")
    RUNNING = "running", pgettext_lazy("notice batch", "Issuing")
    FINISHED = "finished", pgettext_lazy("notice batch", "Finished")


class ItemOutcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("notice batch", "Waiting")
    ISSUED = "issued", pgettext_lazy("notice batch", "Issued")
    ALREADY_ISSUED = "already_issued", pgettext_lazy("notice batch", "Already issued")
    REFUSED = "refused", pgettext_lazy("notice batch", "Not issued")


class NoticeBatch(models.Model):
    Status = BatchStatus

    bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("batch of notices")
        verbose_name_plural = _("batches of notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values), name="notice_batch_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class NoticeBatchItem(models.Model):
    Outcome = ItemOutcome

    batch = models.ForeignKey(NoticeBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(
        "grants.Application", on_delete=models.PROTECT, related_name="+"
    )
    notice = models.ForeignKey(
        "grants.Notice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ItemOutcome.choices, default=ItemOutcome.PENDING
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("notice of a batch")
        verbose_name_plural = _("notices of a batch")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "application"], name="notice_batch_item_unique"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ItemOutcome.values), name="notice_batch_item_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.application_id}"
