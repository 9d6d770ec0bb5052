"""Open data: the (filtered, searched) list of published case studies as CSV (UTF-8 with
BOM, for Excel) and JSON, under CC BY 4.0 stated in the files and the page."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..filters import CaseStudyFilter
from ..selectors.case_studies import case_studies_public
from ..selectors.exports import EXPORT_COLUMNS, export_rows
from ..selectors.search import ORDERINGS, search_queryset
from .common import LICENCE, absolute, query_without_page

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
    rows = _rows(request)
    out = io.StringIO()
    out.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
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
