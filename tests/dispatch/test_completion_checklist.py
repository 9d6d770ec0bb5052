"""The completion report's checklist (#18 point 6): every blocker is on the request's page at
once, each with a link to where it is settled; the report is offered only when none is left;
and the page and the service list the same blockers, from the same rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dispatch.rules.completion import (
    REPORT_TO_CONFIRM,
    REPORT_TO_CORRECT,
    SESSION_TO_COME,
    completion_blockers,
)
from dispatch.selectors.requests import sessions_of
from dispatch.services import reports, sessions
from tests.dispatch.factories import assigned_request, held_session

pytestmark = pytest.mark.django_db

DATA = {"outcomes": "電子申請が20手続に広がった。", "next_steps": "庁内で継続する。", "rating": 5}


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


@pytest.fixture
def blocked(sapporo_staff, ishikari_officer, advisor, advisor_person, now_after_sessions):
    """A request with one blocker of each kind: a report to confirm, a report returned for
    correction, a session still to come; and one held session whose report is confirmed."""
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    to_confirm = held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 10))
    to_correct = held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 17))
    done = held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 24))
    coming = held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 9, 30))
    # Past the assignment's period for the scheduling service: moved ahead as in real life
    # the date would be before the period ended.
    coming.starts_at = timezone.now() + dt.timedelta(days=1)
    coming.ends_at = coming.starts_at + dt.timedelta(hours=2)
    coming.save()
    report = reports.activity_report_submit(
        session=to_confirm, actor=advisor, summary="棚卸しをした。", hours=3
    )
    returned = reports.activity_report_submit(
        session=to_correct, actor=advisor, summary="研修をした。", hours=2
    )
    returned = reports.activity_report_return(
        report=returned, actor=sapporo_staff, reason="時間を確認してください。"
    )
    confirmed = reports.activity_report_submit(
        session=done, actor=advisor, summary="まとめた。", hours=4
    )
    reports.activity_report_confirm(report=confirmed, actor=sapporo_staff, rating=5)
    return {
        "request": obj,
        "report": report,
        "returned": returned,
        "to_correct": to_correct,
        "coming": coming,
    }


def test_every_blocker_is_on_the_request_page_with_its_link(client, sapporo_staff, blocked):
    obj = blocked["request"]
    client.force_login(sapporo_staff)
    page = client.get(url("request_detail", obj.pk)).content.decode()
    assert 'id="completion-checklist"' in page
    assert url("report_confirm", blocked["report"].pk) in page
    assert url("session_detail", blocked["to_correct"].pk) in page
    assert url("session_detail", blocked["coming"].pk) in page
    assert page.count("<li>", page.index('class="blocker-list"')) >= 3
    # Not offered while anything is left: no link to the completion report.
    assert url("request_complete", obj.pk) not in page
    assert 'href="#completion-checklist"' in page


def test_the_completion_page_shows_the_list_and_no_form_while_blocked(
    client, sapporo_staff, blocked
):
    obj = blocked["request"]
    client.force_login(sapporo_staff)
    page = client.get(url("request_complete", obj.pk)).content.decode()
    assert url("report_confirm", blocked["report"].pk) in page
    assert 'name="outcomes"' not in page
    assert 'type="submit"' not in page.split("<main", 1)[-1]


def test_a_post_while_blocked_is_refused_with_every_blocker_and_keeps_the_text(
    client, sapporo_staff, blocked
):
    obj = blocked["request"]
    client.force_login(sapporo_staff)
    response = client.post(url("request_complete", obj.pk), DATA)
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert summary.count("<li>") == 3
    assert "電子申請が20手続に広がった。" in page
    obj.refresh_from_db()
    assert obj.status == "assigned"


def test_the_page_and_the_service_give_the_same_list(sapporo_staff, blocked):
    obj = blocked["request"]
    listed = completion_blockers(sessions_of(obj), now=timezone.now())
    assert [b.code for b in listed] == [REPORT_TO_CONFIRM, REPORT_TO_CORRECT, SESSION_TO_COME]
    with pytest.raises(ValidationError) as error:
        reports.completion_report_submit(request=obj, actor=sapporo_staff, **DATA)
    assert [e.code for e in error.value.error_list] == [b.code for b in listed]
    assert error.value.messages == [b.message for b in listed]


def test_once_nothing_is_left_the_report_is_offered_and_files(
    client, sapporo_staff, ishikari_officer, advisor, blocked
):
    obj = blocked["request"]
    reports.activity_report_confirm(report=blocked["report"], actor=sapporo_staff, rating=4)
    corrected = reports.activity_report_correct(
        report=blocked["returned"], actor=advisor, summary="研修をした。", hours=1
    )
    reports.activity_report_confirm(report=corrected, actor=sapporo_staff, rating=4)
    sessions.session_cancel(session=blocked["coming"], actor=ishikari_officer)
    client.force_login(sapporo_staff)
    page = client.get(url("request_detail", obj.pk)).content.decode()
    assert 'id="completion-checklist"' not in page
    assert url("request_complete", obj.pk) in page
    form = client.get(url("request_complete", obj.pk)).content.decode()
    assert 'name="outcomes"' in form
    assert client.post(url("request_complete", obj.pk), DATA).status_code == 302
    obj.refresh_from_db()
    assert obj.status == "closed"


def test_only_the_municipality_that_files_sees_the_checklist(
    client, ishikari_officer, advisor, blocked
):
    obj = blocked["request"]
    for user in (ishikari_officer, advisor):
        client.force_login(user)
        page = client.get(url("request_detail", obj.pk)).content.decode()
        assert 'id="completion-checklist"' not in page


def test_the_completion_page_is_not_found_outside_scope(client, ebetsu_staff, blocked):
    client.force_login(ebetsu_staff)
    assert client.get(url("request_complete", blocked["request"].pk)).status_code == 404
