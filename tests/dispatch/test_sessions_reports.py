"""Sessions, activity reports with the municipality's confirmation and rating, the
completion report that closes the request, and the reminders the day before."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dispatch.models import ActivityReport, CompletionReport
from dispatch.services import reports, sessions
from dispatch.tasks import send_session_reminders
from portal.services.attachments import attachments_of
from portal.workflow import InvalidTransition
from tests.dispatch.factories import PersonFactory, assigned_request, at, held_session

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


@pytest.fixture
def assigned(sapporo_staff, ishikari_officer, advisor_person):
    return assigned_request(sapporo_staff, ishikari_officer, advisor_person)


@pytest.fixture
def session(assigned, ishikari_officer, advisor_person):
    return held_session(assigned, ishikari_officer, advisor_person)


def report_on(session, advisor, **kwargs):
    data = {"summary": "電子申請の対象手続を整理した。", "hours": Decimal("6.5"), **kwargs}
    return reports.activity_report_submit(session=session, actor=advisor, **data)


# --- Scheduling ---------------------------------------------------------------------------


def test_scheduling_tells_the_people_and_the_municipality(
    assigned, sapporo_staff, advisor, advisor_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = held_session(assigned, sapporo_staff, advisor_person, mode="online")
    assert session.date == dt.date(2026, 7, 10)
    assert session.fiscal_year == 2026
    assert sorted(m.to[0] for m in mail.outbox) == sorted([advisor.email, sapporo_staff.email])
    assert "https://meet.example.jp/abc" in mail.outbox[0].body


def test_the_assigned_advisor_and_the_officer_may_schedule_but_not_others(
    assigned, advisor, ishikari_officer, ebetsu_staff, oshima_officer, other_advisor, advisor_person
):
    assert held_session(assigned, advisor, advisor_person, day=dt.date(2026, 7, 11))
    assert held_session(assigned, ishikari_officer, advisor_person, day=dt.date(2026, 7, 12))
    for actor in (ebetsu_staff, oshima_officer, other_advisor.user):
        with pytest.raises(PermissionDenied):
            held_session(assigned, actor, advisor_person, day=dt.date(2026, 7, 13))


def test_a_session_needs_assigned_people_within_their_period(
    assigned, ishikari_officer, advisor_person
):
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as error:
        held_session(assigned, ishikari_officer, stranger)
    assert "people" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        held_session(assigned, ishikari_officer, advisor_person, day=dt.date(2026, 10, 5))
    assert "令和8年（2026年）9月30日" in " ".join(error.value.message_dict["starts_at"])


def test_a_visit_needs_a_place_and_an_end_after_its_start(
    assigned, ishikari_officer, advisor_person
):
    day = dt.date(2026, 7, 10)
    with pytest.raises(ValidationError) as error:
        sessions.session_schedule(
            request=assigned,
            actor=ishikari_officer,
            mode="visit",
            starts_at=at(day, 15),
            ends_at=at(day, 14),
            people=[advisor_person],
        )
    assert set(error.value.message_dict) == {"place", "ends_at"}


def test_cancelling_tells_everyone_and_is_refused_once_reported(
    assigned,
    session,
    ishikari_officer,
    advisor,
    django_capture_on_commit_callbacks,
    now_after_sessions,
):
    other = held_session(assigned, ishikari_officer, session.people.get(), day=dt.date(2026, 7, 20))
    with django_capture_on_commit_callbacks(execute=True):
        sessions.session_cancel(session=other, actor=ishikari_officer, reason="台風のため")
    assert any("台風のため" in m.body for m in mail.outbox)
    report_on(session, advisor)
    with pytest.raises(ValidationError):
        sessions.session_cancel(session=session, actor=ishikari_officer)


# --- Activity reports ---------------------------------------------------------------------


def test_the_advisor_reports_and_the_municipality_is_asked_to_confirm(
    session, advisor, sapporo_staff, django_capture_on_commit_callbacks, now_after_sessions
):
    upload = SimpleUploadedFile("資料.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_on(session, advisor, next_steps="様式を集める。", uploads=[upload])
    assert report.status == "submitted"
    assert report.hours == Decimal("6.5")
    assert [a.original_name for a in attachments_of(report)] == ["資料.pdf"]
    assert mail.outbox[-1].to == [sapporo_staff.email]
    assert f"/dispatch/sessions/{session.pk}/#report-{report.pk}" in mail.outbox[-1].body


def test_only_someone_who_attended_reports_once_the_session_has_begun(
    session,
    advisor,
    other_advisor,
    ishikari_officer,
    sapporo_staff,
    now_after_sessions,
    monkeypatch,
):
    for actor in (other_advisor.user, ishikari_officer, sapporo_staff):
        with pytest.raises(PermissionDenied):
            report_on(session, actor)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2026, 7, 9), 12))
    with pytest.raises(PermissionDenied):
        report_on(session, advisor)


def test_hours_must_be_sensible_and_a_report_is_filed_once(session, advisor, now_after_sessions):
    for hours in (Decimal(0), Decimal(25), None):
        with pytest.raises(ValidationError):
            report_on(session, advisor, hours=hours)
    report_on(session, advisor)
    with pytest.raises(ValidationError):
        report_on(session, advisor)


def test_confirming_rates_the_support_and_tells_the_author(
    session,
    advisor,
    sapporo_staff,
    ebetsu_staff,
    django_capture_on_commit_callbacks,
    now_after_sessions,
):
    report = report_on(session, advisor)
    with pytest.raises(PermissionDenied):
        reports.activity_report_confirm(report=report, actor=ebetsu_staff, rating=5)
    with pytest.raises(ValidationError):
        reports.activity_report_confirm(report=report, actor=sapporo_staff, rating=6)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.activity_report_confirm(
            report=report, actor=sapporo_staff, rating=4, comment="具体的で助かった。"
        )
    assert (report.status, report.rating, report.confirmed_by) == ("confirmed", 4, sapporo_staff)
    assert mail.outbox[-1].to == [advisor.email]
    assert "4" in mail.outbox[-1].body
    with pytest.raises(InvalidTransition):
        reports.activity_report_return(report=report, actor=sapporo_staff, reason="x")


def test_a_returned_report_is_corrected_and_filed_again(
    session, advisor, sapporo_staff, now_after_sessions
):
    report = report_on(session, advisor)
    report = reports.activity_report_return(
        report=report, actor=sapporo_staff, reason="時間は5時間でした。"
    )
    assert report.status == "returned"
    report = reports.activity_report_correct(
        report=report, actor=advisor, summary="手続を整理した。", hours=5
    )
    assert (report.status, report.hours) == ("submitted", Decimal(5))
    assert reports.activity_report_confirm(report=report, actor=sapporo_staff, rating=5).status == (
        "confirmed"
    )


# --- Completion ---------------------------------------------------------------------------


def test_completion_waits_for_pending_reports_and_coming_sessions(
    assigned, session, advisor, advisor_person, ishikari_officer, sapporo_staff, now_after_sessions
):
    report = report_on(session, advisor)
    data = {
        "outcomes": "電子申請が20手続に広がった。",
        "next_steps": "庁内で継続する。",
        "rating": 5,
    }
    with pytest.raises(ValidationError) as error:
        reports.completion_report_submit(request=assigned, actor=sapporo_staff, **data)
    assert [e.code for e in error.value.error_list] == ["report_to_confirm"]
    reports.activity_report_confirm(report=report, actor=sapporo_staff, rating=5)
    later = held_session(assigned, ishikari_officer, advisor_person, day=dt.date(2026, 9, 30))
    from django.utils import timezone

    later.starts_at = timezone.now() + dt.timedelta(days=1)
    later.ends_at = later.starts_at + dt.timedelta(hours=2)
    later.save()
    with pytest.raises(ValidationError) as error:
        reports.completion_report_submit(request=assigned, actor=sapporo_staff, **data)
    assert [e.code for e in error.value.error_list] == ["session_to_come"]
    sessions.session_cancel(session=later, actor=ishikari_officer)
    completion = reports.completion_report_submit(request=assigned, actor=sapporo_staff, **data)
    assigned.refresh_from_db()
    assert assigned.status == "closed"
    assert assigned.closed_at is not None
    assert completion.rating == 5


def test_the_completion_report_is_the_municipalitys_and_tells_the_bureau(
    assigned,
    ishikari_officer,
    advisor,
    sapporo_staff,
    ebetsu_staff,
    django_capture_on_commit_callbacks,
):
    data = {"outcomes": "成果", "next_steps": "次", "rating": 4}
    for actor in (ishikari_officer, advisor, ebetsu_staff):
        with pytest.raises(PermissionDenied):
            reports.completion_report_submit(request=assigned, actor=actor, **data)
    with pytest.raises(ValidationError):
        reports.completion_report_submit(
            request=assigned, actor=sapporo_staff, outcomes="", next_steps="", rating=0
        )
    with django_capture_on_commit_callbacks(execute=True):
        reports.completion_report_submit(request=assigned, actor=sapporo_staff, **data)
    assert {m.to[0] for m in mail.outbox} == {ishikari_officer.email, advisor.email}
    assert CompletionReport.objects.count() == 1
    with pytest.raises(InvalidTransition):
        reports.completion_report_submit(request=assigned, actor=sapporo_staff, **data)


# --- Reminders ----------------------------------------------------------------------------


def test_reminders_go_the_day_before_and_only_once(
    session, advisor, sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_session_reminders.delay("2026-07-08").get() == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_session_reminders.delay("2026-07-09").get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_session_reminders.delay("2026-07-09").get()  # a rerun sends nothing more
    assert sorted(m.to[0] for m in mail.outbox) == sorted([advisor.email, sapporo_staff.email])
    assert all("Tomorrow" in m.subject or "明日" in m.subject for m in mail.outbox)


def test_cancelled_sessions_are_not_reminded(session, ishikari_officer):
    sessions.session_cancel(session=session, actor=ishikari_officer)
    assert sessions.session_reminders_send(today=dt.date(2026, 7, 9)) == 0


def test_only_the_report_counts_for_hours(session, advisor, now_after_sessions):
    report_on(session, advisor, hours=Decimal("2.5"))
    assert ActivityReport.objects.get().hours == Decimal("2.5")
