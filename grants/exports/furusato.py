"""CSV of matches made (ほっかいどう応援団会議) for Excel: Japanese headers, written by the
kernel (portal.exports: UTF-8 with a BOM, formulas made text)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from portal.exports import csv_response

HEADER = (
    "成立日",
    "振興局",
    "市町村",
    "事業名",
    "テーマ",
    "支援の種類",
    "企業名",
    "法人番号",
    "寄附等の予定額",
)
KINDS = {"kigyo": "企業版ふるさと納税", "partnership": "連携・協働"}


def match_rows(matches) -> Iterator[list]:
    for interest in matches.iterator(chunk_size=500):
        project = interest.project
        yield [
            timezone.localdate(interest.responded_at).isoformat(),
            project.municipality.bureau.name,
            project.municipality.name,
            project.title,
            project.theme.name,
            KINDS.get(project.kind, project.kind),
            interest.company.name,
            interest.company.corporate_number,
            "" if interest.pledged_amount is None else interest.pledged_amount,
        ]


def matches_csv_response(matches, *, filename: str):
    """The CSV download, streamed."""
    return csv_response(filename, HEADER, match_rows(matches), stream=True)
