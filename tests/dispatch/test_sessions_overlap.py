"""One person is never booked for two sessions at once, whatever the requests: the service
refuses the second one with a message naming the other booking only to someone who may
open its request (otherwise the time and 「予定あり」, as on the roster), and on PostgreSQL
an exclusion constraint on the attendance rows is the second wall. Touching sessions
(15:00–17:00 and 17:00–18:00) do not clash; cancelled ones do not count.

A person is live on one request a day (assignments never overlap), but a session stays
booked when its person's assignment is released: that is how two requests come to want the
same person on the same afternoon."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from dispatch.models import Session, SessionAttendance
from dispatch.services import assignments, sessions
from tests.dispatch.conftest import load_dispatch_reference
from tests.dispatch.factories import PersonFactory, assigned_request, at

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 7, 10)
FIRST_TITLE = "基幹業務システム標準化移行計画"
FIRST_PLACE = "札幌市役所本庁舎 十二階 第三会議室"
SECOND_TITLE = "窓口DX推進事業"


def book(obj, actor, person, start, end, *, mode="online", day=DAY, **extra):
    """Schedule a session of ``obj`` from ``start`` to ``end``, each an (hour, minute)."""
    return sessions.session_schedule(
        request=obj,
        actor=actor,
        mode=mode,
        starts_at=at(day, *start),
        ends_at=at(day, *end),
        people=[person],
        place=extra.pop("place", "役場 会議室" if mode == "visit" else ""),
        online_details="" if mode == "visit" else "https://meet.example.jp/abc",
        **extra,
    )


def clash_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.message_dict["starts_at"])


@pytest.fixture
def first(sapporo_staff, ishikari_officer, advisor_person):
    """札幌市's request: the advisor's visit 15:00–17:00, then the assignment released."""
    obj = assigned_request(
        sapporo_staff, ishikari_officer, advisor_person, ends_on=dt.date(2026, 7, 31)
    )
    session = book(
        obj, ishikari_officer, advisor_person, (15, 0), (17, 0), mode="visit", place=FIRST_PLACE
    )
    assignments.assignment_release(
        assignment=obj.assignments.get(), actor=ishikari_officer, reason="担当の交代"
    )
    obj.title = FIRST_TITLE
    obj.save(update_fields=["title"])
    return {"request": obj, "session": session}


@pytest.fixture
def second_ishikari(first, ebetsu_staff, ishikari_officer, advisor_person):
    """江別市's request (石狩 too), the same advisor assigned for the summer."""
    return assigned_request(ebetsu_staff, ishikari_officer, advisor_person, title=SECOND_TITLE)


@pytest.fixture
def second_oshima(first, hakodate_staff, oshima_officer, advisor_person):
    """函館市's request (渡島): its officer cannot open 札幌市's request."""
    return assigned_request(hakodate_staff, oshima_officer, advisor_person, title=SECOND_TITLE)


def secrets_of(first) -> list[str]:
    return [first["request"].reference, FIRST_TITLE, FIRST_PLACE, "札幌市"]


# --- The service ---------------------------------------------------------------------------


def test_an_overlapping_session_of_another_request_is_refused_naming_it(
    first, second_ishikari, ishikari_officer, advisor_person
):
    with pytest.raises(ValidationError) as error:
        book(second_ishikari, ishikari_officer, advisor_person, (16, 0), (18, 0))
    message = clash_of(error)
    assert advisor_person.name in message
    assert "令和8年7月10日 15:00～17:00" in message
    assert first["request"].reference in message
    assert FIRST_TITLE in message
    assert "重ねられません" in message
    assert error.value.error_dict["starts_at"][0].code == "overlap"
    assert second_ishikari.sessions.count() == 0


@pytest.mark.parametrize("who", ["oshima_officer", "hakodate_staff", "advisor"])
def test_someone_who_cannot_open_the_other_request_learns_only_when_the_person_is_busy(
    request, who, first, second_oshima, advisor_person
):
    with pytest.raises(ValidationError) as error:
        book(second_oshima, request.getfixturevalue(who), advisor_person, (16, 0), (18, 0))
    message = clash_of(error)
    assert "令和8年7月10日 15:00～17:00" in message
    assert "予定あり" in message
    for secret in secrets_of(first):
        assert secret not in message, secret


@pytest.mark.parametrize(
    ("start", "end", "clashes"),
    [
        ((17, 0), (18, 0), False),  # touching the end
        ((16, 59), (18, 0), True),  # one minute over the end
        ((17, 1), (18, 0), False),  # one minute after
        ((14, 0), (15, 0), False),  # touching the start
        ((14, 0), (15, 1), True),  # one minute over the start
        ((14, 0), (14, 59), False),  # one minute before
        ((15, 30), (16, 30), True),  # within
        ((14, 0), (18, 0), True),  # around
    ],
)
def test_sessions_clash_only_when_they_share_time(
    first, second_ishikari, ishikari_officer, advisor_person, start, end, clashes
):
    if clashes:
        with pytest.raises(ValidationError) as error:
            book(second_ishikari, ishikari_officer, advisor_person, start, end)
        assert "令和8年7月10日 15:00～17:00" in clash_of(error)
    else:
        assert book(second_ishikari, ishikari_officer, advisor_person, start, end)


def test_two_sessions_of_the_same_request_cannot_overlap_either(
    sapporo_staff, ishikari_officer, advisor_person
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    book(obj, ishikari_officer, advisor_person, (15, 0), (17, 0))
    with pytest.raises(ValidationError) as error:
        book(obj, sapporo_staff, advisor_person, (16, 0), (18, 0))
    assert obj.reference in clash_of(error)
    assert book(obj, sapporo_staff, advisor_person, (17, 0), (18, 0))


def test_a_cancelled_session_frees_the_time(
    first, second_ishikari, ishikari_officer, advisor_person
):
    sessions.session_cancel(session=first["session"], actor=ishikari_officer, reason="台風のため")
    session = book(second_ishikari, ishikari_officer, advisor_person, (16, 0), (18, 0))
    assert session.people.get() == advisor_person


def test_other_people_are_not_held_up_by_the_persons_sessions(
    first, ebetsu_staff, ishikari_officer
):
    someone_else = PersonFactory(name="別の 人材")
    obj = assigned_request(ebetsu_staff, ishikari_officer, someone_else, title=SECOND_TITLE)
    assert book(obj, ishikari_officer, someone_else, (15, 0), (17, 0))


def test_each_attendance_carries_the_sessions_time_and_state(
    first, second_ishikari, ishikari_officer, advisor_person
):
    """What the database constraint reads: kept in step by the services."""
    session = book(second_ishikari, ishikari_officer, advisor_person, (17, 0), (18, 0))
    row = SessionAttendance.objects.get(session=session)
    assert (row.person, row.starts_at, row.ends_at) == (advisor_person, at(DAY, 17), at(DAY, 18))
    assert row.is_cancelled is False
    sessions.session_cancel(session=session, actor=ishikari_officer)
    row.refresh_from_db()
    assert row.is_cancelled is True


# --- The page --------------------------------------------------------------------------------


def test_the_form_shows_the_clash_in_japanese_and_keeps_what_was_typed(
    client, first, second_ishikari, ishikari_officer, advisor_person
):
    client.force_login(ishikari_officer)
    url = reverse("dispatch:session_create", args=[second_ishikari.pk])
    data = {
        "mode": "online",
        "date": "2026-07-10",
        "start_time": "16:00",
        "end_time": "18:00",
        "online_details": "https://meet.example.jp/xyz",
        "people": [advisor_person.pk],
        "participants": "企画課 2名",
        "agenda": "様式の電子化の進め方",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "エラー：" in page.split("</title>")[0]
    form = response.context["form"]
    assert "start_time" in form.errors
    (message,) = form.errors["start_time"]
    assert message in page
    assert "令和8年7月10日 15:00～17:00" in message
    assert first["request"].reference in message
    assert "重ねられません" in message
    for typed in ("16:00", "18:00", "https://meet.example.jp/xyz", "企画課 2名", "様式の電子化"):
        assert typed in page, typed
    assert second_ishikari.sessions.count() == 0
    # Moved to the end of the other visit, it is scheduled.
    response = client.post(url, {**data, "start_time": "17:00"})
    assert response.status_code == 302
    assert second_ishikari.sessions.count() == 1


def test_the_form_tells_another_bureau_only_that_the_person_is_busy(
    client, first, second_oshima, oshima_officer, advisor_person
):
    client.force_login(oshima_officer)
    response = client.post(
        reverse("dispatch:session_create", args=[second_oshima.pk]),
        {
            "mode": "visit",
            "date": "2026-07-10",
            "start_time": "16:00",
            "end_time": "18:00",
            "place": "函館市役所 8階 会議室",
            "people": [advisor_person.pk],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "予定あり" in page
    assert "函館市役所 8階 会議室" in page
    for secret in secrets_of(first):
        assert secret not in page, secret


# --- The database rule (PostgreSQL) ------------------------------------------------------------


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL (CI runs this on PostgreSQL)")


def raw_session(obj, person, start, end, *, cancelled=False):
    """A session written past the service, as a bug or a script would."""
    session = Session.objects.create(
        request=obj,
        mode="online",
        starts_at=at(DAY, *start),
        ends_at=at(DAY, *end),
        date=DAY,
        fiscal_year=2026,
        created_by=obj.created_by,
    )
    SessionAttendance.objects.create(
        session=session,
        person=person,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        is_cancelled=cancelled,
    )
    return session


def test_the_database_refuses_an_overlapping_attendance_written_past_the_service(
    first, second_ishikari, advisor_person
):
    needs_postgresql()
    with (
        pytest.raises(IntegrityError, match="dispatch_session_attendance_no_overlap"),
        transaction.atomic(),
    ):
        raw_session(second_ishikari, advisor_person, (16, 59), (18, 0))
    # Touching, or cancelled, it is accepted.
    raw_session(second_ishikari, advisor_person, (17, 0), (18, 0))
    raw_session(second_ishikari, advisor_person, (16, 0), (18, 0), cancelled=True)


BEFORE = ("dispatch", "0006_calendar_feed_tokens_per_user")


def migrate(target=None):
    """Migrate dispatch to ``target``, or to its latest migration."""
    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes("dispatch")
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_migration_does_not_fail_on_sessions_that_already_overlap(
    sapporo_staff, ishikari_officer, caplog
):
    """Old data may hold clashes: the migration keeps them out of the database rule (and
    names them in a warning) instead of failing; every new booking is checked against
    them."""
    load_dispatch_reference()
    person = PersonFactory(name="重複 既存")
    obj = assigned_request(sapporo_staff, ishikari_officer, person)
    book(obj, ishikari_officer, person, (15, 0), (17, 0))
    later = book(obj, ishikari_officer, person, (17, 0), (18, 0))
    book(obj, ishikari_officer, person, (9, 0), (10, 0))
    cancelled = book(obj, ishikari_officer, person, (15, 0), (17, 0), day=DAY.replace(day=11))
    sessions.session_cancel(session=cancelled, actor=ishikari_officer)
    try:
        old = migrate(BEFORE)
        # What the old code let through: the later session moved into the earlier one, and
        # a session booked over the cancelled one.
        old_session = old.get_model("dispatch", "Session")
        old_session.objects.filter(pk=later.pk).update(starts_at=at(DAY, 16))
        rebooked = old_session.objects.create(
            request_id=obj.pk,
            mode="online",
            starts_at=at(DAY.replace(day=11), 15),
            ends_at=at(DAY.replace(day=11), 17),
            date=DAY.replace(day=11),
            fiscal_year=2026,
            created_by_id=ishikari_officer.pk,
        )
        rebooked.people.add(person.pk)
        with caplog.at_level(logging.WARNING):
            migrate()
    finally:
        migrate()  # the next tests find the schema as it is
    rows = {row.session_id: row for row in SessionAttendance.objects.all()}
    assert (rows[later.pk].starts_at, rows[later.pk].ends_at) == (at(DAY, 16), at(DAY, 18))
    assert rows[cancelled.pk].is_cancelled is True
    assert [pk for pk, row in rows.items() if row.legacy_overlap] == [later.pk]
    assert f"session {later.pk} " in caplog.text
    # The clash that came in stays visible to the service: nothing more at that time…
    with pytest.raises(ValidationError):
        book(obj, ishikari_officer, person, (16, 30), (16, 45))
    if connection.vendor == "postgresql":
        # …and the database still refuses new clashes with the rows it checks.
        with pytest.raises(IntegrityError), transaction.atomic():
            raw_session(obj, person, (9, 30), (10, 30))
