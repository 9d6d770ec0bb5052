"""The public list of grant decisions (交付決定一覧) as a page, CSV and JSON, under the
portal's open-data licence. The fields shown are the ones HQ publishes (the admin's
*publication of grant decisions*); a change there, or a new decision, refreshes the cached
page at once (the admin and the decision services invalidate the page cache)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.exports import LICENCE_LINK, OPEN_DATA_LICENCE, absolute_url, csv_response
from portal.pagecache import public_page

from ..filters.decisions import DecisionFilter
from ..selectors import decisions as selectors
from .public import query_without_page

PAGE_SIZE = 50


def _filtered(request):
    return DecisionFilter(
        request.GET, queryset=selectors.decisions_public(), years=selectors.decision_years()
    )


def column_labels() -> dict[str, str]:
    return {
        "fiscal_year": _("Fiscal year"),
        "fiscal_year_label": _("Fiscal year (Japanese era)"),
        "municipality_code": _("Local government code"),
        "municipality": _("Municipality"),
        "reference": _("Reference number"),
        "bureau": _("Bureau"),
        "programme": _("Programme"),
        "title": _("Project title"),
        "decided_on": _("Date of the decision"),
        "amount": _("Amount decided (yen)"),
    }


@require_GET
@public_page()
def decision_list(request):
    filterset = _filtered(request)
    publication = selectors.decision_publication()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    return render(
        request,
        "grants/decision_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": selectors.decision_rows(page, publication),
            "shown": set(publication.public_fields),
            "totals": selectors.decision_totals(filterset.qs),
            "query": query,
            "licence": OPEN_DATA_LICENCE,
        },
    )


def _export(request):
    filterset = _filtered(request)
    publication = selectors.decision_publication()
    columns = selectors.public_columns(publication)
    return columns, selectors.decision_rows(filterset.qs, publication)


def _filename(extension: str) -> str:
    return f"hokkaido-grant-decisions-{timezone.localdate():%Y%m%d}.{extension}"


@require_GET
def decision_csv(request):
    columns, rows = _export(request)
    licence = selectors.licence_text()
    body = ([*(row[column] for column in columns), licence] for row in rows)
    response = csv_response(_filename("csv"), [*columns, "licence"], body)
    response["Link"] = LICENCE_LINK
    return response


@require_GET
def decision_json(request):
    columns, rows = _export(request)
    query = query_without_page(request)
    payload = {
        "licence": OPEN_DATA_LICENCE,
        "source": absolute_url(reverse("grants:decision_list")) + (f"?{query}" if query else ""),
        "generated_at": timezone.now().isoformat(),
        "count": len(rows),
        "columns": columns,
        "items": rows,
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1, default=str),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    response["Link"] = LICENCE_LINK
    return response
