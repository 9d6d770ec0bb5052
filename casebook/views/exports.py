"""Open data: the (filtered, searched) list of published case studies as CSV (for Excel,
written by portal.exports: UTF-8 with a BOM, formulas made text) and JSON, under CC BY 4.0
stated in the files and the page."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.exports import csv_response

from ..filters.case_studies import CaseStudyFilter
from ..selectors.case_studies import case_studies_public
from ..selectors.exports import EXPORT_COLUMNS, LICENCE, absolute, export_rows
from ..selectors.search import ORDERINGS, search_queryset
from .common import query_without_page

LICENCE_HEADER = f'<{LICENCE["url"]}>; rel="license"'


def _rows(request):
    filterset = CaseStudyFilter(request.GET, queryset=case_studies_public())
    queryset = search_queryset(filterset.qs, filterset.value("q"))
    order = ORDERINGS.get(filterset.value("sort") or "newest")
    return export_rows(queryset.order_by(*order))


def _filename(extension: str) -> str:
    return f"hokkaido-case-studies-{timezone.localdate():%Y%m%d}.{extension}"


@require_GET
def export_csv(request):
    rows = ([row[column] for column in EXPORT_COLUMNS] for row in _rows(request))
    response = csv_response(_filename("csv"), EXPORT_COLUMNS, rows)
    response["Link"] = LICENCE_HEADER
    return response


@require_GET
def export_json(request):
    rows = _rows(request)
    query = query_without_page(request)
    payload = {
        "licence": LICENCE,
        "source": absolute(reverse("casebook:case_study_list")) + (f"?{query}" if query else ""),
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "columns": EXPORT_COLUMNS,
        "items": rows,
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    response["Link"] = LICENCE_HEADER
    return response
