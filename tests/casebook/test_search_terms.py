"""Frequent words learnt as index terms when case studies are published (and, for the case
studies already there, by a command), so that their first search is exact and needs no LIKE."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casebook.models import SearchTerm, Status
from casebook.selectors import search as search_selectors
from casebook.selectors.search import search_case_studies
from casebook.services.case_studies import case_study_publish
from casebook.tasks import learn_case_study_search_terms
from tests.casebook.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index terms: PostgreSQL only"
)


def learnt() -> set[str]:
    return set(SearchTerm.objects.filter(ready=True).values_list("term", flat=True))


@pytest.fixture
def corpus(db, monkeypatch):
    """子育て (a theme's word) and テレワーク in three published case studies, ハスカップ in
    one; with a sample of 2 candidates, a word in more than two is frequent."""
    monkeypatch.setattr(search_selectors, "SAMPLE", 2)
    for _ in range(3):
        CaseStudyFactory(published=True, actions="子育て世代のテレワーク移住を支援した。")
    CaseStudyFactory(published=True, actions="ハスカップの新商品を開発した。")


@on_postgresql
def test_publishing_a_case_study_learns_its_frequent_words(
    corpus, editor, django_capture_on_commit_callbacks
):
    case_study = CaseStudyFactory(
        status=Status.REVIEW, actions="子育て支援とテレワーク。ハスカップ。"
    )
    assert not learnt()
    with django_capture_on_commit_callbacks(execute=True):
        case_study_publish(case_study=case_study, actor=editor)
    assert "テレワーク" in learnt()
    assert "子育て" not in learnt()  # three characters: its trigram is in the index already
    assert "ハスカップ" not in learnt()  # in two case studies only
    # The first search of a learnt word is exact, from the index alone.
    with CaptureQueriesContext(connection) as queries:
        result = search_case_studies(query="子育て")
    assert result.count == 4 and not result.approximate and result.learn == []
    assert not [q for q in queries if "LIKE" in q["sql"] or "strpos" in q["sql"]]


@on_postgresql
def test_learning_a_case_study_s_words_twice_learns_them_once(corpus):
    case_study = CaseStudyFactory(published=True, actions="テレワーク")
    first = learn_case_study_search_terms(case_study.pk)
    assert "テレワーク" in first
    assert learn_case_study_search_terms(case_study.pk) == []
    assert SearchTerm.objects.filter(term="テレワーク").count() == 1


@on_postgresql
def test_a_draft_teaches_nothing(corpus):
    case_study = CaseStudyFactory(actions="テレワーク")
    assert learn_case_study_search_terms(case_study.pk) == []
    assert not learnt()


@on_postgresql
def test_the_command_learns_the_frequent_words_of_the_published_case_studies(corpus):
    out = StringIO()
    call_command("learn_search_terms", stdout=out)
    assert "テレワーク" in learnt() and "子育て" not in learnt()
    assert "ハスカップ" not in learnt()
    assert f"{len(learnt())} search terms learnt" in out.getvalue()
    out = StringIO()
    call_command("learn_search_terms", stdout=out)
    assert "0 search terms learnt" in out.getvalue()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_the_command_says_there_is_nothing_to_learn_without_postgresql(db):
    out = StringIO()
    call_command("learn_search_terms", stdout=out)
    assert "PostgreSQL only" in out.getvalue()
