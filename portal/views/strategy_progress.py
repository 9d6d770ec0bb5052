"""効果検証 pages (#21 point 4): a region's or a municipality's measures for a 年度, their
KPIs against the target and what served them. Bureau/HQ and the municipality's staff, in
scope; anything else is 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..charts import Bar, fluid_bar_chart_svg
from ..japanese import nendo, yen
from ..models.strategy import FIRST_YEAR
from ..selectors import strategy_progress as selectors


def _chart(progress, owner: str, summaries=None):
    """Grants decided per measure; on a region's page, per municipal strategy, with the
    region's own measures beside them."""
    if summaries:
        bars = [Bar(s.row.owner, s.row.money, yen(s.row.money)) for s in summaries if s.row.money]
        measures = progress.measures
        title = _("Grants decided by municipality and regional measure")
    else:
        bars, measures = [], progress.measures
        title = _("Grants decided by measure")
    bars += [
        Bar(m.measure.title, m.money, yen(m.money))
        for m in measures
        if m.money or m.people or m.information
    ]
    if not bars:
        return None
    return fluid_bar_chart_svg(
        chart_id="measure-money",
        title=title,
        description=_("%(owner)s, %(year)s: the amount of grants decided for each measure.")
        % {"owner": owner, "year": nendo(progress.fiscal_year)},
        bars=bars,
    )


def _page(request, owner: str, progress, url: str, summaries=None):
    """``summaries``: on a region's page, one row per municipal strategy (each links to its
    municipality's page) instead of every municipality's measures in full — a region has up
    to ~60 strategies and ~700 KPI rows, too many to read and to render (README, bench)."""
    years = range(progress.fiscal_year + 1, max(FIRST_YEAR, progress.fiscal_year - 10) - 1, -1)
    return render(
        request,
        "portal/strategy/progress.html",
        {
            "owner": owner,
            "progress": progress,
            "chart": _chart(progress, owner, summaries),
            "years": years,
            "url": url,
            "summaries": summaries,
            "totals": selectors.totals_with(progress, summaries or []),
            "trail": [(reverse("portal:strategy_list"), _("Strategies"))],
        },
    )


@login_required
@require_http_methods(["GET"])
def region_progress(request, code):
    region = selectors.region_for(request.user, code)
    year = selectors.fiscal_year_of(request.GET.get("fiscal_year"))
    progress = selectors.region_progress(region, year)
    url = reverse("portal:strategy_region_progress", args=[region.code])
    summaries = selectors.municipal_rows(region, year)
    return _page(request, region.display_name, progress, url, summaries)


@login_required
@require_http_methods(["GET"])
def municipality_progress(request, code):
    municipality = selectors.municipality_for(request.user, code)
    year = selectors.fiscal_year_of(request.GET.get("fiscal_year"))
    progress = selectors.municipality_progress(municipality, year)
    url = reverse("portal:strategy_municipality_progress", args=[municipality.code])
    return _page(request, municipality.display_name, progress, url)
