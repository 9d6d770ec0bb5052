"""Two officers assigning the same person at the same moment to two requests with
overlapping periods: exactly one assignment is made (PostgreSQL row locks). The same for
sessions: one person is never booked twice at the same time, by the service or, past it,
by the database."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from dispatch.models import Assignment, Session, SessionAttendance
from dispatch.services import assignments, sessions
from tests.dispatch.conftest import load_dispatch_reference
from tests.dispatch.factories import PersonFactory, approved_request, assigned_request, at
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_concurrent_assignments_of_one_person_never_overlap():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    load_dispatch_reference()
    officers = [UserFactory(ishikari_officer=True) for _ in range(4)]
    staff = [UserFactory(sapporo=True), UserFactory(ebetsu=True)]
    requests = [approved_request(staff[i % 2], officers[i], title=f"取組{i}") for i in range(4)]
    person = PersonFactory(name="引っ張りだこ", capacity=10)
    barrier = threading.Barrier(len(requests))
    outcomes = []

    def assign(obj, officer, start):
        try:
            barrier.wait(timeout=10)
            assignments.dispatch_request_assign(
                request=obj,
                actor=officer,
                people=[person],
                starts_on=start,
                ends_on=start + dt.timedelta(days=20),
            )
            outcomes.append("assigned")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            connections.close_all()

    # Every period overlaps every other one by at least a day.
    starts = [dt.date(2026, 7, 1) + dt.timedelta(days=3 * i) for i in range(4)]
    threads = [
        threading.Thread(target=assign, args=args)
        for args in zip(requests, officers, starts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["assigned", "overlap", "overlap", "overlap"]
    assert Assignment.objects.filter(person=person, cancelled_at__isnull=True).count() == 1


def test_concurrent_sessions_of_one_person_never_overlap():
    """Four people booking the advisor at the same moment for afternoons that all overlap:
    exactly one session is scheduled, the others are refused with the clash. (A person is
    live on one request a day, so same-day bookings race on one request; across requests
    the person's lock orders them the same way, and the next test shows the database.)"""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    load_dispatch_reference()
    officer, other_officer = UserFactory(ishikari_officer=True), UserFactory(ishikari_officer=True)
    staff, advisor = UserFactory(sapporo=True), UserFactory(advisor=True)
    person = PersonFactory(name="引っ張りだこ", user=advisor, capacity=10)
    obj = assigned_request(staff, officer, person)
    actors = [officer, other_officer, staff, advisor]
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def book(actor, start):
        try:
            barrier.wait(timeout=10)
            sessions.session_schedule(
                request=obj,
                actor=actor,
                mode="online",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                people=[person],
                online_details="https://meet.example.jp/abc",
            )
            outcomes.append("scheduled")
        except ValidationError as error:
            outcomes.append(error.error_dict["starts_at"][0].code)
        finally:
            connections.close_all()

    # 15:00, 15:30, 16:00 and 16:30, two hours each: every one overlaps every other.
    starts = [at(dt.date(2026, 7, 10), 15) + dt.timedelta(minutes=30 * i) for i in range(4)]
    threads = [
        threading.Thread(target=book, args=args) for args in zip(actors, starts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["overlap", "overlap", "overlap", "scheduled"]
    assert Session.objects.filter(people=person, cancelled_at__isnull=True).count() == 1


def test_the_database_keeps_one_persons_sessions_apart_under_concurrent_writes():
    """The second wall: two connections writing overlapping bookings of one person for two
    requests at the same moment, past the service and its lock. The exclusion constraint
    makes the second wait for the first and then refuses it: as a violation, or, when both
    inserts are already in and each waits on the other's tuple, as a deadlock that
    PostgreSQL breaks by rolling one back (the exclusion check's documented outcome under
    concurrent inserts). Either way one booking is written and the other is not."""
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL (CI runs this on PostgreSQL)")
    load_dispatch_reference()
    officer = UserFactory(ishikari_officer=True)
    requests = [
        approved_request(UserFactory(sapporo=True), officer, title=f"取組{i}") for i in (1, 2)
    ]
    person = PersonFactory(name="引っ張りだこ")
    day = dt.date(2026, 7, 10)
    barrier = threading.Barrier(len(requests))
    outcomes = []

    def write(obj, start):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                session = Session.objects.create(
                    request=obj,
                    mode="online",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    date=day,
                    fiscal_year=2026,
                    created_by=officer,
                )
                SessionAttendance.objects.create(
                    session=session,
                    person=person,
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                )
            outcomes.append("written")
        except (IntegrityError, OperationalError):
            # OperationalError: psycopg's DeadlockDetected, which Django does not remap.
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(obj, at(day, hour)))
        for obj, hour in zip(requests, (15, 16), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused", "written"]
    assert SessionAttendance.objects.filter(person=person).count() == 1


def test_concurrent_clicks_on_the_notice_issue_one_notice():
    """Four officers' tabs issue the same dispatch notice at once: one number, one notice,
    one message to the municipality (the DocumentIssue row and the request's row lock)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    from dispatch.models import DispatchNotice
    from dispatch.services import notices
    from portal.models import Notification

    load_dispatch_reference()
    officer = UserFactory(ishikari_officer=True)
    obj = assigned_request(UserFactory(sapporo=True), officer, PersonFactory(name="一人"))
    barrier = threading.Barrier(4)
    numbers = []

    def click():
        try:
            barrier.wait(timeout=10)
            numbers.append(
                notices.dispatch_notice_issue(request=obj, actor=officer).document_number
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert numbers == ["石振地派第1号"] * 4
    assert DispatchNotice.objects.filter(request=obj).count() == 1
    assert Notification.objects.filter(kind="dispatch.notice").count() == 1
