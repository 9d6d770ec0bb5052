"""ふるさと納税 seminars and consultation sessions (kernel events of category furusato): the
list with seats and materials, registration by municipal staff with a waiting list that
never over-books (threaded, on PostgreSQL), the iCal files, materials' downloads, and HQ's
statistics."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from grants.models import EventMaterial
from grants.services.event_materials import event_material_add
from grants.services.matching import interest_accept
from portal.japanese import fiscal_year
from portal.models import Bureau, Event, Registration, Role
from portal.services.events import (
    event_cancel_registration,
    event_record_attendance,
    event_register,
    event_send_reminders,
)
from tests.factories import UserFactory
from tests.grants.support_factories import (
    InterestFactory,
    furusato_event,
    load_themes,
)

pytestmark = pytest.mark.django_db

LIST = reverse("grants:furusato_event_list")
FEED = reverse("grants:furusato_events_ics")
STATS = reverse("grants:furusato_statistics")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


def upload(name="資料.pdf"):
    return SimpleUploadedFile(name, PDF)


def register(event, user):
    return event_register(event=event, name=user.get_full_name(), email=user.email, user=user)


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_furusato_events_with_seats_and_your_registration(
    client, sapporo_staff, ebetsu_staff
):
    full = furusato_event(title="満席の研修会", capacity=1)
    register(full, ebetsu_staff)
    register(full, sapporo_staff)  # waiting list
    furusato_event(title="非公開", is_published=False)
    Event.objects.create(
        category="kyoryokutai",
        title="協力隊の研修",
        starts_at=full.starts_at,
        ends_at=full.ends_at,
        capacity=5,
        is_published=True,
    )
    client.force_login(sapporo_staff)
    response = client.get(LIST)
    [row] = response.context["rows"]
    assert (row["event"], row["left"], row["waiting"]) == (full, 0, 1)
    assert row["registration"].status == "waitlisted"
    text = response.content.decode()
    assert reverse("portal:event_detail", args=[full.pk]) in text
    assert reverse("portal:event_ics", args=[full.pk]) in text
    assert "協力隊の研修" not in text and "非公開" not in text


def test_filters_by_when_organiser_and_year(client):
    now = timezone.now()
    furusato_event(title="これから")
    furusato_event(
        title="去年度",
        starts_at=now - dt.timedelta(days=400),
        ends_at=now - dt.timedelta(days=400) + dt.timedelta(hours=2),
    )
    furusato_event(title="石狩の相談会", bureau=Bureau.objects.get(code="ishikari"))

    def titles(query):
        return {row["event"].title for row in client.get(LIST, query).context["rows"]}

    assert titles({"when": "upcoming"}) == {"これから", "石狩の相談会"}
    assert titles({"when": "past"}) == {"去年度"}
    assert titles({"bureau": "ishikari"}) == {"石狩の相談会"}
    last_year = fiscal_year(now - dt.timedelta(days=400))
    assert titles({"when": "", "fiscal_year": str(last_year)}) == {"去年度"}
    assert "去年度" not in titles({"when": "", "fiscal_year": str(fiscal_year())})
    # A first visit shows what is coming.
    assert titles({}) == {"これから", "石狩の相談会"}
    assert client.get(LIST, {"when": "x", "fiscal_year": "abc", "page": "-1"}).status_code == 200


def test_list_query_count_is_pinned(client, sapporo_staff, hq_user, django_assert_num_queries):
    event = furusato_event()
    register(event, sapporo_staff)
    event_material_add(event=event, actor=hq_user, title="資料", upload=upload())
    client.force_login(sapporo_staff)
    # session, user, unread, session save (savepoint, update, release); bureau choices;
    # count; page; seats; materials and their files; the user's registrations.
    with django_assert_num_queries(13):
        client.get(LIST)
    for n in range(25):
        other = furusato_event(title=f"研修会{n}", capacity=3)
        register(other, UserFactory(sapporo=True))
        event_material_add(event=other, actor=hq_user, title=f"資料{n}", upload=upload())
    with django_assert_num_queries(13):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 20


# --- Registration through the kernel's page, the waiting list and reminders -----------------


def test_municipal_staff_register_wait_and_move_up_when_someone_cancels(
    client, sapporo_staff, ebetsu_staff, django_capture_on_commit_callbacks
):
    event = furusato_event(capacity=1)
    page = reverse("portal:event_detail", args=[event.pk])
    client.force_login(ebetsu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"organisation": "", "website": ""})
    client.force_login(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"organisation": "", "website": ""})
    first, second = Registration.objects.order_by("pk")
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel_registration(registration=first)
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert mail.outbox[-1].to == [sapporo_staff.email]
    # The list now shows the seat as the user's.
    assert client.get(LIST).context["rows"][0]["registration"].status == "confirmed"


def test_a_reminder_the_day_before(sapporo_staff, django_capture_on_commit_callbacks):
    start = timezone.now() + dt.timedelta(hours=24)
    event = furusato_event(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        register(event, sapporo_staff)
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        event_send_reminders()
        event_send_reminders()
    assert len(mail.outbox) == before + 1
    assert event.title in mail.outbox[-1].subject


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_concurrent_registrations_and_cancellations_never_over_book():
    """Twelve people register at once for three seats, then the three seated cancel while
    four more register: seats never exceed the capacity and the waiting list moves up in
    the order people registered."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    event = furusato_event(capacity=3)
    staff = [UserFactory(sapporo=True) for _n in range(16)]
    errors = []

    def run_all(actions):
        barrier = threading.Barrier(len(actions))

        def run(action):
            try:
                barrier.wait(timeout=10)
                action()
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(a,)) for a in actions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    run_all([lambda u=u: register(event, u) for u in staff[:12]])
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 9
    seated = list(Registration.objects.filter(status="confirmed"))
    waiting_order = list(
        Registration.objects.filter(status="waitlisted")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    run_all(
        [lambda r=r: event_cancel_registration(registration=r) for r in seated]
        + [lambda u=u: register(event, u) for u in staff[12:]]
    )
    assert errors == []
    confirmed = set(Registration.objects.filter(status="confirmed").values_list("pk", flat=True))
    assert len(confirmed) == 3
    # The first three of the original waiting list got the freed seats.
    assert confirmed == set(waiting_order[:3])
    assert Registration.objects.filter(status="waitlisted").count() == 10


# --- Calendars ------------------------------------------------------------------------------


def test_the_calendar_feed_parses_back(client):
    event = furusato_event(title="ふるさと納税セミナー", place="札幌市 道庁別館")
    furusato_event(title="中止", is_cancelled=True)
    furusato_event(title="非公開", is_published=False)
    response = client.get(FEED)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entries = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == ["ふるさと納税セミナー"]
    [entry] = entries
    assert entry.decoded("DTSTART") == timezone.localtime(event.starts_at).replace(microsecond=0)
    assert str(entry["LOCATION"]) == "札幌市 道庁別館"
    assert str(entry["URL"]).endswith(reverse("portal:event_detail", args=[event.pk]))
    single = Calendar.from_ical(client.get(reverse("portal:event_ics", args=[event.pk])).content)
    assert str(single.walk("VEVENT")[0]["SUMMARY"]) == "ふるさと納税セミナー"


# --- Materials ------------------------------------------------------------------------------


def test_organisers_add_materials_in_the_admin_and_others_get_404(
    client, ishikari_officer, oshima_officer
):
    event = furusato_event(bureau=Bureau.objects.get(code="ishikari"))
    add = reverse("admin:grants_eventmaterial_add")
    client.force_login(oshima_officer)
    response = client.post(add, {"event": event.pk, "title": "資料", "order": 0, "file": upload()})
    assert response.status_code == 200  # not a choice for another bureau
    assert not EventMaterial.objects.exists()
    client.force_login(ishikari_officer)
    response = client.post(
        add, {"event": event.pk, "title": "当日資料", "order": 0, "file": upload()}
    )
    assert response.status_code == 302
    material = EventMaterial.objects.get()
    change = reverse("admin:grants_eventmaterial_change", args=[material.pk])
    # Its page (read-only: a material is replaced, not edited) links the file under its
    # Japanese label, without the upload field's English name.
    page = client.get(change).content.decode()
    assert "資料.pdf" in page
    assert ">ファイル:<" in page.replace("\n", "").replace(" ", "")
    assert "File:" not in page
    client.force_login(oshima_officer)
    assert client.get(change).status_code == 404
    # A script is not a material.
    client.force_login(ishikari_officer)
    response = client.post(
        add,
        {
            "event": event.pk,
            "title": "x",
            "order": 0,
            "file": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert EventMaterial.objects.count() == 1


def test_who_downloads_materials(client, hq_user, sapporo_staff, ishikari_officer):
    event = furusato_event()
    material = event_material_add(event=event, actor=hq_user, title="当日資料", upload=upload())
    [attachment] = material_files(material)
    url = reverse("portal:attachment_download", args=[attachment.pk])
    # Registered participants read the materials whoever they are (seminars are for staff;
    # a registration made by the organisers for a guest counts too).
    guest_registered = UserFactory(role=Role.COMPANY)
    from portal.models import Registration

    Registration.objects.create(
        event=event,
        user=guest_registered,
        name="来賓",
        email=guest_registered.email,
        status="confirmed",
    )
    for user, status in [
        (sapporo_staff, 200),
        (ishikari_officer, 200),
        (guest_registered, 200),
        (UserFactory(role=Role.COMPANY), 404),
        (UserFactory(), 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 404
    page = client.get(LIST).content.decode()
    assert "当日資料" in page and url not in page


def material_files(material):
    from portal.services.attachments import attachments_of

    return list(attachments_of(material))


# --- Statistics -----------------------------------------------------------------------------


def _held(**kwargs):
    start = timezone.now() - dt.timedelta(days=3)
    return furusato_event(starts_at=start, ends_at=start + dt.timedelta(hours=2), **kwargs)


def test_statistics_count_events_attendance_and_matches_per_bureau(
    client, hq_user, sapporo_staff, ebetsu_staff
):
    event = furusato_event(bureau=Bureau.objects.get(code="ishikari"), capacity=5)
    first = register(event, sapporo_staff)
    register(event, ebetsu_staff)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=2),
    )
    event_record_attendance(event=event, attended_ids=[first.pk])
    _held()  # an HQ event nobody came to
    furusato_event()  # not held yet
    interest_accept(interest=InterestFactory(pledged_amount=3_000_000), actor=sapporo_staff)
    client.force_login(hq_user)
    response = client.get(STATS)
    stats = response.context["stats"]
    rows = {row["bureau"].code: row for row in stats["rows"]}
    assert (rows["ishikari"]["events"], rows["ishikari"]["registered"]) == (1, 2)
    assert (rows["ishikari"]["attended"], rows["ishikari"]["matches"]) == (1, 1)
    assert rows["ishikari"]["pledged"] == 3_000_000
    assert (stats["hq"]["events"], stats["hq"]["attended"]) == (1, 0)
    assert stats["totals"]["events"] == 2
    assert len(response.context["charts"]) == 2
    text = response.content.decode()
    assert 'role="img"' in text and "<caption>" in text
    assert text.count('class="fluid-chart"') == 2 and "viewBox" not in text


@pytest.mark.parametrize("who", ["ishikari_officer", "sapporo_staff", "newcomer"])
def test_statistics_are_for_hq(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(STATS).status_code == 404


def test_statistics_query_count_is_pinned(
    client, hq_user, sapporo_staff, django_assert_num_queries
):
    client.force_login(hq_user)
    # session, user, unread, session save (savepoint, update, release); events, people,
    # matches and projects grouped by bureau; the bureaus.
    with django_assert_num_queries(11):
        client.get(STATS, {"fiscal_year": "2099"})
    for _n in range(5):
        event = _held(capacity=5)
        interest_accept(interest=InterestFactory(), actor=sapporo_staff)
        Registration.objects.create(
            event=event, name="x", email=f"{event.pk}@x.jp", status="confirmed"
        )
    with django_assert_num_queries(11):
        client.get(STATS)


def test_themes_are_seeded(db):
    load_themes()
    from grants.models import PolicyTheme

    assert PolicyTheme.objects.count() == 12
