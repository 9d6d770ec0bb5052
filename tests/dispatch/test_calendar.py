"""iCal feeds per person and per municipality: parsed back, scope-checked, and the private
subscription links."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from icalendar import Calendar

from dispatch.services import sessions
from tests.dispatch.factories import assigned_request, at, held_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(sapporo_staff, ishikari_officer, advisor_person):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    visit = held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 10))
    online = held_session(
        obj,
        ishikari_officer,
        advisor_person,
        day=dt.date(2026, 7, 17),
        start=14,
        end=16,
        mode="online",
    )
    cancelled = held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 24))
    sessions.session_cancel(session=cancelled, actor=ishikari_officer)
    return {"request": obj, "visit": visit, "online": online}


@pytest.fixture
def summer(monkeypatch):
    from django.utils import timezone

    fixed = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_the_persons_feed_parses_back_with_times_places_and_links(
    client, scheduled, advisor, advisor_person, summer
):
    client.force_login(advisor)
    visit, online = events(client.get(reverse("dispatch:person_ics", args=[advisor_person.pk])))
    assert visit.decoded("dtstart") == at(dt.date(2026, 7, 10), 10)
    assert visit.decoded("dtend") == at(dt.date(2026, 7, 10), 16)
    assert str(visit["location"]) == "役場 会議室"
    assert "札幌市" in str(visit["summary"])
    assert str(visit["uid"]).startswith(f"dispatch-session-{scheduled['visit'].pk}@")
    assert str(visit["url"]).endswith(f"/dispatch/sessions/{scheduled['visit'].pk}/")
    assert str(online["location"]) == "オンライン"
    assert "https://meet.example.jp/abc" in str(online["description"])


def test_the_municipalitys_feed_names_the_people(
    client, scheduled, sapporo_staff, advisor_person, summer
):
    client.force_login(sapporo_staff)
    found = events(client.get(reverse("dispatch:municipality_ics", args=["011002"])))
    assert len(found) == 2
    assert advisor_person.name in str(found[0]["description"])


def test_feeds_are_scope_checked(
    client, scheduled, ebetsu_staff, other_advisor, oshima_officer, advisor_person, summer
):
    client.force_login(ebetsu_staff)
    assert client.get(reverse("dispatch:municipality_ics", args=["011002"])).status_code == 404
    assert client.get(reverse("dispatch:person_ics", args=[advisor_person.pk])).status_code == 404
    client.force_login(other_advisor.user)
    assert client.get(reverse("dispatch:person_ics", args=[advisor_person.pk])).status_code == 404
    client.force_login(oshima_officer)
    assert client.get(reverse("dispatch:municipality_ics", args=["011002"])).status_code == 404
    # Officers keep the roster: they may see a person's calendar.
    assert client.get(reverse("dispatch:person_ics", args=[advisor_person.pk])).status_code == 200


def _issued_path(response) -> str:
    return urlsplit(response.context["new_feed_url"]).path


def test_a_subscription_link_works_without_signing_in_and_can_be_reset(
    client, scheduled, advisor, advisor_person, summer
):
    client.force_login(advisor)
    action = reverse("dispatch:person_feed", args=[advisor_person.pk])
    old = _issued_path(client.post(action, follow=True))
    client.logout()
    assert len(events(client.get(old))) == 2
    client.force_login(advisor)
    new = _issued_path(client.post(action, follow=True))
    client.logout()
    assert client.get(old).status_code == 404
    assert len(events(client.get(new))) == 2
    assert client.get(reverse("dispatch:feed_ics", args=["short"])).status_code == 404


def test_only_the_municipalitys_staff_make_its_subscription_link(
    client, scheduled, sapporo_staff, ishikari_officer, summer
):
    client.force_login(ishikari_officer)
    assert client.post(reverse("dispatch:municipality_feed", args=["011002"])).status_code == 404
    client.force_login(sapporo_staff)
    response = client.post(reverse("dispatch:municipality_feed", args=["011002"]))
    assert response.status_code == 302
    path = _issued_path(client.get(response["Location"]))
    client.logout()
    assert len(events(client.get(path))) == 2


def test_the_feed_takes_a_fixed_number_of_queries(
    client, scheduled, advisor, advisor_person, ishikari_officer, summer, django_assert_num_queries
):
    client.force_login(advisor)
    url = reverse("dispatch:person_ics", args=[advisor_person.pk])
    client.get(url)
    # One more than before: whether the reader may open each session's request (busy
    # otherwise) asks once who the reader is on the roster.
    with django_assert_num_queries(9):
        client.get(url)
    for day in (21, 22, 23):
        held_session(
            scheduled["request"], ishikari_officer, advisor_person, day=dt.date(2026, 8, day)
        )
    with django_assert_num_queries(9):
        assert len(events(client.get(url))) == 5
