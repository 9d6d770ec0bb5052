"""The figures of the bureau and HQ dashboards, each read in one query from querysets the
scoped selectors produced: open requests by kind and status, days from request to
assignment, sessions per month, satisfaction."""

from __future__ import annotations

import datetime as dt
import statistics

from django.db.models import Count, QuerySet

from ..models import ActivityReport, CompletionReport, DispatchRequest, Kind, Session, Status
from ..models.requests import OPEN_STATUSES

# The months of a 年度, April to March.
FISCAL_MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)


def open_by_kind_and_status(requests: QuerySet[DispatchRequest]) -> dict:
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in requests.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("kind", "status")
        .annotate(n=Count("pk"))
    }
    statuses = [Status(s) for s in OPEN_STATUSES]
    rows = []
    for kind in Kind:
        cells = [counts.get((kind.value, s.value), 0) for s in statuses]
        rows.append({"kind": kind, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(statuses))]
    return {"statuses": statuses, "rows": rows, "totals": totals, "total": sum(totals)}


def days_to_assignment(requests: QuerySet[DispatchRequest]) -> list[dict]:
    """Per kind: how many requests got people, and the days from first submission to the
    first assignment (average, median, longest)."""
    by_kind: dict[str, list[float]] = {k.value: [] for k in Kind}
    rows = (
        requests.filter(assigned_at__isnull=False, first_submitted_at__isnull=False)
        .order_by()
        .values_list("kind", "first_submitted_at", "assigned_at")
    )
    for kind, submitted, assigned in rows:
        by_kind[kind].append((assigned - submitted) / dt.timedelta(days=1))
    result = []
    for kind in Kind:
        days = by_kind[kind.value]
        result.append(
            {
                "kind": kind,
                "count": len(days),
                "average": round(statistics.fmean(days), 1) if days else None,
                "median": round(statistics.median(days), 1) if days else None,
                "longest": round(max(days), 1) if days else None,
            }
        )
    return result


def sessions_per_month(sessions: QuerySet[Session], fiscal_year: int) -> list[dict]:
    counts: dict[tuple[int, int, str], int] = {}
    for date, mode in (
        sessions.filter(fiscal_year=fiscal_year, cancelled_at__isnull=True)
        .order_by()
        .values_list("date", "mode")
    ):
        key = (date.year, date.month, mode)
        counts[key] = counts.get(key, 0) + 1
    months = []
    for month in FISCAL_MONTHS:
        year = fiscal_year if month >= 4 else fiscal_year + 1
        visits = counts.get((year, month, "visit"), 0)
        online = counts.get((year, month, "online"), 0)
        months.append(
            {
                "month": dt.date(year, month, 1),
                "visits": visits,
                "online": online,
                "total": visits + online,
            }
        )
    return months


def satisfaction(reports: QuerySet[ActivityReport], completions: QuerySet[CompletionReport]):
    """Ratings (1–5) the municipalities gave: per confirmed report and per completion."""
    ratings = list(reports.filter(rating__isnull=False).order_by().values_list("rating", flat=True))
    overall = list(completions.order_by().values_list("rating", flat=True))
    distribution = [{"rating": r, "count": ratings.count(r)} for r in range(5, 0, -1)]
    return {
        "count": len(ratings),
        "average": round(statistics.fmean(ratings), 2) if ratings else None,
        "distribution": distribution,
        "completions": len(overall),
        "completion_average": round(statistics.fmean(overall), 2) if overall else None,
    }
