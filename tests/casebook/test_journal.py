"""The journal「創る」: issues with their contents, feature articles, publication rules."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.models import JournalIssue
from casebook.services import journal as services
from tests.casebook.factories import CaseStudyFactory, JournalIssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db):
    issue = JournalIssueFactory(number=3, title="特集：移住", status="published")
    issue.articles.create(
        order=1, kind="feature", title="巻頭言", lead="はじめに", body="本文です。"
    )
    issue.articles.create(
        order=2,
        kind="case_study",
        case_study=CaseStudyFactory(published=True, title="移住体験住宅"),
    )
    return issue


def test_the_issue_page_shows_its_contents_in_order(english, issue):
    response = english.get(reverse("casebook:issue_detail", args=[3]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    contents = re.search(r'<ol class="cb-toc".*?</ol>', html, re.S).group(0)
    assert contents.index("巻頭言") < contents.index("移住体験住宅")
    feature = issue.articles.get(kind="feature")
    assert reverse("casebook:article_detail", args=[3, feature.pk]) in contents
    case_study = issue.articles.get(kind="case_study").case_study
    assert case_study.get_absolute_url() in contents
    assert reverse("casebook:issue_pdf", args=[3]) in html


def test_a_feature_article_has_its_page(english, issue):
    feature = issue.articles.get(kind="feature")
    html = english.get(reverse("casebook:article_detail", args=[3, feature.pk])).content.decode()
    assert "本文です。" in html and "巻頭言" in html


def test_the_issue_list_counts_and_filters_by_year(english, issue):
    JournalIssueFactory(
        number=4, published_on=issue.published_on.replace(year=2017), status="published"
    )
    JournalIssueFactory(number=5)  # draft
    response = english.get(reverse("casebook:issue_list"))
    assert re.search(r'role="status"[^>]*>\s*2 issues', response.content.decode())
    response = english.get(reverse("casebook:issue_list"), {"year": "2017"})
    assert [row["issue"].number for row in response.context["rows"]] == [4]


def test_a_draft_issue_is_404_to_the_public_and_a_preview_for_hq(client, hq_user):
    draft = JournalIssueFactory(number=9)
    assert client.get(reverse("casebook:issue_detail", args=[9])).status_code == 404
    assert client.get(reverse("casebook:issue_pdf", args=[9])).status_code == 404
    client.force_login(hq_user)
    assert client.get(reverse("casebook:issue_detail", args=[draft.number])).status_code == 200


def test_an_issue_is_published_only_with_public_case_studies(editor):
    issue = JournalIssueFactory(number=10)
    with pytest.raises(ValidationError):
        services.issue_publish(issue=issue, actor=editor)  # no article yet
    hidden = CaseStudyFactory(title="未公開")
    issue.articles.create(order=1, kind="case_study", case_study=hidden)
    with pytest.raises(ValidationError, match="未公開"):
        services.issue_publish(issue=issue, actor=editor)
    hidden.status = "published"
    hidden.published_at = hidden.created_at
    hidden.save()
    services.issue_publish(issue=issue, actor=editor)
    assert JournalIssue.objects.get(pk=issue.pk).status == "published"


def test_an_archived_case_study_stays_in_the_contents_without_its_link(english, issue, editor):
    from casebook.services.case_studies import case_study_archive

    article = issue.articles.get(kind="case_study")
    case_study_archive(case_study=article.case_study, actor=editor)
    from portal import pagecache

    pagecache.invalidate()
    html = english.get(reverse("casebook:issue_detail", args=[3])).content.decode()
    assert "移住体験住宅" in html
    assert article.case_study.get_absolute_url() not in html


def test_the_issue_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries, issue):
    """The issue, its cover and its articles with their case studies."""
    with django_assert_num_queries(3):
        client.get(reverse("casebook:issue_detail", args=[3]))
    for n in range(5):
        issue.articles.create(
            order=10 + n, kind="case_study", case_study=CaseStudyFactory(published=True)
        )
    from django.core.cache import cache

    from portal import pagecache

    cache.clear()
    pagecache.reset_local()
    with django_assert_num_queries(3):
        client.get(reverse("casebook:issue_detail", args=[3]))
