"""The yearly figures the prefecture needs: days, sessions, on-site visits and hours per
person and per municipality in a 年度.

The national special-allocation-tax rules for advisors (地域力創造アドバイザー) count, per
advisor and municipality and 年度, the days (of at least six hours), the visits and the
hours; so the figures are built from one row per confirmed activity report and grouped in
Python, which keeps them to a single query however many reports there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from ..models import ActivityReport, ReportStatus, SessionMode

# A day counts towards the national rule when at least this many hours were worked.
FULL_DAY_HOURS = Decimal(6)
# The national rule's thresholds per advisor and municipality and 年度.
RULE_DAYS = 10
RULE_VISITS = 5


@dataclass
class Figures:
    days: int = 0
    sessions: int = 0
    visits: int = 0
    hours: Decimal = Decimal(0)
    full_days: int = 0  # days with at least FULL_DAY_HOURS
    _dates: dict = field(default_factory=lambda: defaultdict(Decimal), repr=False)
    _sessions: set = field(default_factory=set, repr=False)
    _visits: set = field(default_factory=set, repr=False)

    def add(self, *, session_id, date, mode, hours) -> None:
        self._dates[date] += hours
        self._sessions.add(session_id)
        if mode == SessionMode.VISIT:
            self._visits.add(session_id)
        self.hours += hours

    def finish(self) -> Figures:
        self.days = len(self._dates)
        self.sessions = len(self._sessions)
        self.visits = len(self._visits)
        self.full_days = sum(1 for hours in self._dates.values() if hours >= FULL_DAY_HOURS)
        return self

    @property
    def meets_national_rule(self) -> bool:
        """At least ten days (of six hours) or five visits in the 年度."""
        return self.full_days >= RULE_DAYS or self.visits >= RULE_VISITS


COLUMNS = (
    "person_id",
    "session__request__municipality_id",
    "session_id",
    "session__date",
    "session__mode",
    "hours",
)
KEYS = {
    "person": lambda row: row[0],
    "municipality": lambda row: row[1],
    "pair": lambda row: (row[1], row[0]),
    "all": lambda row: None,
}


def confirmed_reports(fiscal_year: int) -> QuerySet[ActivityReport]:
    """Reports that count: confirmed by the municipality, of sessions held in the 年度."""
    return ActivityReport.objects.filter(
        status=ReportStatus.CONFIRMED,
        session__fiscal_year=fiscal_year,
        session__cancelled_at__isnull=True,
    )


def yearly_figures(reports: QuerySet[ActivityReport], *, by: str) -> dict:
    """Figures grouped ``by`` person, municipality, (municipality, person) pair, or all."""
    key_of = KEYS[by]
    groups: dict = defaultdict(Figures)
    for row in reports.order_by().values_list(*COLUMNS):
        _person, _municipality, session_id, date, mode, hours = row
        groups[key_of(row)].add(session_id=session_id, date=date, mode=mode, hours=hours)
    return {key: figures.finish() for key, figures in groups.items()}


def figures_for_reports(reports: Iterable[ActivityReport]) -> Figures:
    """The same figures from reports already in memory (with their sessions)."""
    figures = Figures()
    for report in reports:
        figures.add(
            session_id=report.session_id,
            date=report.session.date,
            mode=report.session.mode,
            hours=report.hours,
        )
    return figures.finish()
