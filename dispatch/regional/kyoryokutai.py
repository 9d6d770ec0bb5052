"""協力隊 figures for the regional view (people): members active, members who left, and
how many of them stayed in Hokkaido (the settlement rate). One GROUP BY query with a
conditional count per measure and 年度 (definitions in figures/kyoryokutai.py)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.regional import PLACE_FILTERS, Measure

from ..figures.kyoryokutai import conditions
from ..models import Volunteer

GROUP = _("Community revitalisation volunteers (地域おこし協力隊)")

MEASURES = [
    Measure(
        "kyoryokutai.active",
        "people",
        _("協力隊 members active"),
        order=20,
        url_name="dispatch:kyoryokutai_volunteer_list",
        url_filters=PLACE_FILTERS,
        group=GROUP,
        chart=True,
        counter="人",
    ),
    Measure(
        "kyoryokutai.left",
        "people",
        _("協力隊 members whose term ended"),
        order=21,
        url_name="dispatch:kyoryokutai_figures",
        url_filters=("fiscal_year", "region", "bureau"),
        group=GROUP,
        counter="人",
    ),
    Measure(
        "kyoryokutai.settled",
        "people",
        _("of whom stayed in Hokkaido"),
        order=22,
        group=GROUP,
        counter="人",
    ),
    Measure(
        "kyoryokutai.settlement_rate",
        "people",
        _("Settlement rate of 協力隊 members (%)"),
        unit="percent",
        order=23,
        ratio_of=("kyoryokutai.settled_percent", "kyoryokutai.known"),
        group=GROUP,
        definition=_(
            "Of the members whose term ended in the fiscal year (completed or left early) and "
            "whose destination is known, the share who still live in Hokkaido, in the same "
            "municipality, a neighbouring one (近隣市町村, as the national survey counts it) or "
            "another one. Members whose destination is not recorded are left out of both "
            "numbers."
        ),
    ),
    Measure("kyoryokutai.settled_percent", "people", "", hidden=True),
    Measure("kyoryokutai.known", "people", "", hidden=True),
]


def provider(years, codes):
    """Rows (measure, 年度, municipality code, value) for ``years``."""
    annotations = {}
    for year in years:
        q = conditions(year)
        annotations[f"active_{year}"] = Count("pk", filter=q["active"])
        annotations[f"left_{year}"] = Count("pk", filter=q["left"])
        annotations[f"same_{year}"] = Count("pk", filter=q["same"])
        annotations[f"nearby_{year}"] = Count("pk", filter=q["nearby"])
        annotations[f"hokkaido_{year}"] = Count("pk", filter=q["hokkaido"])
        annotations[f"known_{year}"] = Count("pk", filter=q["known"])
    if not annotations:
        return
    rows = (
        Volunteer.objects.filter(municipality_id__in=codes)
        .order_by()
        .values("municipality_id")
        .annotate(**annotations)
    )
    for row in rows:
        code = row["municipality_id"]
        for year in years:
            settled = row[f"same_{year}"] + row[f"nearby_{year}"] + row[f"hokkaido_{year}"]
            yield "kyoryokutai.active", year, code, row[f"active_{year}"]
            yield "kyoryokutai.left", year, code, row[f"left_{year}"]
            yield "kyoryokutai.settled", year, code, settled
            yield "kyoryokutai.settled_percent", year, code, 100 * settled
            yield "kyoryokutai.known", year, code, row[f"known_{year}"]
