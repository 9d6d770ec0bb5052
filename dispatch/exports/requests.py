"""The yearly figures as CSV for Excel: Japanese headers, written by the kernel
(portal.exports: UTF-8 with a BOM, formulas made text)."""

from __future__ import annotations

from django.http import HttpResponse

from portal.exports import csv_response
from portal.japanese import nendo, nendo_short
from portal.models import Municipality

from ..figures.requests import yearly_figures
from ..models import Person

HEADER = (
    "年度",
    "全国地方公共団体コード",
    "市町村",
    "人材",
    "区分",
    "日数",
    "うち6時間以上の日数",
    "支援回数",
    "うち訪問回数",
    "時間",
    "年10日以上又は5回以上",
)
KIND_LABELS = {"staff": "道職員", "advisor": "外部アドバイザー"}


def figure_rows(reports, fiscal_year: int) -> list[list]:
    """One row per municipality and person (the national rule counts per pair), ordered by
    municipality code and person name. Three queries whatever the number of reports."""
    pairs = yearly_figures(reports, by="pair")
    municipalities = Municipality.objects.in_bulk({m for m, _p in pairs})
    people = Person.objects.in_bulk({p for _m, p in pairs})
    rows = []
    for (municipality_id, person_id), figures in pairs.items():
        municipality, person = municipalities[municipality_id], people[person_id]
        rows.append(
            [
                nendo(fiscal_year),
                municipality.code,
                municipality.name,
                person.name,
                KIND_LABELS.get(person.kind, person.kind),
                figures.days,
                figures.full_days,
                figures.sessions,
                figures.visits,
                f"{figures.hours:.1f}",
                "該当" if figures.meets_national_rule else "",
            ]
        )
    rows.sort(key=lambda row: (row[1], row[3]))
    return rows


def figures_csv_response(reports, fiscal_year: int, *, name: str) -> HttpResponse:
    filename = f"dispatch-figures-{name}-{nendo_short(fiscal_year)}.csv"
    return csv_response(filename, HEADER, figure_rows(reports, fiscal_year))
