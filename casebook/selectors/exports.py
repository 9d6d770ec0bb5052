"""The rows of the open-data exports, built from the same selectors as the list: two
queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from portal.exports import OPEN_DATA_LICENCE, absolute_url
from portal.japanese import nendo

from ..models import CaseStudy, Pillar, PopulationBand

EXPORT_COLUMNS = [
    "id",
    "url",
    "title",
    "summary",
    "municipality_code",
    "municipality",
    "bureau",
    "region",
    "themes",
    "fiscal_year",
    "fiscal_year_label",
    "pillar",
    "pillar_label",
    "population_band",
    "population_band_label",
    "budget_total",
    "published_at",
    "updated_at",
    "licence",
]

_FIELDS = (
    "pk",
    "title",
    "summary",
    "municipality_id",
    "municipality__name",
    "bureau__name",
    "region__name",
    "fiscal_year",
    "pillar",
    "population_band",
    "budget_total",
    "published_at",
    "content_updated_at",
)


# The licence of the open data, the portal's one (casebook pages and exports name it so).
LICENCE = OPEN_DATA_LICENCE
absolute = absolute_url


def export_rows(queryset: QuerySet[CaseStudy]) -> list[dict]:
    records = list(queryset.values_list(*_FIELDS))
    themes: dict[int, list[str]] = {}
    through = CaseStudy.themes.through.objects.filter(casestudy__in=queryset.values("pk"))
    for case_study_id, name in through.order_by("theme__order", "theme__code").values_list(
        "casestudy_id", "theme__name"
    ):
        themes.setdefault(case_study_id, []).append(name)
    # Open data are published in Japanese, whatever the language of the page.
    with translation.override("ja"):
        pillars = {value: str(label) for value, label in Pillar.choices}
        bands = {value: str(label) for value, label in PopulationBand.choices}
    rows = []
    for (
        pk,
        title,
        summary,
        municipality_code,
        municipality,
        bureau,
        region,
        year,
        pillar,
        band,
        budget,
        published,
        updated,
    ) in records:
        rows.append(
            {
                "id": pk,
                "url": absolute(reverse("casebook:case_study_detail", args=[pk])),
                "title": title,
                "summary": summary,
                "municipality_code": municipality_code,
                "municipality": municipality,
                "bureau": bureau,
                "region": region,
                "themes": "｜".join(themes.get(pk, [])),
                "fiscal_year": year,
                "fiscal_year_label": nendo(year),
                "pillar": pillar,
                "pillar_label": pillars.get(pillar, pillar),
                "population_band": band,
                "population_band_label": bands.get(band, band),
                "budget_total": budget if budget is not None else "",
                "published_at": published.isoformat() if published else "",
                "updated_at": (updated or published).isoformat() if (updated or published) else "",
                "licence": f"{LICENCE['name']} {LICENCE['url']}",
            }
        )
    return rows
