"""Reads of a 協力隊 member's own account (H3): the member's own register entry (found
through the invitation they accepted), the periods of their activity reports with what is
filed, due or late, and one report for whoever may read it. A member sees only their own;
the register's readers (the municipality, its bureau, HQ) see the reports of their scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ..models import MemberReport, Volunteer
from ..models.volunteers import ENDED_STATUSES, SERVING_STATUSES
from ..permissions import kyoryokutai as permissions
from ..rules import kyoryokutai as rules


def member_volunteer_for(user) -> Volunteer:
    """The register entry of the signed-in member; 404 for anyone else."""
    if not permissions.is_member(user):
        raise Http404
    volunteer = (
        Volunteer.objects.filter(invitation__accepted_by=user, invitation__status="accepted")
        .select_related("municipality__bureau", "position", "invitation", "settlement")
        .order_by("-term_start", "-pk")
        .first()
    )
    if volunteer is None:
        raise Http404
    return volunteer


def member_reports_of(volunteer: Volunteer) -> QuerySet[MemberReport]:
    return MemberReport.objects.filter(volunteer=volunteer).order_by("-period_start")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    due: dt.date
    report: MemberReport | None
    today: dt.date

    @property
    def missing(self) -> bool:
        """Due and not filed."""
        return self.report is None and self.today > self.due

    @property
    def fileable(self) -> bool:
        return self.report is None


def report_periods(volunteer: Volunteer, *, today=None, reports=None) -> list[Period]:
    """The periods of the term so far, newest first, each with its report if filed (one
    query for the reports, or none when ``reports`` are given)."""
    today = today or timezone.localdate()
    if volunteer.term_start is None or volunteer.term_end is None:
        return []
    until = min(today, volunteer.ended_on or volunteer.term_end, volunteer.term_end)
    if reports is None:
        reports = list(member_reports_of(volunteer))
    filed = {report.period_start: report for report in reports}
    periods = rules.periods(volunteer.term_start, until, volunteer.report_cadence)
    return [
        Period(start, end, rules.due_on(end), filed.get(start), today)
        for start, end in reversed(periods)
    ]


def member_report_get_for(user, pk) -> MemberReport:
    report = (
        MemberReport.objects.select_related("volunteer__invitation", "volunteer__municipality")
        .filter(pk=pk)
        .first()
    )
    if report is None or not permissions.can_read_reports(user, report.volunteer):
        raise Http404
    return report


def members_missing_reports(volunteers: QuerySet[Volunteer], *, today=None) -> list[Volunteer]:
    """Serving members with an account whose last period that has fallen due has no report
    (for the municipality's to-do list; two queries)."""
    today = today or timezone.localdate()
    serving = list(
        volunteers.filter(status__in=SERVING_STATUSES, invitation__status="accepted")
        .order_by("term_end", "pk")
        .only("pk", "name", "term_start", "term_end", "report_cadence", "ended_on")
    )
    due_periods = {}
    for volunteer in serving:
        # The latest period whose due day has passed: the one before the current, or the
        # one before that while the grace days run.
        start, end = rules.period_of(today, volunteer.report_cadence)
        while rules.due_on(end) >= today:
            start, end = rules.period_of(start - dt.timedelta(days=1), volunteer.report_cadence)
        if end >= volunteer.term_start:
            due_periods[volunteer.pk] = start
    filed = set(
        MemberReport.objects.filter(volunteer_id__in=list(due_periods)).values_list(
            "volunteer_id", "period_start"
        )
    )
    return [v for v in serving if v.pk in due_periods and (v.pk, due_periods[v.pk]) not in filed]


def alumni_public() -> QuerySet[Volunteer]:
    """Former members who chose to be listed as OB/OG contacts. The page shows only what
    they chose to show (their chosen name, a few words) with the town and the years."""
    return (
        Volunteer.objects.filter(
            alumni_listed=True,
            status__in=ENDED_STATUSES,
            invitation__status="accepted",
        )
        .select_related("municipality__bureau")
        .order_by("municipality__bureau__order", "municipality_id", "pk")
    )
