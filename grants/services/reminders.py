"""Reminders to applicants that their performance report (実績報告) falls due soon."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Application
from ..models.applications import Status
from .common import notify_applicant

# Days before ``report_due`` on which the applicant is reminded.
REMINDER_DAYS = (7, 1)
SUBJECTS = {
    7: _("Reminder: the performance report for %(ref)s (%(title)s) is due in 7 days"),
    1: _("Reminder: the performance report for %(ref)s (%(title)s) is due tomorrow"),
}
# Decided grants whose report is still to come (a pending change keeps the report due).
AWAITING_REPORT = (Status.APPROVED, Status.CHANGE_REQUESTED)


def report_reminders_due(*, today: dt.date) -> list[tuple[Application, int]]:
    """Applications to remind on ``today``, each with the number of days left."""
    days_by_due = {today + dt.timedelta(days=days): days for days in REMINDER_DAYS}
    applications = (
        Application.objects.filter(status__in=AWAITING_REPORT, report_due__in=list(days_by_due))
        .select_related("group_user")
        .order_by("report_due", "pk")
    )
    return [(application, days_by_due[application.report_due]) for application in applications]


def report_reminders_send(*, today: dt.date | None = None) -> int:
    """Notify the applicant's staff (in-app and by email) 7 days and 1 day before the report
    is due. Returns how many applications were reminded.

    Safe to run twice: the dedupe key names the application, the due date and the number of
    days, so a rerun finds the notifications already there and sends nothing more, while a
    due date moved by a change request earns fresh reminders. Each application commits on
    its own, so a retry after a failure resumes where it stopped.
    """
    today = today or timezone.localdate()
    reminded = 0
    for application, days in report_reminders_due(today=today):
        with transaction.atomic():
            notify_applicant(
                application,
                kind="grant.report_reminder",
                subject=SUBJECTS[days],
                template="grants/email/report_reminder.txt",
                extra={"days": days},
                key=f"report_reminder:{application.report_due.isoformat()}:{days}d",
            )
        reminded += 1
    return reminded
