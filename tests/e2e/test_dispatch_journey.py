"""The H2 journey in Chromium: municipal staff request DX support (one error corrected on
the way); the officer approves and assigns the suggested advisor and schedules a session;
the advisor files the activity report; the municipality confirms and rates it. axe checks
every page, in the Japanese UI."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dispatch.models import ActivityReport, DispatchRequest
from tests.dispatch.conftest import load_dispatch_reference
from tests.dispatch.factories import PersonFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


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
    click(page, "link", "支援を依頼する")
    assert_accessible(page, "start")
    page.get_by_label("DXアドバイザーへの相談").check()
    page.fill("#id_title", "行政手続オンライン化推進事業")
    click(page, "button", "依頼を開始する")
    obj = DispatchRequest.objects.get()
    assert_accessible(page, "request form")

    # The form, saved as a draft with one error, which comes back with what was typed.
    page.fill("#id_initiative", "電子申請の対象手続を広げ、窓口の負担を減らす。")
    page.fill("#id_reason", "庁内にDXの専門人材がいない。")
    page.get_by_label("DX戦略・計画策定").check()
    page.get_by_label("行政手続のオンライン化").check()
    page.fill("#id_preferred_start", end.isoformat())
    page.fill("#id_preferred_end", start.isoformat())
    click(page, "button", "下書きを保存する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "form with an error")
    assert page.locator("#id_reason").input_value() == "庁内にDXの専門人材がいない。"
    page.fill("#id_preferred_start", start.isoformat())
    page.fill("#id_preferred_end", end.isoformat())
    click(page, "button", "保存して入力内容を確認する")
    assert_accessible(page, "check answers")
    click(page, "button", "依頼を提出する")
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
    click(page, "link", "承認する")
    assert_accessible(page, "approve")
    click(page, "button", "依頼を承認する")
    click(page, "link", "人員を探して配置する")
    assert_accessible(page, "candidates")
    first = page.locator(".suggestion").first
    assert "助言 五月" in first.inner_text()
    assert "DX戦略・計画策定" in first.inner_text()
    first.locator("input[type=checkbox]").check()
    page.get_by_label("主担当").select_option(label="助言 五月")
    click(page, "button", "選択した人員を配置する")
    obj.refresh_from_db()
    assert obj.status == "assigned"
    assert_accessible(page, "request page with people")
    click(page, "link", "市町村に派遣通知書を発行する")
    assert_accessible(page, "dispatch notice page")
    with page.context.expect_page() as draft_tab:
        page.get_by_role("link", name="案を確認する").click()
    draft_tab.value.close()
    assert obj.notices.count() == 0
    page.get_by_label("内容を確認しました").check()
    click(page, "button", "通知を発行して市町村に知らせる")
    assert obj.notices.count() == 1

    # The officer schedules yesterday's visit (held) for the advisor.
    click(page, "link", "支援日程の登録")
    assert_accessible(page, "session form")
    page.get_by_label("訪問").check()
    page.fill("#id_date", (today - dt.timedelta(days=1)).isoformat())
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "16:00")
    page.fill("#id_place", "札幌市役所本庁舎 会議室")
    click(page, "button", "支援日程を登録する")
    assert_accessible(page, "session page")
    page.goto(f"{live_server.url}/dispatch/dashboard/")
    assert_accessible(page, "dashboard")

    # The advisor sees only their assignment and files the report.
    sign_in(page, live_server, advisor)
    page.goto(f"{live_server.url}/dispatch/me/")
    assert_accessible(page, "my assignments")
    click(page, "link", re.compile("札幌市"))
    assert_accessible(page, "session page (advisor)")
    click(page, "link", "活動報告を提出する")
    assert_accessible(page, "report form")
    page.fill("#id_summary", "申請件数の多い手続から優先順位を付け、導入計画案を作成した。")
    page.fill("#id_hours", "6")
    click(page, "button", "活動報告を提出する")
    assert ActivityReport.objects.get().status == "submitted"

    # The municipality confirms and rates it.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/dispatch/requests/{obj.pk}/")
    assert_accessible(page, "request page (municipality)")
    click(page, "link", re.compile(r"令和\S+日 10:00"))
    click(page, "link", "活動報告を確認して評価する")
    assert_accessible(page, "confirm report")
    page.get_by_label("5：とても役に立った").check()
    page.fill("#id_comment", "具体的な計画案が得られた。")
    click(page, "button", "活動報告を確認する")
    assert_accessible(page, "confirmed")
    report = ActivityReport.objects.get()
    assert (report.status, report.rating) == ("confirmed", 5)
    page.goto(f"{live_server.url}/dispatch/municipalities/011002/")
    assert_accessible(page, "municipality page")
    assert "6.0" in page.locator("main").inner_text()
