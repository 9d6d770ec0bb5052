"""CSV of matches made (ほっかいどう応援団会議) for Excel: UTF-8 with a BOM, Japanese headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import timezone

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
# A cell starting with one of these is run as a formula by Excel (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def matches_csv(matches) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield "\ufeff" + buffer.getvalue()
    for interest in matches.iterator(chunk_size=500):
        buffer.seek(0)
        buffer.truncate()
        project = interest.project
        writer.writerow(
            [
                timezone.localdate(interest.responded_at).isoformat(),
                project.municipality.bureau.name,
                project.municipality.name,
                _text(project.title),
                project.theme.name,
                KINDS.get(project.kind, project.kind),
                _text(interest.company.name),
                interest.company.corporate_number,
                "" if interest.pledged_amount is None else interest.pledged_amount,
            ]
        )
        yield buffer.getvalue()
