"""ふるさと納税 1:1 consultations (#22): officers publish slots (one or a series) in the
admin, municipal staff book one with a topic and cancel until the cut-off, a slot is never
booked twice (the service, the partial unique index, and two threads at once on
PostgreSQL), one reminder the day before, and the scoping of every page."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from grants.models import ConsultationSlot, SlotBooking
from grants.rules.furusato import CANCEL_CUTOFF_HOURS, booking_may_be_cancelled, series_starts
from grants.services import furusato_consultations as services
from portal.models import Bureau, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("grants:furusato_consultations")


def slot(*, bureau="ishikari", days=3, hour=10, minutes=30, **kwargs) -> ConsultationSlot:
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour))
    )
    return ConsultationSlot.objects.create(
        bureau=Bureau.objects.get(code=bureau) if bureau else None,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        place=kwargs.pop("place", "石狩振興局 3階会議室"),
        **kwargs,
    )


def book(user, target, topic="返礼品の選び方について"):
    return services.slot_book(actor=user, slot=target, topic=topic)


# --- Rules ------------------------------------------------------------------------------------


def test_cancelling_is_allowed_up_to_the_cutoff_and_not_after():
    start = timezone.now() + dt.timedelta(days=5)
    cutoff = start - dt.timedelta(hours=CANCEL_CUTOFF_HOURS)
    assert booking_may_be_cancelled(start, cutoff - dt.timedelta(seconds=1))
    assert booking_may_be_cancelled(start, cutoff)
    assert not booking_may_be_cancelled(start, cutoff + dt.timedelta(seconds=1))


def test_a_series_fills_whole_slots_only():
    start = dt.datetime(2026, 7, 1, 10, 0)
    assert len(series_starts(start, start + dt.timedelta(hours=6), 30)) == 12
    # 10:00–11:40 in 30 minutes: three whole slots, the fourth would end at 11:30+30.
    assert len(series_starts(start, start + dt.timedelta(minutes=100), 30)) == 3
    assert len(series_starts(start, start + dt.timedelta(minutes=90), 30)) == 3
    assert len(series_starts(start, start + dt.timedelta(minutes=89), 30)) == 2
    # A break of 10 minutes: 10:00, 10:40, 11:20 (ends 11:50 ≤ 12:00).
    assert series_starts(start, start + dt.timedelta(hours=2), 30, 10)[-1] == start.replace(
        hour=11, minute=20
    )
    assert series_starts(start, start + dt.timedelta(hours=2), 0) == []


# --- Booking ----------------------------------------------------------------------------------


def test_staff_see_their_bureaus_and_hqs_open_future_slots_only(
    client, sapporo_staff, django_assert_num_queries
):
    own = slot(notes="2階です")
    hq = slot(bureau=None, place="", online_url="https://meet.example.jp/hq")
    slot(bureau="oshima")  # another bureau's
    slot(days=-1)  # past
    slot(is_published=False)  # not published
    taken = slot(hour=11)
    book(UserFactory(ebetsu=True), taken)
    client.force_login(sapporo_staff)
    response = client.get(LIST)
    assert response.status_code == 200
    assert [s.pk for s in response.context["slots"]] == [own.pk, hq.pk]
    # Session, user, bookings, municipality, slots, unread count, session save: whatever
    # the number of slots.
    for hour in (13, 14, 15):
        slot(hour=hour)
    with django_assert_num_queries(9):
        client.get(LIST)


def test_booking_with_a_topic_tells_the_bureau_and_frees_the_slot_on_cancel(
    client, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    target = slot(days=5)
    client.force_login(sapporo_staff)
    url = reverse("grants:furusato_slot_book", args=[target.pk])
    # No topic: the page again with a clear message, nothing booked.
    response = client.post(url, {"topic": "  "})
    assert response.status_code == 400
    assert "topic" in response.context["form"].errors
    assert not SlotBooking.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"topic": "ポータルサイトの追加について"})
    assert response.status_code == 302
    booking = SlotBooking.objects.get()
    assert booking.municipality == sapporo_staff.municipality
    assert mail.outbox[-1].to == [ishikari_officer.email]
    # Booked: gone from the open list, shown as the municipality's booking.
    response = client.get(LIST)
    assert response.context["slots"] == []
    assert response.context["bookings"][0]["may_cancel"]
    # The booking page of a booked slot is 404 for anyone.
    assert client.get(url).status_code == 404
    # Calendar file.
    ics = client.get(reverse("grants:furusato_booking_ics", args=[booking.pk]))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert "ポータルサイトの追加" in str(event["description"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("grants:furusato_booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert [s.pk for s in client.get(LIST).context["slots"]] == [target.pk]


def test_a_booked_slot_is_refused_with_a_clear_message(sapporo_staff, ebetsu_staff):
    target = slot()
    book(ebetsu_staff, target)
    with pytest.raises(ValidationError) as error:
        book(sapporo_staff, target)
    assert error.value.code == "taken"
    assert SlotBooking.objects.count() == 1


def test_the_database_refuses_a_second_active_booking_of_a_slot(sapporo_staff, ebetsu_staff):
    """The wall behind the service, on SQLite and PostgreSQL alike: a partial unique index."""
    target = slot()
    book(ebetsu_staff, target)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotBooking.objects.create(
            slot=target,
            municipality=sapporo_staff.municipality,
            booked_by=sapporo_staff,
            topic="x",
        )
    # A cancelled booking does not hold the slot.
    SlotBooking.objects.update(status="cancelled")
    assert book(sapporo_staff, target).status == "booked"


def test_the_service_turns_a_race_past_its_check_into_the_message(
    sapporo_staff, ebetsu_staff, monkeypatch
):
    """If another booking lands between the check and the insert, the unique index refuses
    it and the service says so, rather than a 500."""
    target = slot()
    book(ebetsu_staff, target)
    # The check sees no active booking, as if the other one were not committed yet.
    monkeypatch.setattr(services, "slot_is_taken", lambda slot: False)
    with pytest.raises(ValidationError) as error:
        book(sapporo_staff, target)
    assert error.value.code == "taken"


def test_other_bureaus_municipalities_cannot_book_and_get_404(client, hakodate_staff):
    target = slot()
    with pytest.raises(PermissionDenied):
        book(hakodate_staff, target)
    client.force_login(hakodate_staff)
    url = reverse("grants:furusato_slot_book", args=[target.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"topic": "x"}).status_code == 404


def test_cancelling_after_the_cutoff_is_refused_with_a_message(client, sapporo_staff):
    target = slot(days=1, hour=23)  # starts in less than 48 h; move it inside the cut-off
    target.starts_at = timezone.now() + dt.timedelta(hours=CANCEL_CUTOFF_HOURS - 1)
    target.ends_at = target.starts_at + dt.timedelta(minutes=30)
    target.save()
    booking = book(sapporo_staff, target)
    with pytest.raises(ValidationError) as error:
        services.booking_cancel(actor=sapporo_staff, booking=booking)
    assert error.value.code == "too_late"
    client.force_login(sapporo_staff)
    response = client.get(LIST)
    assert not response.context["bookings"][0]["may_cancel"]
    response = client.post(
        reverse("grants:furusato_booking_cancel", args=[booking.pk]), follow=True
    )
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_bookings_are_404_outside_their_scope(client, sapporo_staff, ebetsu_staff, oshima_officer):
    booking = book(sapporo_staff, slot())
    for user in (ebetsu_staff, oshima_officer):
        client.force_login(user)
        ics = reverse("grants:furusato_booking_ics", args=[booking.pk])
        assert client.get(ics).status_code == 404
        assert (
            client.post(reverse("grants:furusato_booking_cancel", args=[booking.pk])).status_code
            == 404
        )
    booking.refresh_from_db()
    assert booking.status == "booked"


# --- Reminders --------------------------------------------------------------------------------


def test_one_reminder_the_day_before_whatever_reruns(
    sapporo_staff, django_capture_on_commit_callbacks
):
    tomorrow = book(sapporo_staff, slot(days=1))
    book(sapporo_staff, slot(days=2))  # the day after: not yet
    cancelled = book(sapporo_staff, slot(days=1, hour=14))
    # Cancelled in good time (two days before: at any hour of the run, tomorrow's booking is
    # inside the 24-hour cut-off now).
    services.booking_cancel(
        actor=sapporo_staff, booking=cancelled, now=cancelled.slot.starts_at - dt.timedelta(days=2)
    )
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.booking_reminders_send() == 1
        assert services.booking_reminders_send() == 0
    assert len(mail.outbox) == before + 1
    assert mail.outbox[-1].to == [sapporo_staff.email]
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at is not None
    assert Notification.objects.filter(kind="furusato.consultation_reminder").count() == 1


def test_the_beat_schedule_runs_the_reminders_daily(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "grants.tasks.send_consultation_reminders" in tasks


def test_the_task_reminds_through_the_service(sapporo_staff):
    from grants.tasks import send_consultation_reminders

    book(sapporo_staff, slot(days=1))
    today = timezone.localdate().isoformat()
    assert send_consultation_reminders(today) == 1
    assert send_consultation_reminders(today) == 0


# --- The admin --------------------------------------------------------------------------------


def test_an_officer_makes_a_series_of_slots_for_their_bureau(client, ishikari_officer):
    client.force_login(ishikari_officer)
    url = reverse("admin:grants_consultationslot_series")
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {
        "day": day,
        "first": "10:00",
        "last": "12:00",
        "minutes": "30",
        "gap": "0",
        "place": "",
        "online_url": "",
        "is_published": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400  # neither place nor URL
    assert "place" in response.context["form"].errors
    response = client.post(url, {**data, "place": "石狩振興局"})
    assert response.status_code == 302
    slots = list(ConsultationSlot.objects.order_by("starts_at"))
    assert len(slots) == 4
    assert {s.bureau.code for s in slots} == {"ishikari"}
    # Too many at once.
    response = client.post(url, {**data, "place": "石狩", "last": "23:59", "first": "00:00"})
    assert response.status_code == 400
    assert ConsultationSlot.objects.count() == 4


def test_officers_see_their_bureaus_slots_and_bookings_only(
    client, ishikari_officer, oshima_officer, hq_user, sapporo_staff, django_assert_num_queries
):
    booking = book(sapporo_staff, slot())
    hq_slot = slot(bureau=None)
    slot_change = reverse("admin:grants_consultationslot_change", args=[booking.slot.pk])
    booking_change = reverse("admin:grants_slotbooking_change", args=[booking.pk])
    client.force_login(oshima_officer)
    assert client.get(slot_change).status_code == 404
    assert client.get(booking_change).status_code == 404
    bookings = client.get(reverse("admin:grants_slotbooking_changelist"))
    assert bookings.context["cl"].result_count == 0
    client.force_login(ishikari_officer)
    assert client.get(slot_change).status_code == 200
    page = client.get(booking_change)
    assert page.status_code == 200
    # The officer takes the booking into their calendar too.
    ics = reverse("grants:furusato_booking_ics", args=[booking.pk])
    assert ics in page.content.decode()
    assert client.get(ics).status_code == 200
    hq_change = reverse("admin:grants_consultationslot_change", args=[hq_slot.pk])
    assert client.get(hq_change).status_code == 404
    client.force_login(hq_user)
    assert client.get(hq_change).status_code == 200
    changelist = reverse("admin:grants_consultationslot_changelist")
    client.get(changelist)
    # The same number of queries for 4 slots as for 7.
    for count in (3, 3):
        for _n in range(count):
            slot()
        with django_assert_num_queries(15):
            assert client.get(changelist).status_code == 200


def test_a_booked_slots_time_cannot_move_in_the_admin(client, ishikari_officer, sapporo_staff):
    booking = book(sapporo_staff, slot())
    target = booking.slot
    client.force_login(ishikari_officer)
    url = reverse("admin:grants_consultationslot_change", args=[target.pk])
    later = timezone.localtime(target.starts_at) + dt.timedelta(hours=1)
    response = client.post(
        url,
        {
            "starts_at_0": later.date().isoformat(),
            "starts_at_1": later.strftime("%H:%M"),
            "ends_at_0": later.date().isoformat(),
            "ends_at_1": (later + dt.timedelta(minutes=30)).strftime("%H:%M"),
            "place": target.place,
            "online_url": "",
            "notes": "",
            "is_published": "on",
            "bookings-TOTAL_FORMS": "1",
            "bookings-INITIAL_FORMS": "1",
            "bookings-MIN_NUM_FORMS": "0",
            "bookings-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.starts_at == booking.slot.starts_at


# --- Two at once ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_municipalities_booking_one_slot_at_once_get_one_booking():
    """Two staff members press 「予約する」 for one slot at the same moment: one booking,
    the other is told the slot was taken."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    target = slot()
    staff = [UserFactory(sapporo=True), UserFactory(ebetsu=True)]
    barrier = threading.Barrier(len(staff))
    outcomes = []

    def run(user):
        try:
            barrier.wait(timeout=10)
            book(user, target)
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked", "taken"]
    assert SlotBooking.objects.filter(slot=target, status="booked").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_database_keeps_one_booking_per_slot_under_concurrent_writes():
    """Past the service and its lock: two connections inserting a booking of one slot at
    the same moment. The partial unique index makes the second wait and then refuses it."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections are exercised on PostgreSQL (CI runs this there)")
    target = slot()
    staff = [UserFactory(sapporo=True), UserFactory(ebetsu=True)]
    barrier = threading.Barrier(len(staff))
    outcomes = []

    def write(user):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                SlotBooking.objects.create(
                    slot=target, municipality=user.municipality, booked_by=user, topic="同時"
                )
            outcomes.append("written")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "written"]
