"""The completion report's checklist in Chromium, Japanese UI (#18 point 6): the municipality
sees everything still needed on the request's page at once, follows a blocker's link to
settle it, and is offered the completion report when nothing is left. axe checks each page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dispatch.services import reports, sessions
from tests.dispatch.conftest import load_dispatch_reference
from tests.dispatch.factories import PersonFactory, assigned_request, at
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def schedule(obj, officer, person, day):
    return sessions.session_schedule(
        request=obj,
        actor=officer,
        mode="visit",
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        people=[person],
        place="役場 会議室",
        online_details="",
    )


def test_the_checklist_leads_to_each_blocker_and_then_to_the_report(page, live_server):
    load_dispatch_reference()
    staff = UserFactory(sapporo=True, email="staff-checklist@example.jp")
    officer = UserFactory(ishikari_officer=True, email="officer-checklist@example.jp")
    advisor = UserFactory(advisor=True, email="advisor-checklist@example.jp")
    person = PersonFactory(user=advisor, name="助言 五月", kana="じょげん さつき")
    today = timezone.localdate()
    obj = assigned_request(
        staff,
        officer,
        person,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )
    held = schedule(obj, officer, person, today - dt.timedelta(days=7))
    coming = schedule(obj, officer, person, today + dt.timedelta(days=7))
    report = reports.activity_report_submit(
        session=held, actor=advisor, summary="電子申請の対象手続を整理した。", hours=2
    )

    sign_in(page, live_server, staff)
    detail = live_server.url + reverse("dispatch:request_detail", args=[obj.pk])
    page.goto(detail)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    checklist = page.locator("#completion-checklist")
    expect(checklist.get_by_role("heading")).to_have_text("完了報告の前に")
    expect(checklist.locator("li")).to_have_count(2)
    expect(page.get_by_role("link", name="完了報告を提出する")).to_have_count(0)
    assert_accessible(page, "request page with its checklist")

    # The completion page says the same and offers no form to write in vain.
    page.goto(live_server.url + reverse("dispatch:request_complete", args=[obj.pk]))
    expect(page.locator("#completion-checklist li")).to_have_count(2)
    expect(page.locator("#id_outcomes")).to_have_count(0)
    assert_accessible(page, "completion page while blocked")

    # The report's link leads to where it is confirmed.
    page.goto(detail)
    with page.expect_navigation():
        checklist.get_by_role("link", name="活動報告を確認するか差し戻す").click()
    assert reverse("dispatch:report_confirm", args=[report.pk]) in page.url
    page.locator("input[name=rating][value='5']").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto(detail)
    expect(checklist.locator("li")).to_have_count(1)
    sessions.session_cancel(session=coming, actor=officer, reason="日程の都合")

    page.goto(detail)
    expect(page.locator("#completion-checklist")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="完了報告を提出する").click()
    expect(page.locator("#id_outcomes")).to_be_visible()
    assert_accessible(page, "completion page once nothing is left")
