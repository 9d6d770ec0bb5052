"""CSV of grant applications for Excel: UTF-8 with a BOM, Japanese headers, streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone, translation

from .models.applications import Status

HEADER = (
    "受付番号",
    "市町村",
    "事業名",
    "状態",
    "申請額",
    "査定額",
    "交付決定額",
    "確定額",
    "申請日",
)
COLUMNS = (
    "reference",
    "municipality__name",
    "title",
    "status",
    "requested_amount",
    "recommended_amount",
    "approved_amount",
    "fixed_amount",
    "submitted_at",
)
BATCH = 1000
# A cell starting with one of these is run as a formula by Excel (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def applications_csv(applications: QuerySet) -> Iterator[str]:
    """The rows of ``applications`` as CSV text in chunks, BOM first.

    Reads with ``iterator()`` and plain tuples, so memory stays flat however many rows
    there are (a server-side cursor on PostgreSQL).
    """
    with translation.override("ja"):
        statuses = {status.value: str(status.label) for status in Status}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yield "\ufeff" + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    rows = applications.values_list(*COLUMNS).iterator(chunk_size=BATCH)
    for count, row in enumerate(rows, start=1):
        reference, municipality, title, status, *amounts, submitted_at = row
        writer.writerow(
            [
                reference,
                _text(municipality),
                _text(title),
                statuses.get(status, status),
                *("" if amount is None else amount for amount in amounts),
                timezone.localdate(submitted_at).isoformat() if submitted_at else "",
            ]
        )
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
