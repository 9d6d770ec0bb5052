"""効果検証 (#21 point 4): for a region or a municipality and a 年度, each measure's KPIs
against that 年度's target, and what served the measure that year (grants decided,
dispatch requests, case studies …) as the pillars report it through
``registry.measure_contributions``. A fixed number of queries whatever the size.

Scope: HQ sees every region and municipality; a bureau officer the bureau's region and
the bureau's municipalities; municipal staff their own municipality. Anything else is 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse

from .. import registry
from ..japanese import fiscal_year as current_fiscal_year
from ..models import (
    Kpi,
    KpiYear,
    Municipality,
    Region,
    Role,
    Strategy,
    StrategyKind,
    StrategyMeasure,
)
from ..models.strategy import FIRST_YEAR, LAST_YEAR

KINDS = ("money", "people", "information")


def achievement(target, result) -> Decimal | None:
    """Result ÷ target × 100, to one decimal (half up). None without a target, with a zero
    target or without a result: no rate is made up."""
    if target is None or result is None or target == 0:
        return None
    return (Decimal(result) * 100 / Decimal(target)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass
class KpiProgress:
    kpi: Kpi
    target: Decimal | None
    result: Decimal | None
    note: str
    rate: Decimal | None

    @property
    def reached(self) -> bool:
        return self.rate is not None and self.rate >= 100


@dataclass
class MeasureProgress:
    measure: object
    kpis: list[KpiProgress] = field(default_factory=list)
    contributions: list = field(default_factory=list)

    def total(self, kind: str, attr: str = "count") -> int:
        return sum(getattr(c, attr) or 0 for c in self.contributions if c.kind == kind)

    @property
    def money(self) -> int:
        return self.total("money", "amount")

    @property
    def money_count(self) -> int:
        return self.total("money")

    @property
    def people(self) -> int:
        return self.total("people")

    @property
    def information(self) -> int:
        return self.total("information")


@dataclass
class StrategyProgress:
    strategy: Strategy
    measures: list[MeasureProgress] = field(default_factory=list)


@dataclass
class Progress:
    fiscal_year: int
    strategies: list[StrategyProgress]

    @property
    def measures(self) -> list[MeasureProgress]:
        return [m for s in self.strategies for m in s.measures]

    @property
    def totals(self) -> dict:
        measures = self.measures
        return {
            "money": sum(m.money for m in measures),
            "money_count": sum(m.money_count for m in measures),
            "people": sum(m.people for m in measures),
            "information": sum(m.information for m in measures),
        }


def fiscal_year_of(raw) -> int:
    """The 年度 asked for in the query string, or the current one when missing or odd."""
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):
        return current_fiscal_year()
    return year if FIRST_YEAR <= year <= LAST_YEAR else current_fiscal_year()


def region_for(user, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or user is None or not user.is_authenticated or not user.is_active:
        raise Http404
    if user.is_superuser or user.role == Role.HQ:
        return region
    if user.role == Role.BUREAU and user.bureau and user.bureau.region_id == region.pk:
        return region
    raise Http404


def municipality_for(user, code: str) -> Municipality:
    municipality = Municipality.objects.select_related("bureau__region").filter(code=code).first()
    if municipality is None or user is None or not user.is_authenticated or not user.is_active:
        raise Http404
    if user.is_superuser or user.role == Role.HQ:
        return municipality
    if user.role == Role.BUREAU and user.bureau_id == municipality.bureau_id:
        return municipality
    if user.role == Role.MUNICIPAL and user.municipality_id == municipality.pk:
        return municipality
    raise Http404


def region_progress(region: Region, fiscal_year: int) -> Progress:
    """The region's own policy in full (its measures, KPIs and contributions)."""
    return _progress(Q(kind=StrategyKind.REGIONAL, region=region), fiscal_year)


def _covering(fiscal_year: int) -> Q:
    return Q(start_year__lte=fiscal_year, end_year__gte=fiscal_year)


def municipality_progress(municipality: Municipality, fiscal_year: int) -> Progress:
    owners = Q(kind=StrategyKind.MUNICIPAL, municipality=municipality) | Q(
        kind=StrategyKind.REGIONAL, region_id=municipality.bureau.region_id
    )
    return _progress(owners, fiscal_year)


def _progress(owners: Q, fiscal_year: int) -> Progress:
    """Strategies whose period covers the 年度, each with its measures, KPIs and that 年度's
    figures: four queries, then one per registered pillar."""
    strategies = list(
        Strategy.objects.filter(owners, _covering(fiscal_year))
        .select_related("region", "municipality")
        .order_by("kind", "region__order", "municipality_id", "-start_year")
        .prefetch_related(
            "measures__goal",
            Prefetch(
                "kpis",
                queryset=Kpi.objects.prefetch_related(
                    Prefetch("years", queryset=KpiYear.objects.filter(fiscal_year=fiscal_year))
                ),
            ),
        )
    )
    nodes: dict[int, MeasureProgress] = {}
    result = []
    for strategy in strategies:
        node = StrategyProgress(strategy)
        for measure in sorted(
            strategy.measures.all(),
            key=lambda m: (m.goal.order if m.goal else 0, m.goal_id or 0, m.order, m.pk),
        ):
            nodes[measure.pk] = MeasureProgress(measure)
            node.measures.append(nodes[measure.pk])
        for kpi in strategy.kpis.all():
            year = next(iter(kpi.years.all()), None)
            target = year.target if year else None
            value = year.result if year else None
            nodes[kpi.measure_id].kpis.append(
                KpiProgress(
                    kpi, target, value, year.note if year else "", achievement(target, value)
                )
            )
        result.append(node)
    for contribution in registry.measure_contributions(set(nodes), fiscal_year):
        if contribution.measure_id in nodes:
            nodes[contribution.measure_id].contributions.append(contribution)
    return Progress(fiscal_year, result)


@dataclass
class StrategyRow:
    """One strategy in a line of the annual report's chapter."""

    owner: str
    title: str
    measures: int
    kpis_with_rate: int
    kpis_reached: int
    money: int
    people: int
    information: int
    money_count: int = 0


def strategy_rows(progress: Progress) -> list[StrategyRow]:
    rows = []
    for node in progress.strategies:
        kpis = [k for m in node.measures for k in m.kpis if k.rate is not None]
        rows.append(
            StrategyRow(
                owner=node.strategy.owner_name,
                title=node.strategy.title,
                measures=len(node.measures),
                kpis_with_rate=len(kpis),
                kpis_reached=sum(1 for k in kpis if k.reached),
                money=sum(m.money for m in node.measures),
                people=sum(m.people for m in node.measures),
                information=sum(m.information for m in node.measures),
                money_count=sum(m.money_count for m in node.measures),
            )
        )
    return rows


@dataclass
class MunicipalRow:
    """A municipal strategy on its region's page: the figures of its row and where to read
    it in full."""

    strategy: Strategy
    row: StrategyRow
    url: str


def municipal_rows(region: Region, fiscal_year: int) -> list[MunicipalRow]:
    """One row per municipal strategy of the region covering the 年度, counted without
    reading each strategy in full (a region has up to ~60 strategies and ~700 KPIs): the
    strategies with their number of measures, that 年度's KPI figures as bare pairs, the
    measures' strategies, then one query per registered pillar — the same figures as
    ``strategy_rows`` of a full ``Progress`` (the tests hold the two together)."""
    strategies = list(
        Strategy.objects.filter(
            _covering(fiscal_year),
            kind=StrategyKind.MUNICIPAL,
            municipality__bureau__region=region,
        )
        .select_related("municipality")
        .annotate(measure_count=Count("measures"))
        .order_by("municipality_id", "-start_year")
    )
    ids = [strategy.pk for strategy in strategies]
    rates: dict[int, list[Decimal]] = defaultdict(list)
    for strategy_id, target, result in KpiYear.objects.filter(
        kpi__strategy_id__in=ids, fiscal_year=fiscal_year
    ).values_list("kpi__strategy_id", "target", "result"):
        rate = achievement(target, result)
        if rate is not None:
            rates[strategy_id].append(rate)
    strategy_of = dict(
        StrategyMeasure.objects.filter(strategy_id__in=ids).values_list("pk", "strategy_id")
    )
    totals: dict[int, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys((*_FIGURES, "money_count"), 0)
    )
    for contribution in registry.measure_contributions(set(strategy_of), fiscal_year):
        strategy_id = strategy_of.get(contribution.measure_id)
        if strategy_id is None:
            continue
        figure = totals[strategy_id]
        if contribution.kind == "money":
            figure["money"] += contribution.amount or 0
            figure["money_count"] += contribution.count or 0
        elif contribution.kind in _FIGURES:
            figure[contribution.kind] += contribution.count or 0
    rows = []
    for strategy in strategies:
        figure = totals[strategy.pk]
        row = StrategyRow(
            owner=strategy.owner_name,
            title=strategy.title,
            measures=strategy.measure_count,
            kpis_with_rate=len(rates[strategy.pk]),
            kpis_reached=sum(1 for rate in rates[strategy.pk] if rate >= 100),
            money=figure["money"],
            people=figure["people"],
            information=figure["information"],
            money_count=figure["money_count"],
        )
        link = reverse("portal:strategy_municipality_progress", args=[strategy.municipality.code])
        rows.append(MunicipalRow(strategy, row, f"{link}?fiscal_year={fiscal_year}"))
    return rows


_FIGURES = ("money", "people", "information")


def totals_with(progress: Progress, rows: list[MunicipalRow]) -> dict:
    """A region's totals: its own measures' and its municipal strategies' rows."""
    totals = progress.totals
    for summary in rows:
        for key in totals:
            totals[key] += getattr(summary.row, key)
    return totals
