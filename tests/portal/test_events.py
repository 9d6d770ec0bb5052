"""Kernel events: capacity, waiting list, cancellation, reminders, iCal, concurrency."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from portal.models import Event, Registration
from portal.services.events import (
    event_cancel_registration,
    event_register,
    event_send_reminders,
)

pytestmark = pytest.mark.django_db


def make_event(**kwargs):
    start = timezone.now() + dt.timedelta(days=3)
    defaults = {
        "category": "furusato",
        "title": "ふるさと納税セミナー",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "place": "札幌市 道庁別館",
        "capacity": 2,
        "is_published": True,
        "open_to_public": True,
    }
    return Event.objects.create(**{**defaults, **kwargs})


def test_seats_then_waiting_list_then_promotion_on_cancel(django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        a = event_register(event=event, name="A", email="a@example.jp")
        b = event_register(event=event, name="B", email="b@example.jp")
        c = event_register(event=event, name="C", email="c@example.jp")
    assert [r.status for r in (a, b, c)] == ["confirmed", "confirmed", "waitlisted"]
    assert "waiting list" in mail.outbox[-1].body or "キャンセル待ち" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel_registration(registration=a)
    c.refresh_from_db()
    assert c.status == "confirmed"
    assert mail.outbox[-1].to == ["c@example.jp"]
    # Registering again with the same address returns the existing registration.
    assert event_register(event=event, name="B", email="B@example.jp").pk == b.pk


def test_registration_closes_and_private_events_need_an_account():
    event = make_event(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        event_register(event=event, name="A", email="a@example.jp")
    members_only = make_event(open_to_public=False)
    with pytest.raises(ValidationError):
        event_register(event=members_only, name="A", email="a@example.jp")


def test_the_web_page_registers_and_the_private_link_cancels(
    client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:event_detail", args=[event.pk]),
            {"name": "移住 希望", "email": "visitor@example.jp"},
        )
    # The form answers with the neutral page; the private link comes by mail.
    assert response["Location"] == reverse("portal:event_registration_sent", args=[event.pk])
    registration = Registration.objects.get()
    link = reverse("portal:registration_detail", args=[registration.pk, registration.token])
    assert link in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"action": "confirm"})
    page = client.get(link).content.decode()
    assert "ふるさと納税セミナー" in page
    client.post(reverse("portal:registration_cancel", args=[registration.pk, registration.token]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    wrong = reverse("portal:registration_detail", args=[registration.pk, "x" * 43])
    assert client.get(wrong).status_code == 404


def test_the_honeypot_refuses_bots(client):
    event = make_event()
    response = client.post(
        reverse("portal:event_detail", args=[event.pk]),
        {"name": "bot", "email": "bot@example.jp", "website": "http://spam"},
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_unpublished_events_are_404(client):
    event = make_event(is_published=False)
    assert client.get(reverse("portal:event_detail", args=[event.pk])).status_code == 404


def test_ical_file_parses_back():
    event = make_event()
    from django.test import Client

    response = Client().get(reverse("portal:event_ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "ふるさと納税セミナー"
    assert entry.decoded("DTSTART") == timezone.localtime(event.starts_at).replace(microsecond=0)
    assert str(entry["LOCATION"]) == "札幌市 道庁別館"


def test_reminders_go_out_once_the_day_before(django_capture_on_commit_callbacks):
    event = make_event(
        starts_at=timezone.now() + dt.timedelta(hours=24),
        ends_at=timezone.now() + dt.timedelta(hours=26),
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_register(event=event, name="A", email="a@example.jp")
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        event_send_reminders()
        event_send_reminders()
    assert len(mail.outbox) == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_concurrent_registrations_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    event = make_event(capacity=3)
    barrier = threading.Barrier(8)

    def register(index):
        try:
            barrier.wait(timeout=10)
            event_register(event=event, name=f"P{index}", email=f"p{index}@example.jp")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 5


def test_a_category_can_limit_who_registers(advisor, sapporo_staff):
    from portal import registry

    event = make_event(category="staff-only", open_to_public=False)
    registry.register_event_audience("staff-only", lambda user: user.role == "municipal")
    try:
        with pytest.raises(ValidationError):
            event_register(event=event, name="A", email=advisor.email, user=advisor)
        assert (
            event_register(
                event=event, name="S", email=sapporo_staff.email, user=sapporo_staff
            ).status
            == "confirmed"
        )
    finally:
        registry._event_audiences.pop("staff-only")
