"""The journal「創る」: issues with their table of contents, feature articles, the PDF of a
whole issue (typeset by a task; a progress page while it builds)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.pagecache import public_page
from portal.views.files import document_response

from ..filters.case_studies import IssueFilter
from ..selectors.exports import absolute
from ..selectors.journal import (
    article_get_public,
    cover_of,
    issue_articles,
    issue_get_for,
    issues_public,
    issues_with_covers,
)
from ..services.documents import issue_pdf
from .common import query_without_page

PER_PAGE = 12


@require_GET
@public_page()
def issue_list(request):
    filterset = IssueFilter(request.GET, queryset=issues_public())
    page = Paginator(issues_with_covers(filterset.qs), PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"issue": issue, "cover": cover_of(issue)} for issue in page]
    return render(
        request,
        "casebook/issue_list.html",
        {"filter": filterset, "page": page, "rows": rows, "query": query_without_page(request)},
    )


@require_GET
@public_page()
def issue_detail(request, number):
    issue = issue_get_for(request.user, number)
    cover = cover_of(issue)
    return render(
        request,
        "casebook/issue_detail.html",
        {
            "issue": issue,
            "cover": cover,
            "articles": issue_articles(issue),
            "canonical": absolute(issue.get_absolute_url()),
            "og_image": absolute(cover.url(cover.default_width(1280))) if cover else "",
            "draft": not issue.is_public,
        },
    )


@require_GET
@public_page()
def article_detail(request, number, pk):
    issue = issue_get_for(request.user, number)
    article = article_get_public(issue, pk)
    return render(
        request,
        "casebook/article_detail.html",
        {"issue": issue, "article": article, "draft": not issue.is_public},
    )


@require_GET
def issue_pdf_view(request, number):
    issue = issue_get_for(request.user, number)
    document = issue_pdf(issue=issue, requested_by=request.user)
    return document_response(request, document, back_url=issue.get_absolute_url())
