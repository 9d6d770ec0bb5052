"""Reads of strategies (#21): the working lists in scope, a strategy's whole tree in a
fixed number of queries, the published ones for the public pages and the open data.

Scope: HQ sees every strategy; a bureau officer the 総合戦略 of the bureau's municipalities
and the regional policy of the bureau's 連携地域; municipal staff their municipality's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from ..models import (
    Bureau,
    Kpi,
    KpiYear,
    Role,
    Strategy,
    StrategyGoal,
    StrategyKind,
    StrategyMeasure,
    StrategyStatus,
    User,
)
from . import NOTHING, get_in_scope

# A municipality's 総合戦略 and its plans' measures (#22 point 2) are read by the same people.
MUNICIPALITY_KINDS = (StrategyKind.MUNICIPAL, StrategyKind.PLAN)


def _scope(user) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    if user.role == Role.BUREAU:
        region = Subquery(Bureau.objects.filter(pk=user.bureau_id).values("region_id")[:1])
        return Q(kind__in=MUNICIPALITY_KINDS, municipality__bureau_id=user.bureau_id) | Q(
            kind=StrategyKind.REGIONAL, region_id=region
        )
    if user.role == Role.MUNICIPAL:
        return Q(kind__in=MUNICIPALITY_KINDS, municipality_id=user.municipality_id)
    return NOTHING


def strategies_visible_to(user) -> QuerySet[Strategy]:
    return Strategy.objects.filter(_scope(user)).select_related(
        "region", "municipality__bureau__region"
    )


def strategy_get_for(user, pk) -> Strategy:
    return get_in_scope(strategies_visible_to(user), pk=pk)


def goal_of(strategy: Strategy, pk) -> StrategyGoal:
    return get_in_scope(StrategyGoal.objects.filter(strategy=strategy), pk=pk)


def measure_of(strategy: Strategy, pk) -> StrategyMeasure:
    return get_in_scope(
        StrategyMeasure.objects.filter(strategy=strategy).select_related("goal"), pk=pk
    )


def kpi_of(strategy: Strategy, pk) -> Kpi:
    return get_in_scope(
        Kpi.objects.filter(strategy=strategy).select_related("measure").prefetch_related("years"),
        pk=pk,
    )


# --- The tree -------------------------------------------------------------------------------


@dataclass
class YearRow:
    fiscal_year: int
    target: object = None
    result: object = None
    note: str = ""


@dataclass
class KpiNode:
    kpi: Kpi
    years: list[YearRow]


@dataclass
class MeasureNode:
    measure: StrategyMeasure
    kpis: list[KpiNode] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: StrategyGoal | None  # None: a regional policy's measures filed under no goal
    measures: list[MeasureNode] = field(default_factory=list)


def strategy_tree(strategy: Strategy) -> list[GoalNode]:
    """Goals in order, each with its measures and their KPIs, each KPI with one row per
    年度 of the period (empty where nothing was entered). Four queries, whatever the size."""
    goals = list(strategy.goals.all())
    measures = list(strategy.measures.all())
    kpis = list(strategy.kpis.prefetch_related("years"))
    return _assemble(strategy, goals, measures, kpis)


def _assemble(strategy, goals, measures, kpis) -> list[GoalNode]:
    by_measure: dict[int, list[KpiNode]] = {}
    for kpi in kpis:
        entered = {row.fiscal_year: row for row in kpi.years.all()}
        rows = []
        for year in strategy.years:
            row = entered.get(year)
            rows.append(YearRow(year, row.target, row.result, row.note) if row else YearRow(year))
        by_measure.setdefault(kpi.measure_id, []).append(KpiNode(kpi, rows))
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    loose = GoalNode(None)
    for measure in measures:
        node = MeasureNode(measure, by_measure.get(measure.pk, []))
        nodes.get(measure.goal_id, loose).measures.append(node)
    tree = list(nodes.values())
    if loose.measures:
        tree.append(loose)
    return tree


# --- Public ---------------------------------------------------------------------------------


def strategies_published() -> QuerySet[Strategy]:
    return Strategy.objects.filter(status=StrategyStatus.PUBLISHED).select_related(
        "region", "municipality__bureau"
    )


def strategy_get_public(pk) -> Strategy:
    return get_in_scope(strategies_published(), pk=pk)


def strategies_public_index() -> dict:
    """The /strategies/ index: each region's published policies, and the municipalities'
    published 総合戦略 by bureau. One query."""
    strategies = list(
        strategies_published().order_by(
            "kind", "region__order", "municipality__bureau__order", "municipality_id", "-start_year"
        )
    )
    regional = [s for s in strategies if s.kind == StrategyKind.REGIONAL]
    municipal = [s for s in strategies if s.kind == StrategyKind.MUNICIPAL]
    by_bureau: dict = {}
    for strategy in municipal:
        by_bureau.setdefault(strategy.municipality.bureau, []).append(strategy)
    return {"regional": regional, "municipal_by_bureau": list(by_bureau.items())}


def published_for_municipality(municipality_id) -> list[Strategy]:
    return list(
        strategies_published().filter(municipality_id=municipality_id).order_by("-start_year")
    )


def published_for_region_code(code: str) -> list[Strategy]:
    return list(strategies_published().filter(region__code=code).order_by("-start_year"))


def open_data_strategies() -> list[tuple[Strategy, list[GoalNode]]]:
    """Every published strategy with its tree, for the CSV and JSON: five queries in all."""
    strategies = list(strategies_published().order_by("kind", "region__order", "municipality_id"))
    ids = [s.pk for s in strategies]
    goals = StrategyGoal.objects.filter(strategy_id__in=ids)
    measures = StrategyMeasure.objects.filter(strategy_id__in=ids)
    kpis = Kpi.objects.filter(strategy_id__in=ids).prefetch_related(
        Prefetch("years", queryset=KpiYear.objects.order_by("fiscal_year"))
    )
    grouped: dict[int, tuple[list, list, list]] = {pk: ([], [], []) for pk in ids}
    for goal in goals:
        grouped[goal.strategy_id][0].append(goal)
    for measure in measures:
        grouped[measure.strategy_id][1].append(measure)
    for kpi in kpis:
        grouped[kpi.strategy_id][2].append(kpi)
    return [(s, _assemble(s, *grouped[s.pk])) for s in strategies]


# --- For advice (registered in apps.py) -----------------------------------------------------


def strategy_section_label(strategy: Strategy, section) -> str | None:
    """The name advice gives a section of ``strategy``; None if it is not one of its."""
    if isinstance(section, Strategy):
        return str(_("The whole strategy")) if section.pk == strategy.pk else None
    kinds = {StrategyGoal: _("Goal"), StrategyMeasure: _("Measure"), Kpi: "KPI"}
    kind = kinds.get(type(section))
    if kind is None or section.strategy_id != strategy.pk:
        return None
    return f"{kind}: {section}"


def strategy_keepers(strategy: Strategy) -> list:
    """Who keeps a 総合戦略: its municipality's active staff (told of advice)."""
    if strategy.municipality_id is None:
        return []
    return list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=strategy.municipality_id, is_active=True
        )
    )


# --- For the pillars (#21 point 3: tagging their objects with measures) -----------------------


def measures_serving(municipality) -> list[StrategyMeasure]:
    """The measures an object of ``municipality`` can serve: those of its own 総合戦略 and of
    its 連携地域's policies, drafts included (a grant application is often written before
    the strategy is published), latest period first. One query; each measure carries its
    strategy and goal."""
    return list(
        StrategyMeasure.objects.filter(
            Q(strategy__kind=StrategyKind.MUNICIPAL, strategy__municipality_id=municipality.pk)
            | Q(
                strategy__kind=StrategyKind.REGIONAL,
                strategy__region_id=municipality.bureau.region_id,
            )
        )
        .select_related("strategy", "goal")
        .order_by("strategy__kind", "-strategy__start_year", "goal__order", "order", "pk")
    )
