"""The public list: facets as a GET form with an explicit button, the count in a status,
shareable URLs, pagination keeping the query, order, bad input, query counts."""

import re

import pytest
from django.urls import reverse

from casebook.models import CaseStudy
from casebook.selectors.search import PER_PAGE
from portal import pagecache
from tests.casebook.factories import CaseStudyFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db

LIST = reverse("casebook:case_study_list")


def status_text(response) -> str:
    html = response.content.decode()
    return re.search(r'<p role="status"[^>]*>\s*(.*?)\s*</p>', html, re.S).group(1)


def titles(response) -> list[str]:
    return [row["case_study"].title for row in response.context["rows"]]


@pytest.fixture
def cases(db):
    hakodate = municipality("012025")
    niseko = municipality("013951")
    return {
        "sapporo": CaseStudyFactory(published=True, title="札幌の商店街", themes=["industry"]),
        "hakodate": CaseStudyFactory(
            published=True,
            title="函館の観光周遊",
            municipality=hakodate,
            fiscal_year=2024,
            pillar="information",
            population=240_000,
            themes=["tourism"],
        ),
        "niseko": CaseStudyFactory(
            published=True,
            title="ニセコの景観",
            municipality=niseko,
            population=4_900,
            pillar="own",
            themes=["town-planning", "tourism"],
        ),
        "draft": CaseStudyFactory(title="下書きの事例"),
    }


def test_the_list_shows_published_case_studies_and_counts_them(english, cases):
    response = english.get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["ニセコの景観", "函館の観光周遊", "札幌の商店街"]
    assert status_text(response) == "3 case studies"
    assert "下書きの事例" not in response.content.decode()


def test_the_filter_form_is_a_get_form_with_an_explicit_button(english, cases):
    html = english.get(LIST).content.decode()
    form = re.search(r'<form method="get".*?</form>', html, re.S).group(0)
    assert re.search(r'<button type="submit">\s*Filter\s*</button>', form)
    for name in (
        "q",
        "region",
        "bureau",
        "municipality",
        "theme",
        "fiscal_year",
        "pillar",
        "population",
        "sort",
    ):
        assert f'name="{name}"' in form
        assert f'for="id_{name}"' in form


def test_the_button_reads_shiborikomu_in_japanese(client, cases):
    html = client.get(LIST).content.decode()
    assert re.search(r'<button type="submit">\s*絞り込む\s*</button>', html)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"bureau": "oshima"}, ["函館の観光周遊"]),
        ({"region": "dohoku"}, []),
        ({"municipality": "013951"}, ["ニセコの景観"]),
        ({"theme": "tourism"}, ["ニセコの景観", "函館の観光周遊"]),
        ({"fiscal_year": "2024"}, ["函館の観光周遊"]),
        ({"pillar": "own"}, ["ニセコの景観"]),
        ({"population": "lt5k"}, ["ニセコの景観"]),
        ({"population": "100k+"}, ["函館の観光周遊", "札幌の商店街"]),
        ({"theme": "tourism", "population": "lt5k"}, ["ニセコの景観"]),
    ],
)
def test_each_facet_and_their_combination(english, cases, params, expected):
    response = english.get(LIST, params)
    assert sorted(titles(response)) == sorted(expected)


def test_regions_are_facets_too(english, cases):
    from portal.models import Region

    region = Region.objects.get(bureaus__code="oshima")
    response = english.get(LIST, {"region": region.code})
    assert titles(response) == ["函館の観光周遊"]


def test_bad_input_never_fails_and_comes_back_as_typed(english, cases):
    params = {
        "fiscal_year": "abc",
        "municipality": "999999",
        "page": "x",
        "sort": "zzz",
        "q": "観光",
        "bureau": "<script>",
    }
    response = english.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="観光"' in html
    assert "<script>" not in html.split('<main id="main"')[1]
    assert set(response.context["filter"].form.errors) >= {"fiscal_year", "municipality", "bureau"}
    # The invalid facets are ignored; the valid keyword still applies.
    assert titles(response) == ["函館の観光周遊"]


def test_pages_keep_the_query(english, db):
    for n in range(PER_PAGE + 3):
        CaseStudyFactory(published=True, title=f"観光の事例{n:02d}")
    response = english.get(LIST, {"q": "観光", "sort": "newest"})
    html = response.content.decode()
    assert status_text(response) == f"{PER_PAGE + 3} case studies"
    assert "?q=%E8%A6%B3%E5%85%89&amp;sort=newest&amp;page=2" in html
    second = english.get(LIST, {"q": "観光", "sort": "newest", "page": 2})
    assert len(titles(second)) == 3


def test_newest_first_and_most_viewed_orders(english, cases):
    CaseStudy.objects.filter(pk=cases["niseko"].pk).update(view_count=50)
    CaseStudy.objects.filter(pk=cases["sapporo"].pk).update(view_count=10)
    pagecache.invalidate()
    assert titles(english.get(LIST, {"sort": "views"}))[:2] == ["ニセコの景観", "札幌の商店街"]
    newest = titles(english.get(LIST))
    assert newest[0] == "ニセコの景観"  # created last


def _render_queries(client, django_assert_num_queries, params, count):
    pagecache.reset_local()
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(count):
        assert client.get(LIST, params).status_code == 200


@pytest.mark.parametrize(
    "params",
    [{}, {"bureau": "ishikari", "theme": "tourism"}, {"q": "事例"}, {"q": "商店街 活性化"}],
)
def test_the_query_count_does_not_grow_with_rows(client, django_assert_num_queries, params):
    """Rendering a page (the cache empty) costs a fixed number of queries: years,
    the facets' choices (4), count and page with the themes; a search adds its transaction
    (savepoint, settings), the learnt terms and the exact count."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        CaseStudyFactory(published=True)
    pagecache.reset_local()
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, params)
    for _ in range(25):
        CaseStudyFactory(published=True, themes=["tourism", "industry"])
    _render_queries(client, django_assert_num_queries, params, len(few))
    assert len(few) <= 16


def test_a_cached_page_costs_no_query(client, django_assert_num_queries, cases):
    client.get(LIST)
    with django_assert_num_queries(0):
        assert client.get(LIST).status_code == 200
