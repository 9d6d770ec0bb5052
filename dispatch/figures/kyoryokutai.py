"""Figures of 地域おこし協力隊 per 年度, for HQ and the bureaus: members active, new
commissions, terms ending, members who left, and where they settled (定住率) by
municipality, bureau and collaboration region.

Definitions (shown on the page too):
- active in the 年度: activities started on or before 31 March and not ended before
  1 April;
- left in the 年度: term completed (任期満了) or left early (途中退任) on a day of the 年度;
- settlement rate (定住率): of those who left in the 年度 and whose destination is known,
  the share who still live in Hokkaido (the same municipality or another one); beside it
  the share who settled in the same or a neighbouring municipality (近隣市町村), which is
  what the national survey of 協力隊 settlement (総務省) counts as 定住.

One GROUP BY query by municipality (conditional counts); bureaus, regions and the total
are sums of those rows, so the figures cost the same however many members there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from portal.models import Bureau, Municipality

from ..models import Destination, Volunteer, VolunteerStatus
from ..models.volunteers import ENDED_STATUSES

COUNTS = (
    "active",
    "commissioned",
    "terms_ending",
    "left",
    "resigned",
    "known",
    "same",
    "nearby",
    "hokkaido",
    "left_hokkaido",
    "unknown",
    "business",
    "job",
)


KNOWN_DESTINATIONS = [
    Destination.SAME,
    Destination.NEARBY,
    Destination.HOKKAIDO,
    Destination.LEFT,
]


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def conditions(year: int) -> dict[str, Q]:
    start, end = fiscal_year_bounds(year)
    active = Q(started_on__isnull=False, started_on__lte=end) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    left = Q(status__in=ENDED_STATUSES, ended_on__gte=start, ended_on__lte=end)
    destination = "settlement__destination"
    return {
        "active": active,
        "commissioned": Q(commissioned_on__gte=start, commissioned_on__lte=end),
        "terms_ending": Q(
            status__in=[
                VolunteerStatus.COMMISSIONED,
                VolunteerStatus.ACTIVE,
                VolunteerStatus.COMPLETED,
            ],
            term_end__gte=start,
            term_end__lte=end,
        ),
        "left": left,
        "resigned": left & Q(status=VolunteerStatus.RESIGNED),
        "known": left & Q(**{f"{destination}__in": KNOWN_DESTINATIONS}),
        "same": left & Q(**{destination: Destination.SAME}),
        "nearby": left & Q(**{destination: Destination.NEARBY}),
        "hokkaido": left & Q(**{destination: Destination.HOKKAIDO}),
        "left_hokkaido": left & Q(**{destination: Destination.LEFT}),
        "unknown": left & (Q(settlement__isnull=True) | Q(**{destination: Destination.UNKNOWN})),
        "business": left & Q(settlement__started_business=True),
        "job": left & Q(settlement__took_job=True),
    }


@dataclass
class Row:
    """The figures of one place (a municipality, bureau, region or all Hokkaido)."""

    key: str
    label: str
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))

    def add(self, counts: dict) -> None:
        for name in COUNTS:
            self.counts[name] += counts.get(name, 0) or 0

    @property
    def settled(self) -> int:
        """Still in Hokkaido: the same, a neighbouring or another municipality."""
        return self.counts["same"] + self.counts["nearby"] + self.counts["hokkaido"]

    def _rate(self, numerator: int) -> float | None:
        known = self.counts["known"]
        return round(100 * numerator / known, 1) if known else None

    @property
    def settlement_rate(self) -> float | None:
        """Stayed in Hokkaido, in % of those who left with a known destination."""
        return self._rate(self.settled)

    @property
    def same_rate(self) -> float | None:
        return self._rate(self.counts["same"])

    @property
    def local_rate(self) -> float | None:
        """Settled in the same or a neighbouring municipality: the national survey's 定住."""
        return self._rate(self.counts["same"] + self.counts["nearby"])


@dataclass
class Table:
    year: int
    municipalities: list[Row]
    bureaus: list[Row]
    regions: list[Row]
    total: Row


def by_municipality(volunteers: QuerySet[Volunteer], year: int) -> dict[str, dict]:
    """{municipality code: counts (with the bureau id)} for the volunteers given (already
    scoped): one GROUP BY query."""
    annotations = {name: Count("pk", filter=q) for name, q in conditions(year).items()}
    rows = volunteers.order_by().values("municipality_id", "bureau_id").annotate(**annotations)
    found: dict[str, dict] = {}
    for row in rows:
        code = row.pop("municipality_id")
        if code in found:  # a municipality moved to another bureau: add up
            for name in COUNTS:
                found[code][name] += row[name]
        else:
            found[code] = row
    return found


def figures(volunteers: QuerySet[Volunteer], year: int, *, municipalities=None) -> Table:
    """Rows by municipality (those given, else those with members), bureau, region and
    all Hokkaido. Three queries: the counts, the municipalities, the bureaus."""
    counts = by_municipality(volunteers, year)
    if municipalities is None:
        municipalities = Municipality.objects.filter(code__in=list(counts))
    rows = []
    for municipality in municipalities.order_by("bureau__order", "code"):
        row = Row(municipality.code, municipality.display_name)
        row.add(counts.get(municipality.code, {}))
        rows.append(row)
    bureaus = list(Bureau.objects.select_related("region").order_by("order"))
    by_bureau = {b.pk: Row(b.code, b.display_name) for b in bureaus}
    by_region: dict[int, Row] = {}
    for bureau in bureaus:
        region = bureau.region
        by_region.setdefault(region.pk, Row(region.code, region.display_name))
    region_of = {b.pk: b.region_id for b in bureaus}
    total = Row("all", "")
    for values in counts.values():
        bureau_id = values["bureau_id"]
        if bureau_id not in by_bureau:
            continue
        by_bureau[bureau_id].add(values)
        by_region[region_of[bureau_id]].add(values)
        total.add(values)
    regions = sorted(
        {b.region_id: b.region for b in bureaus}.values(), key=lambda region: region.order
    )
    return Table(
        year,
        rows,
        [by_bureau[b.pk] for b in bureaus],
        [by_region[r.pk] for r in regions],
        total,
    )


def years_with_members() -> list[int]:
    """From the first term's 年度 to the current one (one query), newest first."""
    from portal.japanese import fiscal_year

    first = (
        Volunteer.objects.filter(term_start__isnull=False)
        .order_by("term_start")
        .values_list("term_start", flat=True)
        .first()
    )
    if first is None:
        return []
    return list(range(fiscal_year(), fiscal_year(first) - 1, -1))[:16]
