"""Reads of the journal「創る」: published issues, their table of contents and articles."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from portal.permissions import is_hq
from portal.selectors import get_in_scope

from ..models import Article, CaseStudy, JournalIssue, Photo, Status
from ..models.choices import ArticleKind, IssueStatus
from .case_studies import case_study_page_relations


def issues_public() -> QuerySet[JournalIssue]:
    return JournalIssue.objects.filter(status=IssueStatus.PUBLISHED).order_by("-number")


def issues_with_covers(queryset: QuerySet[JournalIssue]) -> QuerySet[JournalIssue]:
    return queryset.prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("order", "created_at"))
    )


def issue_get_public(number) -> JournalIssue:
    return get_in_scope(issues_with_covers(issues_public()), number=number)


def issue_get_for(user, number) -> JournalIssue:
    """A published issue, or any issue for HQ (preview), else 404."""
    queryset = JournalIssue.objects.all() if is_hq(user) else issues_public()
    return get_in_scope(issues_with_covers(queryset), number=number)


def cover_of(issue: JournalIssue) -> Photo | None:
    return next((p for p in issue.photos.all() if p.ready), None)


def issue_articles(issue: JournalIssue) -> list[Article]:
    """The table of contents. A case study that is not public (archived since) is listed
    without its link (``article.linked`` is False)."""
    articles = list(
        issue.articles.select_related("case_study__municipality").defer(
            "case_study__search_text", "case_study__search_grams"
        )
    )
    for article in articles:
        article.issue = issue
        article.linked = article.kind == ArticleKind.FEATURE or (
            article.case_study is not None and article.case_study.status == Status.PUBLISHED
        )
    return articles


def article_get_public(issue: JournalIssue, pk) -> Article:
    article = get_in_scope(issue.articles.filter(kind=ArticleKind.FEATURE), pk=pk)
    article.issue = issue
    return article


def issue_contents(issue: JournalIssue) -> dict:
    """Everything the issue's PDF prints: each article with its case study's page parts."""
    articles = issue_articles(issue)
    parts = []
    for article in articles:
        case_study: CaseStudy | None = article.case_study if article.linked else None
        if article.kind == ArticleKind.CASE_STUDY and case_study is None:
            continue
        extra = case_study_page_relations(case_study) if case_study is not None else {}
        parts.append({"article": article, "case_study": case_study, **extra})
    return {"articles": articles, "parts": parts, "cover": cover_of(issue)}
