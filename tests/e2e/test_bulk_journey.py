"""Bulk work at the 年度 peak in Chromium: an officer decides two applications from the list
(one over the allocation first: the page comes back with the typed amounts and the total
kept up to date while typing), then issues their notices as one batch and reads the
progress page. axe checks every page, in the Japanese UI."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import Application, Notice
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_excel_journey import sign_in
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def run_action(page, live_server, applications, action):
    page.goto(f"{live_server.url}/admin/grants/application/")
    for application in applications:
        page.locator(f"input[name=_selected_action][value='{application.pk}']").check()
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.locator("button[name=index]").click()


def test_decide_two_in_one_go_and_issue_their_notices(page, live_server):
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    call = CallFactory(fiscal_year=2026)
    AllocationFactory(amount=1_000_000)
    rows = [
        ApplicationFactory(
            call=call,
            attachments=False,
            status="under_review",
            reference=f"R8-石狩-{n:04d}",
            submitted_at=timezone.now(),
        )
        for n in (1, 2)
    ]
    sign_in(page, live_server, officer)

    run_action(page, live_server, rows, "decide_selected")
    assert_accessible(page, "bulk decision")
    second = page.locator(f"#id_amount_{rows[1].pk}")
    second.fill("５００，０００")
    total = page.locator("[data-total]")
    expect(total).to_have_text("1,100,000円")
    expect(page.locator("[data-over]")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="すべて交付決定する").click()
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "bulk decision with an error")
    assert second.input_value() == "５００，０００"
    assert Application.objects.filter(status="approved").count() == 0

    second.fill("400000")
    expect(page.locator("[data-over]")).to_be_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name="すべて交付決定する").click()
    assert "1,000,000円" in page.locator(".messagelist").inner_text()
    assert sorted(Application.objects.values_list("approved_amount", flat=True)) == [
        400_000,
        600_000,
    ]

    run_action(page, live_server, rows, "issue_notices_selected")
    assert_accessible(page, "issue the notices")
    with page.expect_navigation():
        page.get_by_role("button", name="通知書を発行する").click()
    expect(page.get_by_role("status")).to_contain_text("2件中2件")
    assert_accessible(page, "batch progress")
    assert Notice.objects.count() == 2
    expect(page.get_by_role("link", name="PDFをダウンロード")).to_have_count(2)
