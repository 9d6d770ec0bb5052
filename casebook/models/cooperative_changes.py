"""I3 after certification: notifications (届出) of name, officer or office changes within
30 days of the change (法第6条), and the annual report."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.japanese import wareki_date

from .cooperatives import NOTIFICATION_DAYS, Cooperative


class NotificationKind(models.TextChoices):
    NAME = "name", _("Change of name")
    OFFICERS = "officers", _("Change of officers")
    OFFICE = "office", _("Change of office")


class NotificationStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet filed")
    FILED = "filed", _("Filed")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


class ChangeNotification(models.Model):
    """A 届出 of a change of name, officers or office, due within 30 days of the change."""

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("cooperative"),
    )
    kind = models.CharField(_("what changed"), max_length=10, choices=NotificationKind.choices)
    changed_on = models.DateField(_("date of the change"))
    due_on = models.DateField(_("to be filed by"))
    new_value = models.TextField(
        _("the new particulars"),
        max_length=4000,
        help_text=_("The new name, the officers after the change, or the new office."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.DRAFT,
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("change notification (届出)")
        verbose_name_plural = _("change notifications (届出)")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NotificationStatus.values),
                name="coop_notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="coop_notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("changed_on")),
                name="coop_notification_due_after_change",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.get_kind_display()} ({wareki_date(self.changed_on)})"

    @staticmethod
    def due_for(changed_on: dt.date) -> dt.date:
        return changed_on + dt.timedelta(days=NOTIFICATION_DAYS)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not filed by the due date (or filed after it)."""
        today = today or timezone.localdate()
        if self.filed_at is not None:
            return timezone.localtime(self.filed_at).date() > self.due_on
        return today > self.due_on


class AnnualReport(models.Model):
    """The cooperative's yearly report of its business (事業報告), one per 年度."""

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("cooperative"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "fiscal_year"], name="one_annual_report_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.fiscal_year}"
