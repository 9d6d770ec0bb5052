"""CSV of grant applications for Excel: Japanese headers, streamed, written by the kernel
(portal.exports: UTF-8 with a BOM, formulas made text)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone, translation

from portal.exports import csv_response

from ..models.applications import Status

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


def application_rows(applications: QuerySet) -> Iterator[list]:
    """The rows of ``applications`` for the CSV, read with ``iterator()`` and plain tuples,
    so memory stays flat however many there are (a server-side cursor on PostgreSQL)."""
    with translation.override("ja"):
        statuses = {status.value: str(status.label) for status in Status}
    rows = applications.values_list(*COLUMNS).iterator(chunk_size=BATCH)
    for reference, municipality, title, status, *amounts, submitted_at in rows:
        yield [
            reference,
            municipality,
            title,
            statuses.get(status, status),
            *("" if amount is None else amount for amount in amounts),
            timezone.localdate(submitted_at).isoformat() if submitted_at else "",
        ]


def applications_csv_response(applications: QuerySet, *, filename: str):
    """The CSV download, streamed (the kernel writes it safely for Excel)."""
    return csv_response(
        filename, HEADER, application_rows(applications), stream=True, rows_per_chunk=BATCH
    )
