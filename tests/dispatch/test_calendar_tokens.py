"""Private calendar subscription URLs belong to one user: shown once to their owner, stored
only as a hash, rotated on demand, and dead (404) as soon as the owner is deactivated or no
longer holds the role and scope the URL was issued for. The feed shows what its owner may
see now, nothing more."""

import datetime as dt
import hashlib
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from dispatch.models import CalendarFeedToken
from dispatch.services import assignments
from portal.models import Municipality, Role
from portal.services.accounts import user_set_role
from tests.dispatch.factories import assigned_request, held_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def summer(monkeypatch):
    from django.utils import timezone

    fixed = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed


@pytest.fixture
def scheduled(sapporo_staff, ishikari_officer, advisor_person, summer):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 10))
    held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 17))
    return obj


def municipality_page(code="011002"):
    return reverse("dispatch:municipality_detail", args=[code])


def issue(client, user, *, code="011002", person=None) -> str:
    """Press 「新しいURLを発行する」 and read the URL off the page it leads to."""
    client.force_login(user)
    if person is not None:
        action = reverse("dispatch:person_feed", args=[person.pk])
    else:
        action = reverse("dispatch:municipality_feed", args=[code])
    response = client.post(action, follow=True)
    assert response.status_code == 200
    url = response.context["new_feed_url"]
    assert url in response.content.decode()
    client.logout()
    return urlsplit(url).path


def events(client, path) -> list:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_owners_url_works_without_signing_in(client, scheduled, sapporo_staff):
    path = issue(client, sapporo_staff)
    found = events(client, path)
    assert len(found) == 2
    assert scheduled.title in str(found[0]["description"])
    # Agendas and meeting links: never kept in a browser's or a proxy's cache.
    assert "no-store" in client.get(path)["Cache-Control"]


def test_the_url_is_shown_once_then_only_that_one_was_issued(client, scheduled, sapporo_staff):
    client.force_login(sapporo_staff)
    assert "新しいURLを発行する" in client.get(municipality_page()).content.decode()
    path = issue(client, sapporo_staff)
    client.force_login(sapporo_staff)
    page = client.get(municipality_page()).content.decode()
    assert path not in page
    assert "新しいURLを発行する" in page


def test_removing_the_role_kills_the_url(client, scheduled, sapporo_staff, hq_user):
    path = issue(client, sapporo_staff)
    user_set_role(user=sapporo_staff, role=Role.NONE, actor=hq_user)
    assert client.get(path).status_code == 404
    # A dead URL is forgotten on its first use.
    assert not CalendarFeedToken.objects.filter(user=sapporo_staff).exists()


def test_moving_to_another_municipality_kills_the_url(client, scheduled, sapporo_staff, hq_user):
    path = issue(client, sapporo_staff)
    user_set_role(
        user=sapporo_staff,
        role=Role.MUNICIPAL,
        actor=hq_user,
        municipality=Municipality.objects.get(code="012173"),
    )
    assert client.get(path).status_code == 404


def test_deactivating_the_account_kills_the_url(client, scheduled, sapporo_staff):
    path = issue(client, sapporo_staff)
    sapporo_staff.is_active = False
    sapporo_staff.save(update_fields=["is_active"])
    response = client.get(path)
    assert response.status_code == 404
    assert "text/calendar" not in response["Content-Type"]


def test_rotating_kills_the_old_url_at_once(client, scheduled, sapporo_staff):
    old = issue(client, sapporo_staff)
    new = issue(client, sapporo_staff)
    assert new != old
    assert client.get(old).status_code == 404
    assert len(events(client, new)) == 2
    assert CalendarFeedToken.objects.filter(user=sapporo_staff).count() == 1


def test_unknown_and_old_municipality_urls_answer_404(client, scheduled):
    for token in ("short", "x" * 32, "Q2FsZW5kYXJGZWVkVG9rZW5PbGRNdW5pY2lwYWxpdHk"):
        assert client.get(reverse("dispatch:feed_ics", args=[token])).status_code == 404


def test_another_municipalitys_staff_never_get_these_sessions(
    client, scheduled, ebetsu_staff, sapporo_staff
):
    client.force_login(ebetsu_staff)
    assert client.post(reverse("dispatch:municipality_feed", args=["011002"])).status_code == 404
    path = issue(client, ebetsu_staff, code="012173")
    found = events(client, path)
    assert found == []
    assert scheduled.title not in client.get(path).content.decode()


def test_each_staff_member_has_their_own_url(client, scheduled, sapporo_staff):
    from tests.factories import UserFactory

    colleague = UserFactory(sapporo=True)
    mine, theirs = issue(client, sapporo_staff), issue(client, colleague)
    assert mine != theirs
    assert len(events(client, mine)) == len(events(client, theirs)) == 2


def test_the_url_is_stored_only_as_a_hash(client, scheduled, sapporo_staff):
    path = issue(client, sapporo_staff)
    token = path.rsplit("/", 1)[-1].removesuffix(".ics")
    row = CalendarFeedToken.objects.get(user=sapporo_staff)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the DB
            for values in cursor.fetchall():
                assert not any(token in str(value) for value in values), table
    # The page showed it once; the session does not keep it.
    client.force_login(sapporo_staff)
    client.get(municipality_page())
    assert token not in str(dict(client.session))


def test_an_advisor_has_a_url_for_their_own_sessions_and_officers_cannot_make_it(
    client, scheduled, advisor, advisor_person, hq_user, ishikari_officer
):
    for officer in (hq_user, ishikari_officer):
        client.force_login(officer)
        assert (
            client.post(reverse("dispatch:person_feed", args=[advisor_person.pk])).status_code
            == 404
        )
    path = issue(client, advisor, person=advisor_person)
    assert len(events(client, path)) == 2


def test_the_feed_follows_what_the_owner_may_see_now(
    client, scheduled, advisor, advisor_person, ishikari_officer
):
    path = issue(client, advisor, person=advisor_person)
    assignments.assignment_release(
        assignment=scheduled.assignments.get(), actor=ishikari_officer, reason="体調不良のため"
    )
    assert events(client, path) == []


def test_unlinking_the_roster_entry_kills_the_advisors_url(
    client, scheduled, advisor, advisor_person
):
    path = issue(client, advisor, person=advisor_person)
    advisor_person.user = None
    advisor_person.save(update_fields=["user"])
    assert client.get(path).status_code == 404


def test_the_feed_takes_a_fixed_number_of_queries(
    client, scheduled, sapporo_staff, ishikari_officer, advisor_person, django_assert_num_queries
):
    path = issue(client, sapporo_staff)
    with django_assert_num_queries(4):
        client.get(path)
    for day in (21, 22, 23):
        held_session(scheduled, ishikari_officer, advisor_person, day=dt.date(2026, 8, day))
    with django_assert_num_queries(4):
        assert len(events(client, path)) == 5
