"""Builders for strategy tests: a 総合戦略 or a regional policy with one goal, measure and
KPI, made through the services as the pages make them."""

from decimal import Decimal

from portal.models import Region, StrategyKind
from portal.services import strategy as services


def region_of(user):
    return Region.objects.get(pk=user.bureau.region_id)


def build(
    actor,
    *,
    kind=StrategyKind.MUNICIPAL,
    title="第2期まち・ひと・しごと創生総合戦略",
    start=2025,
    end=2029,
    publish=False,
    region=None,
):
    strategy = services.strategy_create(
        actor=actor,
        kind=kind,
        data={"title": title, "start_year": start, "end_year": end, "summary": "", "url": ""},
        region=region,
    )
    goal = services.goal_save(
        strategy=strategy,
        actor=actor,
        data={"title": "しごとをつくる", "numerical_target": "雇用創出 200人"},
    )
    measure = services.measure_save(
        strategy=strategy,
        actor=actor,
        data={"goal": goal, "title": "企業誘致の推進", "description": ""},
    )
    kpi = services.kpi_save(
        strategy=strategy,
        actor=actor,
        measure=measure,
        data={
            "name": "誘致企業数",
            "unit": "社",
            "baseline_value": Decimal("3"),
            "baseline_year": 2023,
            "source": "町調べ",
        },
        years={start: {"target": Decimal("5"), "result": Decimal("4"), "note": "実績報告"}},
    )
    if publish:
        strategy = services.strategy_publish(strategy=strategy, actor=actor)
    return strategy, goal, measure, kpi
