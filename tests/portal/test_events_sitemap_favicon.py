"""/events/ across the programmes (coming first, the archive, filters, pages); the sitemap
page for people and /sitemap.xml for crawlers; the favicon."""

import datetime as dt

import pytest
from django.utils import timezone

from portal.models import Bureau
from tests.dispatch.test_kyoryokutai_factories import make_event

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def events(db):
    now = timezone.now()
    ishikari = Bureau.objects.get(code="ishikari")
    return {
        "soon": make_event(title="協力隊 説明会 石狩", bureau=ishikari),
        "later": make_event(
            title="ふるさと納税 研修会",
            category="furusato",
            starts_at=now + dt.timedelta(days=40),
        ),
        "past": make_event(title="終わった交流会", starts_at=now - dt.timedelta(days=5)),
        "draft": make_event(title="非公開の研修", is_published=False),
    }


def test_events_lists_coming_events_soonest_first(client, events, django_assert_num_queries):
    with django_assert_num_queries(3):  # count, page, the bureaus of the filter
        response = client.get("/events/")
    assert response.status_code == 200
    html = html_of(response)
    assert html.index("協力隊 説明会 石狩") < html.index("ふるさと納税 研修会")
    assert "終わった交流会" not in html and "非公開の研修" not in html
    assert 'role="status"' in html
    assert 'href="/events/?when=past"' in html


def test_the_archive_lists_past_events(client, events):
    html = html_of(client.get("/events/", {"when": "past"}))
    assert "終わった交流会" in html
    assert "協力隊 説明会 石狩" not in html and "非公開の研修" not in html


def test_events_filter_by_category_and_bureau(client, events):
    html = html_of(client.get("/events/", {"category": "furusato"}))
    assert "ふるさと納税 研修会" in html and "協力隊 説明会 石狩" not in html
    html = html_of(client.get("/events/", {"bureau": "ishikari"}))
    assert "協力隊 説明会 石狩" in html and "ふるさと納税 研修会" not in html
    # The filter offers the categories the pillars registered, with their names.
    assert 'value="kyoryokutai"' in html and 'value="furusato"' in html


def test_bad_event_filters_are_not_an_error(client, events):
    for params in ({"category": "nothing"}, {"bureau": "x"}, {"when": "x"}, {"page": "x"}):
        assert client.get("/events/", params).status_code == 200


def test_events_are_paginated_and_the_query_count_does_not_grow(
    client, db, django_assert_num_queries
):
    for n in range(25):
        make_event(title=f"イベント{n:02d}", starts_at=timezone.now() + dt.timedelta(days=n + 1))
    with django_assert_num_queries(3):
        first = html_of(client.get("/events/"))
    assert "イベント00" in first and "イベント24" not in first
    assert 'rel="next"' in first
    assert "イベント24" in html_of(client.get("/events/", {"page": "2"}))


def test_the_sitemap_page_lists_the_public_sections(client):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    html = html_of(response)
    for url in (
        "/grants/decisions/",
        "/grants/calls/",
        "/events/",
        "/municipalities/",
        "/casebook/cases/",
        "/dispatch/kyoryokutai/",
        "/sitemap.xml",
    ):
        assert f'href="{url}"' in html
    assert 'href="/sitemap/"' in html_of(client.get("/"))  # the footer links to it


def test_the_xml_sitemap_includes_the_new_public_pages(client):
    xml = html_of(client.get("/sitemap.xml"))
    for path in ("/events/", "/sitemap/", "/grants/decisions/", "/grants/calls/"):
        assert f"{path}</loc>" in xml


def test_the_favicon_answers_and_every_page_links_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = html_of(client.get("/"))
    assert 'rel="icon"' in html and "favicon.svg" in html
