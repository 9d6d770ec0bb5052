"""After the decision: change requests, the performance report, payments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChangeRequest(models.Model):
    """変更承認申請 (and 中止・廃止承認申請)."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Budget reallocation")
        CONTENT = "content", _("Change of content")
        SUSPENSION = "suspension", _("Suspension")
        ABOLITION = "abolition", _("Abolition")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason for the change"), max_length=4000)
    new_description = models.TextField(_("changed content"), max_length=8000, blank=True)
    new_budget = models.JSONField(
        _("changed budget"),
        default=list,
        blank=True,
        help_text=_("Budget lines after the change: cost category id, description, amount."),
    )
    new_amount = models.PositiveBigIntegerField(
        _("changed grant amount (yen)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="pending"),
                name="one_pending_change_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class PerformanceReport(models.Model):
    """実績報告: actual costs are on the budget lines; this holds the rest."""

    application = models.OneToOneField(
        "grants.Application", on_delete=models.CASCADE, related_name="performance_report"
    )
    completed_on = models.DateField(_("completion date"))
    summary = models.TextField(_("what was done"), max_length=8000)
    kpi_result = models.CharField(_("KPI result"), max_length=200)
    kpi_comment = models.TextField(_("comment on the KPI"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("performance report")
        verbose_name_plural = _("performance reports")

    def __str__(self) -> str:
        return f"{self.application}"


class Payment(models.Model):
    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Advance payment (概算払)")
        SETTLEMENT = "settlement", _("Settlement payment (精算払)")
        REFUND = "refund", _("Refund (返還)")

    application = models.ForeignKey(
        "grants.Application", on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    paid_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
