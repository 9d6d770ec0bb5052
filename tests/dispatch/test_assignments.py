"""Assigning people: one or several, never two overlapping assignments of one person,
release, and the numbered dispatch notice."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dispatch.models import Assignment, DispatchNotice
from dispatch.services import assignments, notices
from portal.models import AuditEvent, Notification
from portal.workflow import InvalidTransition
from tests.dispatch.factories import PersonFactory, approved_request, submitted_request

pytestmark = pytest.mark.django_db

JULY = (dt.date(2026, 7, 1), dt.date(2026, 7, 31))


def assign(obj, officer, people, period=JULY, **kwargs):
    return assignments.dispatch_request_assign(
        request=obj, actor=officer, people=people, starts_on=period[0], ends_on=period[1], **kwargs
    )


@pytest.fixture
def approved(sapporo_staff, ishikari_officer):
    return approved_request(sapporo_staff, ishikari_officer)


@pytest.fixture
def other_approved(ebetsu_staff, ishikari_officer):
    return approved_request(ebetsu_staff, ishikari_officer, title="江別の取組")


def test_assigning_several_people_starts_the_support(
    approved, ishikari_officer, advisor_person, sapporo_staff, django_capture_on_commit_callbacks
):
    staff_member = PersonFactory(kind="staff", name="道職員 一郎", email="")
    with django_capture_on_commit_callbacks(execute=True):
        created = assign(
            approved, ishikari_officer, [advisor_person, staff_member], lead=advisor_person
        )
    assert len(created) == 2
    approved.refresh_from_db()
    assert approved.status == "assigned"
    assert approved.assigned_at is not None
    assert [a.person for a in approved.assignments.filter(is_lead=True)] == [advisor_person]
    events = list(AuditEvent.objects.for_object(approved).values_list("action", flat=True))
    assert events[-3:] == ["assign", "assign_person", "assign_person"]
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    # The advisor (account) and the municipality; the staff member has no email or account.
    assert recipients == sorted([(advisor_person.user.email,), (sapporo_staff.email,)])


def test_an_assignment_never_overlaps_another_of_the_same_person(
    approved, other_approved, ishikari_officer, advisor_person
):
    assign(
        other_approved,
        ishikari_officer,
        [advisor_person],
        (dt.date(2026, 7, 20), dt.date(2026, 8, 10)),
    )
    with pytest.raises(ValidationError) as error:
        assign(approved, ishikari_officer, [advisor_person], JULY)
    message = error.value.messages[0]
    assert advisor_person.name in message
    assert "令和8年（2026年）7月20日" in message and "令和8年（2026年）8月10日" in message
    assert other_approved.reference in message
    assert "江別市" in message
    assert not Assignment.objects.filter(request=approved).exists()
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_one_clash_refuses_the_whole_assignment(
    approved, other_approved, ishikari_officer, advisor_person
):
    free = PersonFactory(name="空いている人")
    assign(other_approved, ishikari_officer, [advisor_person], JULY)
    with pytest.raises(ValidationError):
        assign(approved, ishikari_officer, [free, advisor_person], JULY)
    assert not Assignment.objects.filter(request=approved).exists()


@pytest.mark.parametrize(
    ("start", "end", "clash"),
    [
        (dt.date(2026, 8, 1), dt.date(2026, 8, 31), False),  # the day after
        (dt.date(2026, 6, 1), dt.date(2026, 6, 30), False),  # the day before
        (dt.date(2026, 7, 31), dt.date(2026, 8, 31), True),  # shares the last day
        (dt.date(2026, 6, 1), dt.date(2026, 7, 1), True),  # shares the first day
        (dt.date(2026, 7, 10), dt.date(2026, 7, 12), True),  # inside
        (dt.date(2026, 6, 1), dt.date(2026, 12, 31), True),  # around
    ],
)
def test_overlap_is_judged_by_day(
    approved, other_approved, ishikari_officer, advisor_person, start, end, clash
):
    assign(other_approved, ishikari_officer, [advisor_person], JULY)
    if clash:
        with pytest.raises(ValidationError):
            assign(approved, ishikari_officer, [advisor_person], (start, end))
    else:
        assert assign(approved, ishikari_officer, [advisor_person], (start, end))


def test_a_released_assignment_frees_the_period(
    approved, other_approved, ishikari_officer, advisor_person, django_capture_on_commit_callbacks
):
    (first,) = assign(other_approved, ishikari_officer, [advisor_person], JULY)
    with django_capture_on_commit_callbacks(execute=True):
        released = assignments.assignment_release(
            assignment=first, actor=ishikari_officer, reason="体調不良のため"
        )
    assert released.cancelled_at is not None
    assert "体調不良" in mail.outbox[-1].body
    assert assign(approved, ishikari_officer, [advisor_person], JULY)
    # Releasing twice changes nothing.
    assert (
        assignments.assignment_release(
            assignment=first, actor=ishikari_officer, reason="x"
        ).cancel_reason
        == "体調不良のため"
    )


def test_the_same_person_twice_on_one_request_is_refused(
    approved, ishikari_officer, advisor_person
):
    assign(approved, ishikari_officer, [advisor_person], JULY)
    with pytest.raises(ValidationError, match="すでにこの依頼に配置"):
        assign(
            approved,
            ishikari_officer,
            [advisor_person],
            (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
        )


def test_only_approved_requests_get_people(sapporo_staff, ishikari_officer, advisor_person):
    obj = submitted_request(sapporo_staff)
    with pytest.raises(InvalidTransition):
        assign(obj, ishikari_officer, [advisor_person])


def test_who_may_assign(approved, oshima_officer, sapporo_staff, hq_user, advisor, advisor_person):
    for actor in (oshima_officer, sapporo_staff, advisor):
        with pytest.raises(PermissionDenied):
            assign(approved, actor, [advisor_person])
    # HQ secures DX advisors for all Hokkaido and may assign them too.
    assert assign(approved, hq_user, [advisor_person])


def test_a_regional_dispatch_takes_prefectural_staff_only(
    sapporo_staff, ishikari_officer, advisor_person
):
    obj = approved_request(sapporo_staff, ishikari_officer, kind="regional", wanted=("strategy",))
    with pytest.raises(ValidationError, match=advisor_person.name):
        assign(obj, ishikari_officer, [advisor_person])


def test_inactive_people_and_bad_periods_are_refused(approved, ishikari_officer):
    retired = PersonFactory(is_active=False)
    with pytest.raises(ValidationError):
        assign(approved, ishikari_officer, [retired])
    with pytest.raises(ValidationError):
        assign(
            approved,
            ishikari_officer,
            [PersonFactory()],
            (dt.date(2026, 8, 1), dt.date(2026, 7, 1)),
        )
    with pytest.raises(ValidationError):
        assign(approved, ishikari_officer, [])


def test_the_notice_is_issued_once_and_tells_the_municipality_once(
    approved, ishikari_officer, advisor_person, sapporo_staff, django_capture_on_commit_callbacks
):
    assign(approved, ishikari_officer, [advisor_person])
    approved.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        first = notices.dispatch_notice_issue(request=approved, actor=ishikari_officer)
        second = notices.dispatch_notice_issue(request=approved, actor=ishikari_officer)
    # A second click returns the notice issued: no 石振地派第2号, no second message.
    assert first == second
    assert first.document_number == "石振地派第1号"
    assert first.people[0]["name"] == advisor_person.name
    first.document.refresh_from_db()
    assert first.document.status == "done"
    assert Notification.objects.filter(recipient=sapporo_staff, kind="dispatch.notice").count() == 1
    assert DispatchNotice.objects.count() == 1


def test_no_notice_without_people(approved, ishikari_officer):
    with pytest.raises(PermissionDenied):
        notices.dispatch_notice_issue(request=approved, actor=ishikari_officer)


def test_postgresql_itself_refuses_overlapping_assignments(
    approved, other_approved, ishikari_officer, advisor_person
):
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    assign(other_approved, ishikari_officer, [advisor_person], JULY)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Written past the service (as a bug or a shell might): the database says no.
        Assignment.objects.create(
            request=approved,
            person=advisor_person,
            starts_on=dt.date(2026, 7, 31),
            ends_on=dt.date(2026, 8, 5),
            assigned_by=ishikari_officer,
        )
    # Adjacent periods and released assignments are fine.
    Assignment.objects.create(
        request=approved,
        person=advisor_person,
        starts_on=dt.date(2026, 8, 1),
        ends_on=dt.date(2026, 8, 5),
        assigned_by=ishikari_officer,
    )
