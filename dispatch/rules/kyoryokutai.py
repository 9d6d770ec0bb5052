"""The periods of a 協力隊 member's activity reports: pure date arithmetic, tested at its
limits. A monthly report covers a calendar month; a quarterly one a quarter of the 年度
(April–June, July–September, October–December, January–March). A report is due
``REPORT_GRACE_DAYS`` days after its period ends; filed after that day, it is late."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHLY = "monthly"
QUARTERLY = "quarterly"
REPORT_GRACE_DAYS = 10
# The member says what comes next from this many days before the term ends.
INTENTION_OPENS_DAYS = 180


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(day: dt.date, cadence: str) -> tuple[dt.date, dt.date]:
    """The period holding ``day``: (first day, last day)."""
    if cadence == MONTHLY:
        return day.replace(day=1), _month_end(day.year, day.month)
    if cadence == QUARTERLY:
        # Quarters of the 年度: they start in April, July, October and January.
        first_month = ((day.month - 1) // 3) * 3 + 1
        end_month = first_month + 2
        return dt.date(day.year, first_month, 1), _month_end(day.year, end_month)
    raise ValueError(cadence)


def periods(term_start: dt.date, until: dt.date, cadence: str) -> list[tuple[dt.date, dt.date]]:
    """Every period from the one holding ``term_start`` to the one holding ``until``
    (both included); none when ``until`` is before the term."""
    if until < term_start:
        return []
    found = []
    start, end = period_of(term_start, cadence)
    while start <= until:
        found.append((start, end))
        start, end = period_of(end + dt.timedelta(days=1), cadence)
    return found


def due_on(period_end: dt.date) -> dt.date:
    return period_end + dt.timedelta(days=REPORT_GRACE_DAYS)


def is_late(filed_on: dt.date, period_end: dt.date) -> bool:
    return filed_on > due_on(period_end)


def intention_open(term_end: dt.date, today: dt.date) -> bool:
    """The member may say what comes next in the last INTENTION_OPENS_DAYS days of the term
    (and after it, until the municipality records where they settled)."""
    return today >= term_end - dt.timedelta(days=INTENTION_OPENS_DAYS)
