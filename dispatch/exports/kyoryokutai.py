"""The 協力隊 figures of a 年度 as CSV for Excel, Japanese headers, one row per municipality
(when the table is by municipality), bureau and collaboration region, and the total. Rates
are percentages with one decimal, empty when nothing is known. The kernel (portal.exports)
writes the file: UTF-8 with a BOM, formulas made text."""

from __future__ import annotations

from django.http import HttpResponse

from portal.exports import csv_response
from portal.japanese import nendo, nendo_short

from ..figures.kyoryokutai import Row, Table

HEADER = (
    "年度",
    "区分",
    "コード",
    "名称",
    "活動中の隊員",
    "新たに委嘱",
    "任期満了予定",
    "退任者（任期満了・途中退任）",
    "うち途中退任",
    "行き先判明",
    "同一市町村に定住",
    "近隣市町村に定住",
    "道内の他市町村に定住",
    "道外へ転出",
    "不明・未記録",
    "起業",
    "就業",
    "定住率（道内）%",
    "定住率（同一市町村）%",
    "定住率（同一・近隣市町村）%",
)
COLUMNS = (
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


def _rate(value) -> str:
    return "" if value is None else f"{value:.1f}"


def _line(year: int, level: str, row: Row) -> list:
    return [
        nendo(year),
        level,
        row.key,
        row.label,
        *[row.counts[name] for name in COLUMNS],
        _rate(row.settlement_rate),
        _rate(row.same_rate),
        _rate(row.local_rate),
    ]


def figure_rows(table: Table, *, by_municipality: bool) -> list[list]:
    rows = []
    if by_municipality:
        rows += [_line(table.year, "市町村", row) for row in table.municipalities]
    rows += [
        _line(table.year, "振興局", row)
        for row in table.bureaus
        if not by_municipality or any(row.counts.values())
    ]
    rows += [_line(table.year, "連携地域", row) for row in table.regions if not by_municipality]
    total = Row(table.total.key, "全道" if not by_municipality else "計", table.total.counts)
    rows.append(_line(table.year, "合計", total))
    return rows


def figures_csv_response(table: Table, *, by_municipality: bool) -> HttpResponse:
    filename = f"kyoryokutai-figures-{nendo_short(table.year)}.csv"
    rows = figure_rows(table, by_municipality=by_municipality)
    return csv_response(filename, HEADER, rows)
