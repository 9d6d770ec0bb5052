"""The roster shows an officer only free/busy for an advisor's work outside the officer's
scope: the time and 「予定あり」, never what the request is, where, with whom, or a link.
The same rule holds on the person's page, in their iCal file, on the candidates page and in
the message refusing an overlapping assignment."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from dispatch.services import sessions
from tests.dispatch.factories import (
    approved_request,
    assigned_request,
    at,
    confirmed_report,
    held_session,
)

pytestmark = pytest.mark.django_db

PLACE = "札幌市役所本庁舎 十二階 第三会議室"
AGENDA = "基幹業務システム標準化の移行計画の検討"
PARTICIPANTS = "企画課長、情報政策係長"


@pytest.fixture
def summer(monkeypatch):
    from django.utils import timezone

    fixed = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed


@pytest.fixture
def ishikari_work(sapporo_staff, ishikari_officer, advisor_person, summer):
    """A 石狩 request (札幌市) the advisor is assigned to, with a coming visit."""
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    session = sessions.session_schedule(
        request=obj,
        actor=ishikari_officer,
        mode="visit",
        starts_at=at(dt.date(2026, 7, 10), 10),
        ends_at=at(dt.date(2026, 7, 10), 16),
        people=[advisor_person],
        place=PLACE,
        agenda=AGENDA,
        participants=PARTICIPANTS,
    )
    return {"request": obj, "session": session}


def secrets_of(work) -> list[str]:
    obj = work["request"]
    return [obj.reference, obj.title, AGENDA, PLACE, PARTICIPANTS, "札幌市"]


def links_of(work) -> list[str]:
    return [
        reverse("dispatch:request_detail", args=[work["request"].pk]),
        reverse("dispatch:session_detail", args=[work["session"].pk]),
    ]


def person_page(client, user, person):
    client.force_login(user)
    response = client.get(reverse("dispatch:person_detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def person_events(client, user, person) -> list:
    client.force_login(user)
    response = client.get(reverse("dispatch:person_ics", args=[person.pk]))
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def event_text(event) -> str:
    return " ".join(str(event.get(key, "")) for key in ("summary", "description", "location"))


def test_an_officer_of_another_bureau_sees_only_busy_on_the_persons_page(
    client, ishikari_work, oshima_officer, advisor_person
):
    # The officer cannot open the request itself…
    client.force_login(oshima_officer)
    for link in links_of(ishikari_work):
        assert client.get(link).status_code == 404
    # …so the roster tells them only when the advisor is taken.
    page = person_page(client, oshima_officer, advisor_person)
    assert "予定あり" in page
    assert "10:00–16:00" in page
    assert "令和8年（2026年）7月1日 – 令和8年（2026年）9月30日" in page
    for secret in secrets_of(ishikari_work) + links_of(ishikari_work):
        assert secret not in page, secret


def test_an_officer_of_another_bureau_gets_only_busy_in_the_persons_ical_file(
    client, ishikari_work, oshima_officer, advisor_person
):
    (event,) = person_events(client, oshima_officer, advisor_person)
    assert str(event["summary"]) == "予定あり"
    assert event.decoded("dtstart") == at(dt.date(2026, 7, 10), 10)
    assert event.decoded("dtend") == at(dt.date(2026, 7, 10), 16)
    assert "url" not in event
    for secret in secrets_of(ishikari_work):
        assert secret not in event_text(event), secret


@pytest.mark.parametrize("who", ["ishikari_officer", "hq_user", "advisor"])
def test_the_requests_bureau_hq_and_the_advisor_see_the_details(
    client, request, who, ishikari_work, advisor_person
):
    user = request.getfixturevalue(who)
    page = person_page(client, user, advisor_person)
    obj = ishikari_work["request"]
    assert obj.reference in page
    assert obj.title in page
    assert reverse("dispatch:session_detail", args=[ishikari_work["session"].pk]) in page
    assert "予定あり" not in page
    (event,) = person_events(client, user, advisor_person)
    assert str(event["location"]) == PLACE
    assert AGENDA in str(event["description"])
    assert PARTICIPANTS in str(event["description"])
    assert "札幌市" in str(event["summary"])


def test_the_candidates_page_shows_another_bureaus_assignment_as_busy(
    client, ishikari_work, hakodate_staff, oshima_officer, advisor_person
):
    oshima_request = approved_request(hakodate_staff, oshima_officer, title="函館市窓口DX推進事業")
    client.force_login(oshima_officer)
    url = reverse("dispatch:request_candidates", args=[oshima_request.pk])
    page = client.get(url).content.decode()
    assert advisor_person.name in page
    assert "予定あり" in page
    assert "令和8年（2026年）7月1日 – 令和8年（2026年）9月30日" in page
    for secret in secrets_of(ishikari_work):
        assert secret not in page, secret
    # Assigning the advisor over the same period is refused without naming the other work.
    response = client.post(
        url,
        {"people": [advisor_person.pk], "starts_on": "2026-07-01", "ends_on": "2026-07-31"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "エラー" in page
    assert "2026-07-01" in page
    for secret in secrets_of(ishikari_work):
        assert secret not in page, secret


def test_the_requests_own_bureau_sees_the_clash_in_full(
    client, ishikari_work, sapporo_staff, ishikari_officer, advisor_person
):
    second = approved_request(sapporo_staff, ishikari_officer, title="窓口DX推進事業")
    client.force_login(ishikari_officer)
    page = client.get(reverse("dispatch:request_candidates", args=[second.pk])).content.decode()
    assert ishikari_work["request"].reference in page


def test_the_persons_figures_count_only_what_the_officer_may_see(
    client, ishikari_work, sapporo_staff, ishikari_officer, oshima_officer, advisor, monkeypatch
):
    from django.utils import timezone

    later = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: later)
    confirmed_report(ishikari_work["session"], advisor, sapporo_staff)
    person = ishikari_work["session"].people.get()
    client.force_login(oshima_officer)
    page = client.get(
        reverse("dispatch:person_detail", args=[person.pk]), {"fiscal_year": 2026}
    ).content.decode()
    assert "札幌市" not in page
    csv = client.get(
        reverse("dispatch:person_figures_csv", args=[person.pk]), {"fiscal_year": 2026}
    ).content.decode("utf-8-sig")
    assert "札幌市" not in csv
    client.force_login(ishikari_officer)
    page = client.get(
        reverse("dispatch:person_detail", args=[person.pk]), {"fiscal_year": 2026}
    ).content.decode()
    assert "札幌市" in page


def test_the_persons_page_takes_a_fixed_number_of_queries(
    client,
    ishikari_work,
    oshima_officer,
    ishikari_officer,
    advisor_person,
    django_assert_num_queries,
):
    client.force_login(oshima_officer)
    url = reverse("dispatch:person_detail", args=[advisor_person.pk])
    ics = reverse("dispatch:person_ics", args=[advisor_person.pk])
    client.get(url)
    with django_assert_num_queries(17):
        client.get(url)
    with django_assert_num_queries(9):
        client.get(ics)
    for day in (21, 22, 23):
        held_session(
            ishikari_work["request"], ishikari_officer, advisor_person, day=dt.date(2026, 8, day)
        )
    with django_assert_num_queries(17):
        page = client.get(url).content.decode()
    assert page.count("予定あり") == 5  # the assignment and four sessions
    with django_assert_num_queries(9):
        assert len(Calendar.from_ical(client.get(ics).content).walk("VEVENT")) == 4
