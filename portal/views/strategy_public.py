"""Public pages and open data of strategies (#21 points 1, 2 and 5): /strategies/, one
page per published strategy, and every published strategy's measures and KPIs with their
figures per 年度 as CSV and JSON under CC BY 4.0. Cached like the other public pages
(``portal.pagecache``); the services invalidate on publishing and on every change of a
published strategy."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from ..exports import LICENCE_LINK, OPEN_DATA_LICENCE, absolute_url, csv_response
from ..pagecache import public_page
from ..selectors import strategy as selectors

CSV_HEADER = (
    "戦略ID",
    "種別",
    "連携地域",
    "市町村コード",
    "市町村",
    "戦略名",
    "計画期間（初年度）",
    "計画期間（最終年度）",
    "基本目標",
    "数値目標",
    "施策",
    "KPI",
    "単位",
    "基準値",
    "基準年度",
    "出典",
    "年度",
    "目標値",
    "実績値",
    "実績の出典・根拠",
    "URL",
    "ライセンス",
)
LICENCE_TEXT = f"{OPEN_DATA_LICENCE['name']} {OPEN_DATA_LICENCE['url']}"


@require_GET
@public_page()
def strategy_index(request):
    return render(request, "portal/strategy/public_index.html", selectors.strategies_public_index())


@require_GET
@public_page()
def strategy_public(request, pk):
    strategy = selectors.strategy_get_public(pk)
    return render(
        request,
        "portal/strategy/public_detail.html",
        {"strategy": strategy, "tree": selectors.strategy_tree(strategy)},
    )


@require_GET
def strategy_of_region(request, code):
    """Each region's public address (/strategies/regions/doo/): its current policy, the
    latest published. 404 until one is published."""
    strategies = selectors.published_for_region_code(code)
    if not strategies:
        raise Http404
    return redirect(strategies[0].get_public_url())


@require_GET
def strategy_of_municipality(request, code):
    """Each municipality's address (/strategies/municipalities/011002/): its latest
    published 総合戦略."""
    strategies = selectors.published_for_municipality(code)
    if not strategies:
        raise Http404
    return redirect(strategies[0].get_public_url())


def _owner(strategy) -> tuple[str, str, str]:
    if strategy.region_id:
        return strategy.region.name, "", ""
    return "", strategy.municipality.code, strategy.municipality.name


def _csv_rows():
    """One row per KPI and 年度 (a KPI without figures: one row with the year empty; a
    measure without KPIs: one row with the KPI empty)."""
    for strategy, tree in selectors.open_data_strategies():
        region, code, municipality = _owner(strategy)
        head = [
            strategy.pk,
            strategy.get_kind_display(),
            region,
            code,
            municipality,
            strategy.title,
            strategy.start_year,
            strategy.end_year,
        ]
        url = absolute_url(strategy.get_public_url())
        for node in tree:
            goal = [node.goal.title, node.goal.numerical_target] if node.goal else ["", ""]
            for measure_node in node.measures:
                measure = measure_node.measure.title
                if not measure_node.kpis:
                    yield [*head, *goal, measure, *[""] * 9, url, LICENCE_TEXT]
                for kpi_node in measure_node.kpis:
                    kpi = kpi_node.kpi
                    kpi_cells = [
                        kpi.name,
                        kpi.unit,
                        _plain(kpi.baseline_value),
                        kpi.baseline_year,
                        kpi.source,
                    ]
                    for row in kpi_node.years:
                        yield [
                            *head,
                            *goal,
                            measure,
                            *kpi_cells,
                            row.fiscal_year,
                            _plain(row.target),
                            _plain(row.result),
                            row.note,
                            url,
                            LICENCE_TEXT,
                        ]


@require_GET
def strategy_csv(request):
    with translation.override("ja"):  # open data in one language, whoever downloads it
        rows = list(_csv_rows())
    response = csv_response(
        "strategies_kpis.csv",
        CSV_HEADER,
        rows,
        download_name="総合戦略・政策展開方針_KPI.csv",
    )
    response["Link"] = LICENCE_LINK
    return response


def _plain(value):
    """1200.000 as 1200 and 12.500 as 12.5: the figure as people wrote it, still a number."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def _number(value):
    return None if value is None else str(_plain(value))


def _json_strategy(strategy, tree) -> dict:
    region, code, municipality = _owner(strategy)
    return {
        "id": strategy.pk,
        "kind": strategy.kind,
        "kind_label": str(strategy.get_kind_display()),
        "region": region or None,
        "municipality_code": code or None,
        "municipality": municipality or None,
        "title": strategy.title,
        "start_year": strategy.start_year,
        "end_year": strategy.end_year,
        "summary": strategy.summary,
        "web_page": strategy.url or None,
        "url": absolute_url(strategy.get_public_url()),
        "goals": [
            {
                "title": node.goal.title if node.goal else None,
                "numerical_target": node.goal.numerical_target if node.goal else None,
                "measures": [
                    {
                        "title": m.measure.title,
                        "description": m.measure.description,
                        "kpis": [
                            {
                                "name": k.kpi.name,
                                "unit": k.kpi.unit,
                                "baseline": _number(k.kpi.baseline_value),
                                "baseline_year": k.kpi.baseline_year,
                                "source": k.kpi.source,
                                "years": [
                                    {
                                        "fiscal_year": row.fiscal_year,
                                        "target": _number(row.target),
                                        "result": _number(row.result),
                                        "evidence": row.note,
                                    }
                                    for row in k.years
                                ],
                            }
                            for k in m.kpis
                        ],
                    }
                    for m in node.measures
                ],
            }
            for node in tree
        ],
    }


@require_GET
def strategy_json(request):
    """Figures are strings (exact decimals, as the CSV writes them), null where none."""
    with translation.override("ja"):
        strategies = [_json_strategy(s, tree) for s, tree in selectors.open_data_strategies()]
    data = {
        "licence": OPEN_DATA_LICENCE,
        "source": absolute_url(reverse("portal:strategy_index")),
        "generated_at": timezone.now().isoformat(),
        "count": len(strategies),
        "strategies": strategies,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Link"] = LICENCE_LINK
    return response
