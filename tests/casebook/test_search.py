"""Japanese keyword search: exact (every case study containing all the words, no other),
one- and two-character words, width-folded input, highlighting; on PostgreSQL the grams
index with confirmation, both ways of finding a page, learnt index terms, and the first
search of a frequent word not learnt yet (a bounded sample: an estimated count, exact pages)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import CaseStudy, SearchTerm, Status
from casebook.selectors import search as search_selectors
from casebook.selectors.search import search_case_studies
from casebook.services.search import search_term_learn
from tests.casebook.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="grams index: PostgreSQL only"
)
LIST = reverse("casebook:case_study_list")


@pytest.fixture
def docs(db):
    return {
        "tourism": CaseStudyFactory(
            published=True, title="観光客の周遊", actions="町の観光資源を磨いた。"
        ),
        "migration": CaseStudyFactory(
            published=True, title="移住の促進", actions="医療と子育ての相談窓口。ＤＸ推進。"
        ),
        "scattered": CaseStudyFactory(
            published=True,
            title="区域の整理",
            # Every trigram of 地域づくり, but never the word itself.
            actions="地域づけ、区域づくえ、手づくり話。",
        ),
        "word": CaseStudyFactory(
            published=True, title="地域づくりの担い手", actions="３年間で10人を育てた。"
        ),
        "draft": CaseStudyFactory(title="観光の下書き", actions="観光"),
    }


def found(query, **kwargs) -> set[str]:
    result = search_case_studies(query=query, **kwargs)
    return {c.title for c in result.page}


def test_two_character_words(docs):
    assert found("観光") == {"観光客の周遊"}
    assert found("医療") == {"移住の促進"}
    assert found("移住") == {"移住の促進"}


def test_one_character_words(docs):
    assert found("町") == {"観光客の周遊"}
    assert found("話") == {"区域の整理"}


def test_longer_words_are_exact(docs):
    assert found("地域づくり") == {"地域づくりの担い手"}
    assert found("区域づく") == {"区域の整理"}


def test_every_word_must_appear(docs):
    assert found("医療 子育て") == {"移住の促進"}
    assert found("医療 観光") == set()


def test_full_width_and_half_width_are_the_same(docs):
    assert found("ｄｘ") == {"移住の促進"}
    assert found("DX推進") == {"移住の促進"}
    assert found("3年間") == {"地域づくりの担い手"}
    assert found("１０人") == {"地域づくりの担い手"}


def test_drafts_are_never_found(docs):
    assert "観光の下書き" not in found("下書き")


@pytest.mark.parametrize("query", ["AT&T", "o'reilly", "%", "_", "\\", "a:b|c!", "'", "()"])
def test_awkward_input_is_searched_literally(docs, client, query):
    CaseStudyFactory(published=True, title="記号 AT&T o'reilly 100% a_b \\ a:b|c! ()")
    assert found(query) == {"記号 AT&T o'reilly 100% a_b \\ a:b|c! ()"}
    assert client.get(LIST, {"q": query}).status_code == 200


def test_results_highlight_the_matched_words(docs, english):
    response = english.get(LIST, {"q": "観光 町"})
    html = response.content.decode()
    assert "<mark>観光</mark>客の周遊" in html
    assert "<mark>町</mark>の<mark>観光</mark>資源" in html


def test_full_width_input_is_highlighted_in_the_text(docs, english):
    html = english.get(LIST, {"q": "ＤＸ"}).content.decode()
    assert "<mark>ＤＸ</mark>推進" in html


def test_the_search_box_keeps_what_was_typed(docs, english):
    html = english.get(LIST, {"q": "ＤＸ　推進"}).content.decode()
    assert 'value="ＤＸ　推進"' in html


@on_postgresql
def test_the_search_runs_with_sequential_scans_off_and_uses_the_grams(docs):
    with CaptureQueriesContext(connection) as queries:
        found("観光")
    sql = " ".join(q["sql"] for q in queries)
    assert "SET LOCAL enable_seqscan = off" in sql
    assert "@@" in sql


@on_postgresql
@pytest.mark.parametrize("walk_limit", [0, 10**9])
def test_both_ways_of_finding_a_page_give_the_same_results(docs, monkeypatch, walk_limit):
    for n in range(30):
        CaseStudyFactory(published=True, title=f"観光{n:02d}", actions="観光と地域づくり")
    monkeypatch.setattr(search_selectors, "WALK_LIMIT", walk_limit)
    result = search_case_studies(query="地域づくり")
    expected = list(
        CaseStudy.objects.filter(status=Status.PUBLISHED, search_text__contains="地域づくり")
        .order_by("-published_at", "-id")
        .values_list("title", flat=True)[:20]
    )
    assert [c.title for c in result.page] == expected
    assert result.count == 31
    second = search_case_studies(query="地域づくり", page=2)
    assert len(second.page) == 11


@on_postgresql
def test_frequent_long_words_are_learnt_as_index_terms(docs, monkeypatch):
    monkeypatch.setattr(search_selectors, "SAMPLE", 1)
    result = search_case_studies(query="地域づくり")
    assert result.learn == ["地域づくり"]
    assert search_term_learn(term="地域づくり") is True
    term = SearchTerm.objects.get(term="地域づくり")
    assert term.ready and term.documents == 1
    assert search_term_learn(term="地域づくり") is False  # once
    # Now the index alone answers, exactly, also for case studies saved afterwards.
    later = CaseStudyFactory(published=True, title="後から", actions="地域づくり協議会")
    with CaptureQueriesContext(connection) as queries:
        assert found("地域づくり") == {"地域づくりの担い手", later.title}
    assert not any("LIKE" in q["sql"] for q in queries if "casebook_casestudy" in q["sql"])


def test_facets_narrow_the_search(docs):
    from tests.factories import municipality

    CaseStudyFactory(published=True, title="函館の観光", municipality=municipality("012025"))
    in_oshima = found("観光", facets=lambda queryset: queryset.filter(bureau__code="oshima"))
    assert in_oshima == {"函館の観光"}


@on_postgresql
def test_only_published_case_studies_have_grams(docs, editor):
    from casebook.services.case_studies import case_study_archive

    def has_grams(case_study) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_grams IS NOT NULL FROM casebook_casestudy WHERE id = %s",
                [case_study.pk],
            )
            return cursor.fetchone()[0]

    assert has_grams(docs["tourism"])
    assert not has_grams(docs["draft"])
    case_study_archive(case_study=docs["tourism"], actor=editor)
    assert not has_grams(docs["tourism"])
    assert "観光客の周遊" not in found("観光")


@on_postgresql
def test_the_grams_column_is_written_by_the_service(docs):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_grams @@ %s::tsquery FROM casebook_casestudy WHERE id = %s",
            ["'観光' & '周遊'", docs["tourism"].pk],
        )
        assert cursor.fetchone()[0] is True


# --- The first search of a frequent word not learnt yet ----------------------------------


def matching_titles(word: str) -> list[str]:
    return list(
        CaseStudy.objects.filter(status=Status.PUBLISHED, search_text__contains=word)
        .order_by("-published_at", "-id")
        .values_list("title", flat=True)
    )


@pytest.fixture
def frequent(db, monkeypatch):
    """地域づくり in 40 case studies and only its bigrams in 8 more; with a sample of 6
    candidates and pages of 5 it counts as a frequent word."""
    monkeypatch.setattr(search_selectors, "SAMPLE", 6)
    monkeypatch.setattr(search_selectors, "PER_PAGE", 5)
    for n in range(40):
        CaseStudyFactory(published=True, title=f"事例{n:02d}", actions="地域づくりの取組。")
    for n in range(8):
        CaseStudyFactory(
            published=True, title=f"区域{n:02d}", actions="地域と区域づけ、手づくえ、つくり話。"
        )
    CaseStudyFactory(title="下書き", actions="地域づくり")


def confirming(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "search_text" in q["sql"] and ("LIKE" in q["sql"] or "strpos" in q["sql"])
    ]


@on_postgresql
def test_the_first_search_of_a_frequent_word_confirms_a_bounded_number_of_candidates(frequent):
    with CaptureQueriesContext(connection) as queries:
        result = search_case_studies(query="地域づくり")
    assert result.learn == ["地域づくり"]
    sqls = confirming(queries)
    assert sqls
    for sql in sqls:
        # A sample (LIMIT) or a batch of rows named by id: never every candidate.
        assert " LIMIT " in sql or re.search(r'"id" IN \(\d', sql), sql


@on_postgresql
def test_an_estimated_count_says_so_and_the_page_is_still_exact(frequent, client):
    result = search_case_studies(query="地域づくり")
    assert result.approximate
    assert [c.title for c in result.page] == matching_titles("地域づくり")[:5]
    assert 10 <= result.count <= 48
    html = client.get(LIST, {"q": "地域づくり"}).content.decode()
    status = re.search(r'role="status"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert re.fullmatch(r"\s*約\d+件の事例\s*", status), status
    assert re.search(r"1 / 約\d+ページ", html)
    assert html.count("<mark>地域づくり</mark>") == 5


@on_postgresql
@pytest.mark.parametrize("sample", [4, 6, 1000])
@pytest.mark.parametrize("walk_limit", [0, 10**9])
def test_every_page_is_exact_and_reachable_however_the_count_was_made(
    frequent, monkeypatch, sample, walk_limit
):
    monkeypatch.setattr(search_selectors, "SAMPLE", sample)
    monkeypatch.setattr(search_selectors, "WALK_LIMIT", walk_limit)
    expected = matching_titles("地域づくり")
    assert len(expected) == 40
    for number in range(1, 9):
        result = search_case_studies(query="地域づくり", page=number)
        assert result.page.number == number
        assert [c.title for c in result.page] == expected[(number - 1) * 5 : number * 5]
        assert result.page.has_next() == (number < 8)
        assert result.count >= number * 5
    last = search_case_studies(query="地域づくり", page=20)
    assert [c.title for c in last.page] == expected[35:]
    assert last.count == 40 and not last.approximate


@on_postgresql
def test_a_word_rare_among_its_candidates_gets_an_exact_count(db, monkeypatch):
    monkeypatch.setattr(search_selectors, "SAMPLE", 6)
    monkeypatch.setattr(search_selectors, "PER_PAGE", 5)
    for n in range(30):
        CaseStudyFactory(
            published=True, title=f"区域{n:02d}", actions="地域と区域づけ、手づくえ、つくり話。"
        )
    for n in range(3):
        CaseStudyFactory(published=True, title=f"事例{n}", actions="地域づくり")
    result = search_case_studies(query="地域づくり")
    assert not result.approximate
    assert result.count == 3
    assert [c.title for c in result.page] == ["事例2", "事例1", "事例0"]


@on_postgresql
def test_words_with_few_candidates_keep_an_exact_count(docs, english):
    result = search_case_studies(query="地域づくり")
    assert not result.approximate and result.count == 1 and result.learn == []
    html = english.get(LIST, {"q": "地域づくり"}).content.decode()
    status = re.search(r'role="status"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert status.strip() == "1 case study"


def test_an_estimate_shows_only_the_digits_its_sample_vouches_for(monkeypatch):
    monkeypatch.setattr(search_selectors, "SAMPLE", 200)
    assert search_selectors._about(8134, 200) == 8100  # every sampled candidate matched
    assert search_selectors._about(8134, 160) == 6500  # 80 %: within ±3 %
    assert search_selectors._about(4561, 16) == 400  # 8 %: within ±30 %, one digit


@on_postgresql
def test_the_upgrade_adds_trigrams_to_an_index_of_bigrams(docs):
    """Case studies indexed before trigrams (unigrams and bigrams only) are found by a
    three-character word once the migration has reindexed them."""
    from importlib import import_module

    from django.apps import apps

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casebook_casestudy c SET search_grams = array_to_tsvector(ARRAY("
            "SELECT lexeme FROM unnest(c.search_grams) WHERE length(lexeme) <= 2)) "
            "WHERE search_grams IS NOT NULL"
        )
    assert found("子育て") == set()  # the old index has no trigram to prove it
    migration = import_module("casebook.migrations.0010_search_trigrams")
    with connection.schema_editor() as editor:
        migration.reindex(apps, editor)
    assert found("子育て") == {"移住の促進"}
    assert not CaseStudy.objects.get(title="観光の下書き").search_grams  # drafts stay out
