"""Reminders of the performance report: 7 days and 1 day before it is due, once each."""

import datetime as dt

import pytest
from django.core import mail

from grants.services.reminders import report_reminders_send
from grants.tasks import send_report_reminders
from portal.models import Notification, Role
from tests.factories import UserFactory, municipality
from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 3, 31)


@pytest.fixture
def approved(sapporo_staff, call):
    return ApplicationFactory(
        call=call,
        created_by=sapporo_staff,
        status="approved",
        reference="R8-石狩-0001",
        approved_amount=600_000,
        report_due=DUE,
        attachments=False,
    )


def run(capture, day):
    with capture(execute=True):
        return report_reminders_send(today=day)


@pytest.mark.parametrize("days_before", [7, 1])
def test_the_applicant_is_reminded_in_app_and_by_email(
    approved, sapporo_staff, django_capture_on_commit_callbacks, days_before
):
    assert run(django_capture_on_commit_callbacks, DUE - dt.timedelta(days=days_before)) == 1
    (email,) = mail.outbox
    assert email.to == [sapporo_staff.email]
    assert "R8-石狩-0001" in email.subject
    assert "令和9年（2027年）3月31日" in email.body
    assert "/grants/applications/" in email.body
    notification = Notification.objects.get(recipient=sapporo_staff)
    assert notification.kind == "grant.report_reminder"
    assert notification.status == Notification.Status.SENT
    assert notification.read_at is None  # unread in the portal's notification list


@pytest.mark.parametrize("days_before", [-1, 0, 2, 6, 8, 30])
def test_no_reminder_on_other_days(approved, django_capture_on_commit_callbacks, days_before):
    assert run(django_capture_on_commit_callbacks, DUE - dt.timedelta(days=days_before)) == 0
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_running_twice_sends_one_email_each_time_it_is_due(
    approved, django_capture_on_commit_callbacks
):
    week_before = DUE - dt.timedelta(days=7)
    run(django_capture_on_commit_callbacks, week_before)
    run(django_capture_on_commit_callbacks, week_before)
    assert len(mail.outbox) == 1
    day_before = DUE - dt.timedelta(days=1)
    run(django_capture_on_commit_callbacks, day_before)
    run(django_capture_on_commit_callbacks, day_before)
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2


def test_the_task_is_idempotent_too(approved, django_capture_on_commit_callbacks):
    today = (DUE - dt.timedelta(days=7)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        send_report_reminders.delay(today)
    with django_capture_on_commit_callbacks(execute=True):
        send_report_reminders.delay(today)
    assert len(mail.outbox) == 1


def test_a_moved_due_date_earns_fresh_reminders(approved, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks, DUE - dt.timedelta(days=7))
    new_due = DUE + dt.timedelta(days=20)
    approved.report_due = new_due
    approved.save(update_fields=["report_due"])
    run(django_capture_on_commit_callbacks, new_due - dt.timedelta(days=7))
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        ("approved", True),
        ("change_requested", True),
        ("report_submitted", False),
        ("amount_fixed", False),
        ("submitted", False),
        ("withdrawn", False),
    ],
)
def test_only_grants_awaiting_their_report_are_reminded(
    approved, django_capture_on_commit_callbacks, status, reminded
):
    type(approved).objects.filter(pk=approved.pk).update(status=status)
    run(django_capture_on_commit_callbacks, DUE - dt.timedelta(days=1))
    assert bool(mail.outbox) is reminded


def test_every_applicant_user_is_reminded_including_the_group(
    call, sapporo_staff, django_capture_on_commit_callbacks
):
    colleague = UserFactory(sapporo=True)
    group = UserFactory(role=Role.GROUP, municipality=municipality("011002"))
    UserFactory(sapporo=True, is_active=False)
    UserFactory(ebetsu=True)
    ApplicationFactory(
        call=call,
        created_by=group,
        group_user=group,
        status="approved",
        reference="R8-石狩-0002",
        approved_amount=600_000,
        report_due=DUE,
        attachments=False,
    )
    run(django_capture_on_commit_callbacks, DUE - dt.timedelta(days=7))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [sapporo_staff.email, colleague.email, group.email]
    )
