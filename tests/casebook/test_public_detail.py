"""A case study's page: content, funding linked to its grant, related case studies, OGP,
print stylesheet, PDF link; drafts are 404 to the public and to other bureaus."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.models import Status
from tests.casebook.factories import CaseStudyFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def url(case_study):
    return reverse("casebook:case_study_detail", args=[case_study.pk])


@pytest.fixture
def case_study(db):
    case_study = CaseStudyFactory(
        published=True,
        title="商店街の再生",
        summary="空き店舗を活用して商店街を再生した。",
        budget_total=4_800_000,
        contact_department="経済観光局",
        contact_phone="011-211-2111",
    )
    case_study.figures.create(label="新規開業", value="5", unit="店舗", note="3年間")
    case_study.funding_sources.create(name="地域づくり総合交付金", amount=2_400_000)
    return case_study


def test_the_page_shows_the_case_study(english, case_study):
    response = english.get(url(case_study))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for text in (
        "商店街の再生",
        "札幌市",
        "Ishikari",
        "空き店舗が増えていた。",
        "新規開業",
        "5店舗",
        "4,800,000円",
        "2,400,000円",
        "地域づくり総合交付金",
        "経済観光局",
    ):
        assert text in html, text
    assert "<caption>Results in figures</caption>" in html
    assert re.search(r'<th scope="row"[^>]*>新規開業</th>', html)
    assert reverse("casebook:case_study_pdf", args=[case_study.pk]) in html


def test_ogp_tags_canonical_url_and_print_stylesheet(client, case_study):
    html = client.get(url(case_study)).content.decode()
    assert '<meta property="og:title"' in html and "商店街の再生" in html
    assert re.search(
        r'<meta property="og:url"\s+content="http://127\.0\.0\.1:8000/casebook/cases/\d+/">', html
    )
    assert re.search(
        r'<meta property="og:description"\s+content="空き店舗を活用して商店街を再生した。">', html
    )
    assert '<link rel="canonical"' in html
    assert 'media="print"' in html
    assert "/static/css/casebook.css" in html
    css = (Path(__file__).resolve().parents[2] / "static/css/casebook.css").read_text()
    assert "@media print" in css


def test_no_request_to_another_site(client, case_study):
    html = client.get(url(case_study)).content.decode()
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attribute.startswith(("http://", "https://", "//")) or (
            attribute.startswith("http://127.0.0.1:8000")
            or "creativecommons.org" in attribute  # a link, not a request
        ), attribute
    # Only the portal's own deferred scripts, never inline code or another site's.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(
        re.fullmatch(r'<script src="/static/js/[\w-]+\.js" defer>', s) for s in scripts
    )
    assert 'style="' not in html


def test_the_page_is_under_150_kb(client, case_study):
    assert len(client.get(url(case_study)).content) < 150 * 1024


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.ARCHIVED])
def test_a_case_study_not_published_is_404_to_the_public(client, status):
    kwargs = {"status": status}
    if status == Status.SCHEDULED:
        kwargs["publish_at"] = timezone.now() + dt.timedelta(days=3)
    if status == Status.ARCHIVED:
        kwargs["published_at"] = timezone.now()
    case_study = CaseStudyFactory(**kwargs)
    assert client.get(url(case_study)).status_code == 404
    assert client.get(reverse("casebook:case_study_pdf", args=[case_study.pk])).status_code == 404


@pytest.mark.parametrize(
    ("user", "code"),
    [
        ("oshima_officer", 404),
        ("hakodate_staff", 404),
        ("ebetsu_staff", 404),
        ("advisor", 404),
        ("ishikari_officer", 200),
        ("sapporo_staff", 200),
        ("hq_user", 200),
    ],
)
def test_a_draft_is_404_to_other_bureaus_and_visible_in_scope(client, request, user, code):
    draft = CaseStudyFactory()  # 札幌市, 石狩振興局
    client.force_login(request.getfixturevalue(user))
    response = client.get(url(draft))
    assert response.status_code == code
    if code == 200:
        assert response.context["draft"] is True
        assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_related_case_studies_share_a_theme_or_the_area(english, case_study):
    same_theme = CaseStudyFactory(
        published=True, title="同じテーマ", municipality=municipality("012025")
    )
    nearby = CaseStudyFactory(published=True, title="近くの町", themes=["energy"])
    unrelated = CaseStudyFactory(
        published=True, title="無関係", municipality=municipality("012025"), themes=["energy"]
    )
    related = english.get(url(case_study)).context["related"]
    assert {c.title for c in related} == {same_theme.title, nearby.title}
    assert unrelated not in related


def test_a_grant_reference_links_to_the_grant_call(english, case_study):
    from tests.grants.factories import CallFactory

    call = CallFactory()
    case_study.funding_sources.all().update(grant_call_id=call.pk, grant_reference="R8-石狩-0001")
    from portal import pagecache

    pagecache.invalidate()
    html = english.get(url(case_study)).content.decode()
    assert f'href="{reverse("grants:call_detail", args=[call.pk])}"' in html
    assert "R8-石狩-0001" in html


def test_the_query_count_is_fixed(client, django_assert_num_queries, case_study):
    from django.core.cache import cache

    from portal import pagecache

    for _ in range(6):
        CaseStudyFactory(published=True)
    cache.clear()
    pagecache.reset_local()
    with django_assert_num_queries(8):  # no page asks for scheduled publications
        client.get(url(case_study))
    with django_assert_num_queries(0):
        client.get(url(case_study))


def test_views_are_counted(client, case_study):
    from casebook.services.popularity import popularity_flush

    popularity_flush()
    for _ in range(3):
        client.get(url(case_study))
    assert popularity_flush() == 3
    case_study.refresh_from_db()
    assert case_study.view_count == 3


def test_counted_views_are_written_in_few_statements(django_assert_num_queries):
    from casebook.services import popularity

    cases = [CaseStudyFactory(published=True) for _ in range(4)]
    for case_study, views in zip(cases, (1, 1, 2, 1), strict=True):
        for _ in range(views):
            popularity.case_study_viewed(case_study.pk)
    with django_assert_num_queries(2):
        assert popularity.popularity_flush() == 5
    assert [
        c.view_count
        for c in type(cases[0]).objects.filter(pk__in=[c.pk for c in cases]).order_by("pk")
    ] == [1, 1, 2, 1]
