"""The casebook's landing page and the map-free "by area" view."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.pagecache import public_page

from ..selectors.case_studies import area_counts
from ..selectors.journal import issues_public


@require_GET
@public_page()
def index(request):
    return render(request, "casebook/index.html", {"latest_issue": issues_public().first()})


@require_GET
@public_page()
def areas(request):
    regions = area_counts()
    return render(
        request,
        "casebook/areas.html",
        {"regions": regions, "total": sum(r.case_count for r in regions)},
    )
