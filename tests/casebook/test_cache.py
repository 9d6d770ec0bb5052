"""Public pages are cached: conditional GET (ETag, Last-Modified, 304), the same bytes for
every anonymous visitor (no CSRF token), a new page as soon as something is published."""

import pytest
from django.test import Client
from django.urls import reverse

from casebook.models import Status
from casebook.services import case_studies as services
from tests.casebook.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

LIST = reverse("casebook:case_study_list")


def test_pages_carry_validators_and_answer_304(client):
    CaseStudyFactory(published=True)
    first = client.get(LIST)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "no-cache"
    assert "Cookie" in first["Vary"]
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_publishing_invalidates_the_cached_pages(
    client, editor, django_capture_on_commit_callbacks
):
    CaseStudyFactory(published=True, title="既存の事例")
    first = client.get(LIST)
    assert "新しい事例" not in first.content.decode()
    waiting = CaseStudyFactory(status=Status.REVIEW, title="新しい事例")
    assert "新しい事例" not in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_publish(case_study=waiting, actor=editor)
    again = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "新しい事例" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_archiving_removes_the_page_at_once(client, editor, django_capture_on_commit_callbacks):
    case_study = CaseStudyFactory(published=True)
    url = case_study.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.case_study_archive(case_study=case_study, actor=editor)
    assert client.get(url).status_code == 404


def test_every_visitor_gets_the_same_cached_page_and_can_switch_language():
    CaseStudyFactory(published=True)
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a = alice.get(LIST)
    page_b = bob.get(LIST)
    assert page_a.content == page_b.content
    assert "csrfmiddlewaretoken" not in page_b.content.decode()
    assert page_b.cookies == {}
    # Bob's language switch works from the cached page, with no token.
    response = bob.post(reverse("set_language"), {"language": "en", "next": LIST})
    assert response.status_code == 302
    assert '<html lang="en">' in bob.get(LIST).content.decode()


def test_signed_in_people_get_a_fresh_page(client, sapporo_staff):
    CaseStudyFactory(published=True)
    client.force_login(sapporo_staff)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "ETag" not in response
    assert "data-session-seconds" in response.content.decode()  # their own header


def test_each_language_has_its_own_cached_page(client, english):
    CaseStudyFactory(published=True)
    japanese = Client().get(LIST).content.decode()
    assert "絞り込む" in japanese
    assert "絞り込む" not in english.get(LIST).content.decode()
    assert "絞り込む" in Client().get(LIST).content.decode()


def test_a_publication_in_another_process_reaches_this_one(client, monkeypatch):
    from django.core.cache import cache

    from portal import pagecache
    from portal.pagecache import store

    monkeypatch.setattr(store, "LOCAL_SECONDS", 0)
    CaseStudyFactory(published=True, title="最初の事例")
    client.get(LIST)  # cached here and in the shared cache
    from casebook.models import CaseStudy

    CaseStudy.objects.filter(title="最初の事例").update(title="別のプロセスで更新")
    assert "最初の事例" in client.get(LIST).content.decode()
    cache.set(pagecache.GENERATION_KEY, 12345.0, None)  # what another process's publish does
    assert "別のプロセスで更新" in client.get(LIST).content.decode()
