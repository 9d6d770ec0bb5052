"""The shared inbox of a unit (#20): notifications to a unit reach each member and its
mailbox once, and the unit's inbox lists each notification once, to its members only."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from portal.services.notifications import notify, notify_many, notify_unit
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notify_unit(unit, key="demo:1", subject="課あての連絡"):
    return notify_unit(
        unit=unit,
        kind="test",
        subject=subject,
        template="portal/email/consultation_answered.txt",
        context={},
        dedupe_key=key,
    )


@pytest.fixture
def unit(db):
    return UnitFactory(name="企画課", email="kikaku@city.example.jp")


def test_a_unit_notification_reaches_each_member_and_the_mailbox_once(
    unit, django_capture_on_commit_callbacks
):
    members = UserFactory.create_batch(2, sapporo=True, unit=unit)
    UserFactory(sapporo=True, unit=unit, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify_unit(unit)
        _notify_unit(unit)
    rows = Notification.objects.filter(unit=unit)
    assert rows.count() == 3
    assert {r.recipient for r in rows} == {*members, None}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [members[0].email, members[1].email, "kikaku@city.example.jp"]
    )


def test_a_personal_notification_carries_the_recipients_unit(unit):
    person = UserFactory(sapporo=True, unit=unit)
    row = notify(
        recipient=person,
        kind="test",
        subject="個人あて",
        template="portal/email/consultation_answered.txt",
        context={},
        dedupe_key="personal:1",
    )
    assert row.unit == unit


def test_a_member_sees_the_units_notifications_once_and_another_unit_does_not(client, unit):
    member, colleague = UserFactory.create_batch(2, sapporo=True, unit=unit)
    outsider = UserFactory(sapporo=True, unit=UnitFactory(name="総務課"))
    _notify_unit(unit, subject="課あての連絡")
    notify_many(
        [member, colleague],
        kind="test",
        subject="二人あての連絡",
        template="portal/email/consultation_answered.txt",
        context={},
        dedupe_key="pair:1",
    )
    client.force_login(colleague)
    page = client.get(reverse("portal:unit_inbox")).content.decode()
    assert page.count("課あての連絡") == 1 and page.count("二人あての連絡") == 1
    client.force_login(outsider)
    page = client.get(reverse("portal:unit_inbox")).content.decode()
    assert "課あての連絡" not in page and "二人あての連絡" not in page


def test_someone_without_a_unit_has_no_unit_inbox(client, sapporo_staff):
    client.force_login(sapporo_staff)
    assert client.get(reverse("portal:unit_inbox")).status_code == 404


def test_my_page_counts_what_nobody_in_the_unit_has_read(client, unit):
    member, colleague = UserFactory.create_batch(2, sapporo=True, unit=unit)
    _notify_unit(unit, key="a")
    _notify_unit(unit, key="b")
    Notification.objects.filter(recipient=colleague, unit_key__startswith="b:").update(
        read_at="2026-04-01T00:00:00Z"
    )
    client.force_login(member)
    response = client.get(reverse("portal:mypage"))
    assert response.context["unit_inbox_unread"] == 1
    assert reverse("portal:unit_inbox") in response.content.decode()


def test_the_unit_inbox_pages_with_a_fixed_number_of_queries(
    client, unit, django_assert_max_num_queries
):
    members = UserFactory.create_batch(4, sapporo=True, unit=unit)
    for n in range(25):
        _notify_unit(unit, key=f"k{n}", subject=f"連絡{n}")
    client.force_login(members[0])
    # session, user, count, unit, unread badge, the page's rows, and the session's save
    # (three with its savepoint), whatever the number of notifications and members.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("portal:unit_inbox"))
    assert len(response.context["page"].object_list) == 20
    with django_assert_max_num_queries(9):
        response = client.get(reverse("portal:unit_inbox") + "?page=2")
    assert len(response.context["page"].object_list) == 5


def test_the_inbox_stays_with_the_unit_when_people_move(client, unit):
    leaver = UserFactory(sapporo=True, unit=unit)
    _notify_unit(unit, subject="引き継ぐ連絡")
    newcomer = UserFactory(sapporo=True, unit=unit)
    leaver.unit = UnitFactory(name="総務課")
    leaver.save(update_fields=["unit"])
    client.force_login(newcomer)
    assert "引き継ぐ連絡" in client.get(reverse("portal:unit_inbox")).content.decode()
    client.force_login(leaver)
    assert "引き継ぐ連絡" not in client.get(reverse("portal:unit_inbox")).content.decode()
