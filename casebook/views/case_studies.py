"""The public case-study library: the list (facets, Japanese search, order, pages), a case
study's page, its PDF and its photos."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.pagecache import public_page, rendering_for_cache
from portal.queue import send_now
from portal.views.files import document_response

from .. import textsearch
from ..filters.case_studies import CaseStudyFilter
from ..models import Photo, Status
from ..permissions import case_studies as permissions
from ..selectors.case_studies import (
    case_studies_public,
    case_study_get_for,
    case_study_page_relations,
    related_case_studies,
)
from ..selectors.exports import LICENCE, absolute
from ..selectors.search import search_case_studies
from ..services.documents import case_study_pdf
from ..services.popularity import case_study_viewed
from .common import query_without_page

logger = logging.getLogger(__name__)


def _learn(words) -> None:
    """Frequent long words become index terms in the background (see services.search)."""
    for word in words:
        send_now("casebook.tasks.learn_search_term", word)


@require_GET
@public_page()
def case_study_list(request):
    filterset = CaseStudyFilter(request.GET, queryset=case_studies_public())
    query = filterset.value("q")
    filterset.form.is_valid()  # invalid facets are shown as errors and left out
    result = search_case_studies(
        filterset.filter_queryset,
        query=query,
        order=filterset.value("sort") or "newest",
        page=request.GET.get("page"),
    )
    if result.learn:
        _learn(result.learn)
    words = result.words
    rows = [
        {
            "case_study": case_study,
            "title": textsearch.highlight(case_study.title, words),
            "snippet": textsearch.snippet(
                [case_study.summary, case_study.challenge, case_study.actions, case_study.results]
                if words
                else [case_study.summary],
                words,
            ),
        }
        for case_study in result.page
    ]
    query_string = query_without_page(request)
    return render(
        request,
        "casebook/case_study_list.html",
        {
            "filter": filterset,
            "page": result.page,
            "rows": rows,
            "query": query_string,
            "keywords": query,
            "licence": LICENCE,
        },
    )


def _count_view(request, pk):
    case_study_viewed(pk)


@require_GET
@public_page(on_hit=_count_view)
def case_study_detail(request, pk):
    case_study = case_study_get_for(request.user, pk)
    # Rendered for the cache: the view is counted by on_hit, not here as well.
    if case_study.status == Status.PUBLISHED and not rendering_for_cache(request):
        case_study_viewed(case_study.pk)
    parts = case_study_page_relations(case_study)
    photos = parts["photos"]
    og_image = ""
    if photos:
        og_image = absolute(photos[0].url(photos[0].default_width(1280)))
    return render(
        request,
        "casebook/case_study_detail.html",
        {
            "case_study": case_study,
            **parts,
            "related": related_case_studies(case_study),
            "canonical": absolute(case_study.get_absolute_url()),
            "og_image": og_image,
            "draft": case_study.status != Status.PUBLISHED,
            "breadcrumb_trail": [(reverse("casebook:case_study_list"), _("Case studies"))],
        },
    )


@require_GET
def case_study_pdf_view(request, pk):
    case_study = case_study_get_for(request.user, pk)
    document = case_study_pdf(case_study=case_study, requested_by=request.user)
    return document_response(request, document, back_url=case_study.get_absolute_url())


@require_GET
def photo(request, pk, width):
    photo = Photo.objects.select_related("case_study", "issue").filter(pk=pk).first()
    if photo is None or str(width) not in photo.renditions:
        raise Http404
    if not permissions.can_view_photo(request.user, photo):
        raise Http404
    public = permissions.photo_is_public(photo)
    etag = f'"{photo.pk.hex}-{width}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        response = not_modified
    else:
        name = photo.renditions[str(width)]
        try:
            handle = default_storage.open(name, "rb")
        except OSError:
            raise Http404 from None
        response = FileResponse(handle, content_type="image/jpeg")
    response["ETag"] = etag
    # Renditions never change (a new image is a new photo); visibility can, so a day.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
