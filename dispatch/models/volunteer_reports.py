"""The short activity reports a 協力隊 member files for each period (monthly or quarterly, as
the municipality sets on the register entry). Personal data like the register: the member,
the municipality, its bureau and HQ read them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .volunteers import ReportCadence


class MemberReport(models.Model):
    volunteer = models.ForeignKey(
        "dispatch.Volunteer",
        on_delete=models.CASCADE,
        related_name="member_reports",
        verbose_name=_("volunteer"),
    )
    cadence = models.CharField(
        _("activity reports"), max_length=10, choices=ReportCadence.choices, editable=False
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_on = models.DateField(_("due on"))
    activities = models.TextField(_("what you did"), max_length=4000)
    plans = models.TextField(_("what comes next"), max_length=2000, blank=True)
    concerns = models.TextField(_("worries or help needed"), max_length=2000, blank=True)
    late = models.BooleanField(_("filed late"), default=False, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        ordering = ["volunteer_id", "-period_start"]
        verbose_name = _("member's activity report")
        verbose_name_plural = _("members' activity reports")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "period_start"], name="kyoryokutai_one_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="kyoryokutai_report_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(cadence__in=ReportCadence.values),
                name="kyoryokutai_report_cadence_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.period_start:%Y-%m}"
