"""The H2 journey in Chromium: municipal staff request DX support (one error corrected on
the way); the officer approves and assigns the suggested advisor and schedules a session;
the advisor files the activity report; the municipality confirms and rates it. axe checks
every page (English UI, so the test does not depend on the Japanese catalogue)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dispatch.models import ActivityReport, DispatchRequest
from tests.dispatch.conftest import load_dispatch_reference
from tests.dispatch.factories import PersonFactory
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def test_request_dx_support_assign_report_and_confirm(page, live_server):
    load_dispatch_reference()
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    advisor = UserFactory(advisor=True, name="助言 五月", email="advisor@example.jp")
    today = timezone.localdate()
    PersonFactory(
        user=advisor,
        name="助言 五月",
        kana="じょげん さつき",
        skill_codes=["dx-strategy", "online-procedures", "cloud"],
        area_codes=["ishikari"],
    )
    PersonFactory(name="別の 専門家", kana="べつの", skill_codes=["gis"])
    start, end = today - dt.timedelta(days=10), today + dt.timedelta(days=50)

    # Municipal staff start a DX request.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/dispatch/")
    assert_accessible(page, "landing")
    click(page, "link", "Request support")
    assert_accessible(page, "start")
    page.get_by_label("DX advisor consultation").check()
    page.fill("#id_title", "行政手続オンライン化推進事業")
    click(page, "button", "Start the request")
    obj = DispatchRequest.objects.get()
    assert_accessible(page, "request form")

    # The form, saved as a draft with one error, which comes back with what was typed.
    page.fill("#id_initiative", "電子申請の対象手続を広げ、窓口の負担を減らす。")
    page.fill("#id_reason", "庁内にDXの専門人材がいない。")
    page.get_by_label("DX strategy and planning").check()
    page.get_by_label("Online administrative procedures").check()
    page.fill("#id_preferred_start", end.isoformat())
    page.fill("#id_preferred_end", start.isoformat())
    click(page, "button", "Save draft")
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "form with an error")
    assert page.locator("#id_reason").input_value() == "庁内にDXの専門人材がいない。"
    page.fill("#id_preferred_start", start.isoformat())
    page.fill("#id_preferred_end", end.isoformat())
    click(page, "button", "Save and check your answers")
    assert_accessible(page, "check answers")
    click(page, "button", "Submit the request")
    assert_accessible(page, "confirmation")
    obj.refresh_from_db()
    assert obj.status == "submitted"
    assert obj.reference in page.locator("main").inner_text()

    # The officer approves and assigns the suggested advisor.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/dispatch/requests/")
    assert_accessible(page, "request list")
    click(page, "link", "行政手続オンライン化推進事業")
    assert_accessible(page, "request page (officer)")
    click(page, "link", "Approve")
    assert_accessible(page, "approve")
    click(page, "button", "Approve the request")
    click(page, "link", "Find and assign people")
    assert_accessible(page, "candidates")
    first = page.locator(".suggestion").first
    assert "助言 五月" in first.inner_text()
    assert "DX strategy and planning" in first.inner_text()
    first.locator("input[type=checkbox]").check()
    page.get_by_label("Lead").select_option(label="助言 五月")
    click(page, "button", "Assign the chosen people")
    obj.refresh_from_db()
    assert obj.status == "assigned"
    assert_accessible(page, "request page with people")
    click(page, "link", "Issue the dispatch notice to the municipality")
    assert_accessible(page, "dispatch notice page")
    with page.context.expect_page() as draft_tab:
        page.get_by_role("link", name="Check the draft (案)").click()
    draft_tab.value.close()
    assert obj.notices.count() == 0
    page.get_by_label("I have checked the contents").check()
    click(page, "button", "Issue the notice and tell the municipality")
    assert obj.notices.count() == 1

    # The officer schedules yesterday's visit (held) for the advisor.
    click(page, "link", "Schedule a session")
    assert_accessible(page, "session form")
    page.get_by_label("On-site visit").check()
    page.fill("#id_date", (today - dt.timedelta(days=1)).isoformat())
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "16:00")
    page.fill("#id_place", "札幌市役所本庁舎 会議室")
    click(page, "button", "Schedule the session")
    assert_accessible(page, "session page")
    page.goto(f"{live_server.url}/dispatch/dashboard/")
    assert_accessible(page, "dashboard")

    # The advisor sees only their assignment and files the report.
    sign_in(page, live_server, advisor)
    page.goto(f"{live_server.url}/dispatch/me/")
    assert_accessible(page, "my assignments")
    click(page, "link", re.compile("札幌市|Sapporo"))
    assert_accessible(page, "session page (advisor)")
    click(page, "link", "File the activity report")
    assert_accessible(page, "report form")
    page.fill("#id_summary", "申請件数の多い手続から優先順位を付け、導入計画案を作成した。")
    page.fill("#id_hours", "6")
    click(page, "button", "File the report")
    assert ActivityReport.objects.get().status == "submitted"

    # The municipality confirms and rates it.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/dispatch/requests/{obj.pk}/")
    assert_accessible(page, "request page (municipality)")
    click(page, "link", re.compile(r"(\d{1,2} \w+ \d{4}, |令和\S+日 )10:00"))
    click(page, "link", "Confirm and rate the report")
    assert_accessible(page, "confirm report")
    page.get_by_label("5 — very helpful").check()
    page.fill("#id_comment", "具体的な計画案が得られた。")
    click(page, "button", "Confirm the report")
    assert_accessible(page, "confirmed")
    report = ActivityReport.objects.get()
    assert (report.status, report.rating) == ("confirmed", 5)
    page.goto(f"{live_server.url}/dispatch/municipalities/011002/")
    assert_accessible(page, "municipality page")
    assert "6.0" in page.locator("main").inner_text()
