"""The human-support pillar's figures for the regional view (people), and its panel on a
municipality's page there. Aggregated in the database: two GROUP BY queries."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.regional import PLACE_FILTERS, Measure

from ..models import ActivityReport, DispatchRequest, ReportStatus

GROUP = _("Dispatch and on-site support")
# The figures page filters by 年度, region and bureau: no link from a municipality (its
# figures are on the municipality's dispatch page).
FIGURES_FILTERS = ("fiscal_year", "region", "bureau")

MEASURES = [
    Measure(
        "dispatch.requests",
        "people",
        _("Support requests"),
        order=1,
        url_name="dispatch:request_list",
        url_filters=PLACE_FILTERS,
        group=GROUP,
    ),
    Measure(
        "dispatch.assigned",
        "people",
        _("Requests with people assigned"),
        order=2,
        url_name="dispatch:request_list",
        url_filters=PLACE_FILTERS,
        group=GROUP,
    ),
    Measure(
        "dispatch.sessions",
        "people",
        _("Support sessions (confirmed)"),
        order=3,
        url_name="dispatch:figures",
        url_filters=FIGURES_FILTERS,
        group=GROUP,
        chart=True,
        counter="回",
    ),
    Measure(
        "dispatch.days",
        "people",
        _("Days of support"),
        unit="days",
        order=4,
        group=GROUP,
        definition=_(
            "The number of different days with a support session whose activity report the "
            "municipality confirmed (two people on the same day count as one day)."
        ),
    ),
    Measure("dispatch.hours", "people", _("Hours of support"), unit="hours", order=5, group=GROUP),
    Measure(
        "dispatch.rating",
        "people",
        _("Average rating of the support (1–5)"),
        order=6,
        ratio_of=("dispatch.rating_sum", "dispatch.rating_count"),
        group=GROUP,
        definition=_(
            "The sum of the ratings (1 to 5) the municipalities gave in confirmed activity "
            "reports, divided by the number of reports that carry a rating."
        ),
    ),
    Measure("dispatch.rating_sum", "people", "", hidden=True),
    Measure("dispatch.rating_count", "people", "", hidden=True),
]


def provider(years, codes):
    """Rows (measure, 年度, municipality code, value). Requests count by their 年度 once
    submitted; sessions, days, hours and ratings only from reports the municipality has
    confirmed, by the 年度 of the session."""
    requests = (
        DispatchRequest.objects.filter(
            municipality_id__in=codes, fiscal_year__in=years, first_submitted_at__isnull=False
        )
        .values("municipality_id", "fiscal_year")
        .annotate(n=Count("pk"), assigned=Count("pk", filter=Q(assigned_at__isnull=False)))
        .order_by()
    )
    for row in requests:
        code, year = row["municipality_id"], row["fiscal_year"]
        yield "dispatch.requests", year, code, row["n"]
        yield "dispatch.assigned", year, code, row["assigned"]
    reports = (
        ActivityReport.objects.filter(
            status=ReportStatus.CONFIRMED,
            session__fiscal_year__in=years,
            session__cancelled_at__isnull=True,
            session__request__municipality_id__in=codes,
        )
        .values("session__request__municipality_id", "session__fiscal_year")
        .annotate(
            sessions=Count("session", distinct=True),
            days=Count("session__date", distinct=True),
            hours=Sum("hours"),
            rating_sum=Sum("rating"),
            rating_count=Count("rating"),
        )
        .order_by()
    )
    for row in reports:
        code, year = row["session__request__municipality_id"], row["session__fiscal_year"]
        yield "dispatch.sessions", year, code, row["sessions"]
        yield "dispatch.days", year, code, row["days"]
        yield "dispatch.hours", year, code, row["hours"] or 0
        yield "dispatch.rating_sum", year, code, row["rating_sum"] or 0
        yield "dispatch.rating_count", year, code, row["rating_count"]


def municipality_panel(user, municipality):
    """The municipality's latest support requests, and its dispatch page (figures and
    calendar), for whoever may see them."""
    from ..permissions import requests as permissions
    from ..selectors import requests as selectors

    if not permissions.can_view_municipality_dispatch(user, municipality):
        return None
    requests = (
        selectors.requests_visible_to(user)
        .filter(municipality=municipality)
        .order_by("-created_at", "-id")[:10]
    )
    items = [
        {
            "title": f"{r.reference or '—'} {r.title}（{r.get_status_display()}）",
            "url": reverse("dispatch:request_detail", args=[r.pk]),
        }
        for r in requests
    ]
    items.append(
        {
            "title": _("Days, sessions and hours of support, and the calendar"),
            "url": reverse("dispatch:municipality_detail", args=[municipality.code]),
        }
    )
    return {"title": _("Human support"), "items": items}
