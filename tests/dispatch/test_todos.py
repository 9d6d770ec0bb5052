"""What each role must do next, on my page."""

import pytest
from django.urls import reverse

from dispatch.services import reports
from dispatch.todos.requests import dispatch_todos
from tests.dispatch.factories import (
    approved_request,
    assigned_request,
    draft_request,
    held_session,
    submitted_request,
)

pytestmark = pytest.mark.django_db


def urls(user) -> list[str]:
    return [item.url for item in dispatch_todos(user)]


def test_each_role_is_told_what_to_do(
    client,
    sapporo_staff,
    ishikari_officer,
    oshima_officer,
    advisor,
    advisor_person,
    now_after_sessions,
):
    draft = draft_request(sapporo_staff, title="下書き")
    waiting = submitted_request(sapporo_staff, title="判断待ち")
    approved = approved_request(sapporo_staff, ishikari_officer, title="人選待ち")
    assigned = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    session = held_session(assigned, ishikari_officer, advisor_person)
    assert urls(advisor) == [reverse("dispatch:report_create", args=[session.pk])]
    report = reports.activity_report_submit(session=session, actor=advisor, summary="x", hours=2)
    assert reverse("dispatch:request_detail", args=[draft.pk]) in urls(sapporo_staff)
    assert reverse("dispatch:report_confirm", args=[report.pk]) in urls(sapporo_staff)
    assert urls(ishikari_officer) == [
        reverse("dispatch:request_detail", args=[waiting.pk]),
        reverse("dispatch:request_candidates", args=[approved.pk]),
    ]
    assert urls(oshima_officer) == []
    assert urls(advisor) == []
    client.force_login(sapporo_staff)
    page = client.get(reverse("portal:mypage"))
    assert reverse("dispatch:report_confirm", args=[report.pk]) in page.content.decode()


def test_a_returned_report_is_on_the_advisors_list_until_corrected(
    client, sapporo_staff, ishikari_officer, advisor, advisor_person, now_after_sessions
):
    assigned = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    session = held_session(assigned, ishikari_officer, advisor_person)
    report = reports.activity_report_submit(session=session, actor=advisor, summary="x", hours=2)
    assert urls(advisor) == []
    reports.activity_report_return(report=report, actor=sapporo_staff, reason="時間を確認")
    correct = reverse("dispatch:report_correct", args=[report.pk])
    assert urls(advisor) == [correct]
    client.force_login(advisor)
    page = client.get(reverse("portal:mypage")).content.decode()
    assert correct in page
    # Nobody else is told to correct it.
    assert correct not in urls(sapporo_staff) and correct not in urls(ishikari_officer)
    reports.activity_report_correct(report=report, actor=advisor, summary="2時間", hours=2)
    assert urls(advisor) == []
