"""The regional view (V1): figures of the three pillars by municipality and 年度, summed up
to bureaus, collaboration regions and all Hokkaido.

Pillars register *measures* and a *provider* in their AppConfig.ready(); the kernel knows
nothing of grants, dispatch or casebook. A provider aggregates in the database (one or a few
GROUP BY queries, never a Python loop over rows) and returns rows
``(measure_key, fiscal_year, municipality_code, value)``; measures at bureau level (e.g. the
allocation) return ``(measure_key, fiscal_year, BureauKey(id), value)``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

PILLARS = ("money", "people", "information")
PILLAR_TITLES = {
    "money": gettext_lazy("Money (financial support)"),
    "people": gettext_lazy("People (human support)"),
    "information": gettext_lazy("Information (information support)"),
}
# The keys of a figure's context, in the order of a link's query string: the 年度 and the
# place (a region, a bureau or a municipality; none for all Hokkaido).
PLACE_FILTERS = ("fiscal_year", "region", "bureau", "municipality")


@dataclass(frozen=True)
class Measure:
    key: str
    pillar: str
    label: Any
    unit: str = "count"  # count | yen | hours | days | percent
    counter: str = "件"  # what a count counts, as the annual report's captions state its unit
    order: int = 0
    # The list behind the figure. The figure of a place and 年度 links to the list only if
    # the list filters by each of them: ``url_filters`` names the keys of the context
    # (PLACE_FILTERS) the list honours; ``url_params`` maps the context to its query
    # parameters where they differ (a renamed key, a fixed status or theme).
    url_name: str = ""
    url_params: Callable[[dict], dict] | None = None
    url_filters: tuple[str, ...] = ()
    # What a derived figure is (numerator and denominator), shown beside the tables.
    definition: Any = ""
    # A sub-heading inside the pillar: tables by municipality come one per group.
    group: Any = ""
    # A split of another figure (by status, by theme): in the tables of a few places and
    # on a place's own page, not in the tables of every municipality.
    breakdown: bool = False
    # A measure computed from two others (e.g. average days to answer = sum / count).
    ratio_of: tuple[str, str] | None = None
    hidden: bool = False  # an ingredient of a ratio, not shown by itself
    chart: bool = False  # shown as a bar chart by municipality on bureau pages


@dataclass(frozen=True)
class BureauKey:
    bureau_id: int


_measures: dict[str, Measure] = {}
_providers: list[Callable[[list[int], list[str] | None], Iterable[tuple]]] = []


def register(measures: Iterable[Measure], provider) -> None:
    for measure in measures:
        if measure.pillar not in PILLARS:
            raise ValueError(f"unknown pillar {measure.pillar!r}")
        _measures[measure.key] = measure
    if provider not in _providers:
        _providers.append(provider)


def measures(*, include_hidden: bool = False) -> list[Measure]:
    found = [m for m in _measures.values() if include_hidden or not m.hidden]
    return sorted(found, key=lambda m: (PILLARS.index(m.pillar), m.order, m.key))


def fiscal_year_of(field_name: str):
    """SQL for the 年度 (April–March, Asia/Tokyo) of a date/datetime field."""
    return ExtractYear(field_name) - Case(
        When(**{f"{field_name}__month__lt": 4}, then=1), default=0, output_field=IntegerField()
    )


def fiscal_year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The 年度 ``year`` as [start, end) instants in Asia/Tokyo, for a list filtering a
    date-time field by 年度 with a range an index can serve (``fiscal_year_of`` counts)."""
    zone = timezone.get_default_timezone()
    return dt.datetime(year, 4, 1, tzinfo=zone), dt.datetime(year + 1, 4, 1, tzinfo=zone)


@dataclass
class Figures:
    """Values by measure for one place (municipality, bureau, region, all) and year."""

    values: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, key: str, value) -> None:
        self.values[key] += float(value or 0)

    def get(self, measure: Measure):
        if measure.ratio_of:
            numerator, denominator = measure.ratio_of
            bottom = self.values.get(denominator, 0)
            return round(self.values.get(numerator, 0) / bottom, 1) if bottom else None
        value = self.values.get(measure.key, 0)
        return int(value) if float(value).is_integer() else round(value, 1)


@dataclass
class Table:
    """Figures for every municipality, bureau, region and all Hokkaido, for some years."""

    municipality: dict[tuple[str, int], Figures]
    bureau: dict[tuple[int, int], Figures]
    region: dict[tuple[int, int], Figures]
    total: dict[int, Figures]

    def for_municipality(self, code: str, year: int) -> Figures:
        return self.municipality.get((code, year)) or Figures()

    def for_bureau(self, bureau_id: int, year: int) -> Figures:
        return self.bureau.get((bureau_id, year)) or Figures()

    def for_region(self, region_id: int, year: int) -> Figures:
        return self.region.get((region_id, year)) or Figures()

    def for_all(self, year: int) -> Figures:
        return self.total.get(year) or Figures()


def compute(years: list[int], municipalities) -> Table:
    """Run every provider for ``years`` over ``municipalities`` (a queryset or list with
    ``code``, ``bureau_id`` and ``bureau.region_id``) and sum up the levels."""
    municipalities = list(municipalities)
    place = {m.code: (m.bureau_id, m.bureau.region_id) for m in municipalities}
    bureau_region = dict(place.values())
    codes = list(place)
    by_municipality: dict[tuple[str, int], Figures] = defaultdict(Figures)
    by_bureau: dict[tuple[int, int], Figures] = defaultdict(Figures)
    by_region: dict[tuple[int, int], Figures] = defaultdict(Figures)
    total: dict[int, Figures] = defaultdict(Figures)
    for provider in _providers:
        for key, year, where, value in provider(years, codes):
            if isinstance(where, BureauKey):
                region_id = bureau_region.get(where.bureau_id)
                if region_id is None:
                    continue
                bureau_id = where.bureau_id
            else:
                if where not in place:
                    continue
                by_municipality[(where, year)].add(key, value)
                bureau_id, region_id = place[where]
            by_bureau[(bureau_id, year)].add(key, value)
            by_region[(region_id, year)].add(key, value)
            total[year].add(key, value)
    return Table(by_municipality, by_bureau, by_region, total)
