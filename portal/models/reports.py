"""The annual report (V1): built step by step in a task, so its page can show progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AnnualReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class AnnualReport(models.Model):
    Status = AnnualReportStatus

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("steps in all"), default=0)
    document = models.ForeignKey(
        "portal.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AnnualReportStatus.values),
                name="annual_report_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}"
