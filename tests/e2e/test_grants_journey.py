"""The F1 journey in Chromium: municipal staff fill the task list (one error corrected) and
submit; the officer returns it; staff resubmit; the officer approves in the admin; staff
download the notice. axe checks every page on the way, in the Japanese UI."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from grants.models import Application
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def save(page, button="保存して次へ"):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_apply_return_resubmit_approve_and_download_the_notice(page, live_server, tmp_path):
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    call = CallFactory(fiscal_year=2026)
    AllocationFactory(amount=10_000_000)

    # Municipal staff find the call and start an application.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/calls/")
    assert_accessible(page, "call list")
    page.get_by_role("link", name=call.title).click()
    assert_accessible(page, "call detail")
    page.get_by_role("link", name="申請する").click()
    assert_accessible(page, "start")
    if page.locator("input[name=applicant_kind]").count():
        page.locator("input[name=applicant_kind]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="申請を開始する").click()
    application = Application.objects.get()
    assert_accessible(page, "task list")

    # Overview
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/sections/overview/")
    page.fill("#id_title", "商店街キャッシュレス推進事業")
    page.fill("#id_purpose", "商店街の回遊性を高める。")
    page.fill("#id_description", "決済端末の導入支援と周知イベント。")
    save(page)
    # Strategy
    assert_accessible(page, "strategy")
    page.fill("#id_strategy_name", "第2期札幌市まちづくり戦略ビジョン")
    page.fill("#id_kpi_name", "キャッシュレス導入店舗数")
    page.fill("#id_kpi_target", "60店舗")
    save(page)
    # Schedule, with one error corrected: the end before the start.
    page.fill("#id_start_date", "2026-12-01")
    page.fill("#id_end_date", "2026-11-01")
    save(page)
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "schedule with an error")
    assert page.locator("#id_start_date").input_value() == "2026-12-01"
    page.fill("#id_end_date", "２０２７-０２-２８")  # full-width digits are fine
    save(page)
    # Budget
    assert_accessible(page, "budget")
    page.select_option("#id_lines-0-cost_category", label="報償費")
    page.fill("#id_lines-0-description", "講師謝金")
    page.fill("#id_lines-0-amount", "300,000")
    page.select_option("#id_lines-1-cost_category", label="委託料")
    page.fill("#id_lines-1-description", "決済端末導入支援委託")
    page.fill("#id_lines-1-amount", "900000")
    page.fill("#id_requested_amount", "600000")
    save(page)
    # Attachments
    assert_accessible(page, "attachments")
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
    )
    page.locator("input[type=file]").first.set_input_files(str(plan))
    save(page)
    # Contact (prefilled from the account)
    assert_accessible(page, "contact")
    page.fill("#id_contact_department", "経済観光局")
    page.fill("#id_contact_phone", "011-211-2111")
    save(page)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/check/")
    assert_accessible(page, "check answers")
    with page.expect_navigation():
        page.get_by_role("button", name="申請を提出する").click()
    assert_accessible(page, "confirmation")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.reference in page.locator("main").inner_text()

    # The officer returns it for revision in the admin.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/grants/application/")
    assert_accessible(page, "admin changelist")
    page.goto(f"{live_server.url}/admin/grants/application/{application.pk}/change/")
    assert_accessible(page, "admin application")
    page.get_by_role("link", name=re.compile("差し戻す")).click()
    assert_accessible(page, "return form")
    page.locator("textarea").first.fill("KPIの目標値の根拠を追記してください。")
    with page.expect_navigation():
        page.locator("input[type=submit], button[type=submit]").last.click()
    application.refresh_from_db()
    assert application.status == "returned"

    # Staff read the reason, correct and resubmit.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/")
    assert "KPIの目標値の根拠" in page.locator("main").inner_text()
    assert_accessible(page, "returned task list")
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/sections/strategy/")
    page.fill("#id_kpi_target", "60店舗（商店街アンケートに基づく）")
    save(page, "保存して一覧に戻る")
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/check/")
    with page.expect_navigation():
        page.get_by_role("button", name="申請を再提出する").click()
    application.refresh_from_db()
    assert application.status == "submitted"

    # The officer sees what changed and approves.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/grants/application/{application.pk}/change/")
    assert "商店街アンケートに基づく" in page.locator("#content").inner_text()
    # The status panel first: a decision is offered only once the review has started.
    panel = page.locator("#content section.status-panel")
    assert panel.get_by_role("link", name="交付を決定する", exact=True).count() == 0
    with page.expect_navigation():
        panel.get_by_role("button", name="審査を開始する").click()
    application.refresh_from_db()
    assert application.status == "under_review"
    panel.get_by_role("link", name="交付を決定する", exact=True).click()
    assert_accessible(page, "approve form")
    # The draft (案) opens in a new tab with the values typed; nothing is numbered yet.
    with page.context.expect_page() as draft_tab:
        page.get_by_role("button", name="案を確認する").click()
    draft_tab.value.close()
    assert not application.notices.exists()
    page.get_by_label("内容を確認しました").check()
    with page.expect_navigation():
        page.locator("input[type=submit], button[type=submit]").last.click()
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.approved_amount == 600_000

    # Staff download the 交付決定通知書.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/")
    assert_accessible(page, "decided application")
    notice = application.notices.get()
    link = page.locator(f"a[href='/grants/notices/{notice.pk}.pdf']")
    with page.expect_download() as download:
        link.first.click()
    path = download.value.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF")
