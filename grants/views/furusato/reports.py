"""HQ's view of ほっかいどう応援団会議 and the seminars: the pipeline of projects and interest
(a bureau sees its own municipalities'), the matching report with its CSV, and the
statistics page (HQ only)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.charts import Bar, fluid_bar_chart_svg
from portal.japanese import nendo, nendo_short
from portal.permissions import is_hq

from ...exports.furusato import matches_csv_response
from ...filters.furusato import MatchFilter, PipelineFilter, chosen_year, recent_years
from ...permissions import applications as permissions
from ...selectors.furusato import (
    furusato_statistics,
    interest_counts,
    matches_in_year,
    matching_report,
    pipeline_projects_visible_to,
)
from ..public import PAGE_SIZE, query_without_page


def bureau_label(bureau) -> str:
    """A bureau's name short enough for a chart's label column: 石狩 / Ishikari."""
    if (get_language() or "ja").startswith("en"):
        for suffix in (" General Subprefectural Bureau", " Subprefectural Bureau"):
            if bureau.name_en.endswith(suffix):
                return bureau.name_en.removesuffix(suffix)
        return bureau.name_en
    return bureau.short_name


def pipeline_staff_only(view):
    """HQ and bureau officers; anyone else signed in gets 404 (no existence leak)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_view_matching_pipeline(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@pipeline_staff_only
@require_GET
def pipeline(request):
    user = request.user
    filterset = PipelineFilter(
        request.GET,
        queryset=pipeline_projects_visible_to(user).order_by("-published_at", "-pk"),
        hq=is_hq(user),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = interest_counts(page)
    return render(
        request,
        "grants/furusato/pipeline.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(project, counts.get(project.pk, {})) for project in page],
            "query": query_without_page(request),
            "is_hq": is_hq(user),
        },
    )


def _matches(request):
    return MatchFilter(
        request.GET,
        queryset=matches_in_year(request.user, chosen_year(request.GET)).order_by(
            "responded_at", "pk"
        ),
    )


@pipeline_staff_only
@require_GET
def report(request):
    user = request.user
    filterset = _matches(request)
    year = filterset.year
    summary = matching_report(user, year)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    chart = None
    if summary["totals"]["matches"]:
        chart = fluid_bar_chart_svg(
            chart_id="matches-by-bureau",
            title=_("Matches made by bureau, %(year)s") % {"year": nendo(year)},
            description=_(
                "Horizontal bars, one for each bureau, in the order of the table below, which "
                "gives the same figures."
            ),
            bars=[
                Bar(bureau_label(row["bureau"]), row["matches"], str(row["matches"]))
                for row in summary["bureaus"]
            ],
        )
    return render(
        request,
        "grants/furusato/report.html",
        {
            "filter": filterset,
            "year": year,
            "summary": summary,
            "chart": chart,
            "page": page,
            "query": query_without_page(request),
            "is_hq": is_hq(user),
        },
    )


@pipeline_staff_only
@require_GET
def report_csv(request):
    filterset = _matches(request)
    matches = filterset.qs.select_related(
        "project__municipality__bureau", "project__theme", "company"
    )
    return matches_csv_response(
        matches, filename=f"furusato-matches-{nendo_short(filterset.year)}.csv"
    )


@login_required
@require_GET
def statistics(request):
    """Seminars held, attendance and matches made, per bureau and 年度, with charts."""
    if not permissions.can_view_furusato_statistics(request.user):
        raise Http404
    year = chosen_year(request.GET)
    stats = furusato_statistics(year)
    rows = stats["rows"]
    charts = []
    if stats["totals"]["attended"]:
        charts.append(
            fluid_bar_chart_svg(
                chart_id="attendance-by-bureau",
                title=_("Seminar attendance by organiser, %(year)s") % {"year": nendo(year)},
                description=_(
                    "Horizontal bars, one for each bureau and HQ, in the order of the table "
                    "below, which gives the same figures."
                ),
                bars=[
                    Bar(
                        bureau_label(row["bureau"]) if row["bureau"] else _("Headquarters"),
                        row["attended"],
                        str(row["attended"]),
                    )
                    for row in [*rows, stats["hq"]]
                ],
            )
        )
    if stats["totals"]["matches"]:
        charts.append(
            fluid_bar_chart_svg(
                chart_id="statistics-matches-by-bureau",
                title=_("Matches made by bureau, %(year)s") % {"year": nendo(year)},
                description=_(
                    "Horizontal bars, one for each bureau, in the order of the table below, "
                    "which gives the same figures."
                ),
                bars=[
                    Bar(bureau_label(row["bureau"]), row["matches"], str(row["matches"]))
                    for row in rows
                ],
            )
        )
    return render(
        request,
        "grants/furusato/statistics.html",
        {
            "year": year,
            "years": recent_years(),
            "stats": stats,
            "charts": charts,
        },
    )
