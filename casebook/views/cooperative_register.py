"""I3: the public register of certified cooperatives (django-filter), its entries with
their public notices, and its CSV export (CC BY 4.0; written by portal.exports)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.exports import csv_response
from portal.japanese import wareki

from ..filters.cooperatives import CooperativeRegisterFilter
from ..selectors import cooperatives as selectors
from ..selectors.exports import LICENCE
from .common import query_without_page

PAGE_SIZE = 50


# --- The public register ----------------------------------------------------------------------


def _register_filter(request):
    return CooperativeRegisterFilter(request.GET, queryset=selectors.certified_cooperatives())


@require_GET
def register_list(request):
    filterset = _register_filter(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casebook/cooperatives/register_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "licence": LICENCE,
        },
    )


@require_GET
def register_detail(request, pk):
    cooperative = selectors.certified_cooperative_get(pk)
    return render(
        request,
        "casebook/cooperatives/register_detail.html",
        {
            "cooperative": cooperative,
            "notices": selectors.certification_notices(cooperative),
        },
    )


EXPORT_COLUMNS = [
    "名称",
    "主たる事務所の所在地",
    "代表者",
    "地区",
    "認定年月日",
    "認定年月日（和暦）",
]


@require_GET
def register_export(request):
    rows = (
        [
            cooperative.name,
            cooperative.address,
            cooperative.representative,
            "、".join(m.name for m in cooperative.area.all()),
            cooperative.certified_on.isoformat(),
            wareki(cooperative.certified_on),
        ]
        for cooperative in _register_filter(request).qs
    )
    filename = f"hokkaido-cooperatives-{timezone.localdate():%Y%m%d}.csv"
    response = csv_response(filename, EXPORT_COLUMNS, rows)
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response
