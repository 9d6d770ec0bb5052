"""The bureau officer's day in Chromium, in the Japanese UI (#16 point 7): the admin home's
対応待ち → the application (status panel first) → 審査を開始する → 交付を決定する with the draft
(案) checked before the number is drawn → the numbered 交付決定通知書, one click away and never
issued twice. axe on every page, admin pages included."""

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from grants.models import Application, Notice
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_from_the_queue_through_review_and_a_previewed_decision_to_the_notice(page, live_server):
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    AllocationFactory(amount=10_000_000)
    application = ApplicationFactory(
        call=CallFactory(fiscal_year=2026),
        attachments=False,
        status="submitted",
        reference="R8-石狩-0001",
        submitted_at=timezone.now(),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", officer.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    # The admin home: the waiting work, with its count, opens the filtered list.
    page.goto(f"{live_server.url}/admin/")
    assert_accessible(page, "admin home")
    queue = page.get_by_role("link", name=re.compile("審査待ち"))
    expect(queue).to_be_visible()
    with page.expect_navigation():
        queue.click()
    assert "queue=review" in page.url
    expect(page.locator("#content h1")).to_contain_text("一覧")
    assert_accessible(page, "applications awaiting review")
    with page.expect_navigation():
        page.get_by_role("link", name="R8-石狩-0001").click()

    # The change page: the decision is not offered before the review starts.
    assert_accessible(page, "application change page")
    expect(page.get_by_role("link", name="交付を決定する", exact=True)).to_have_count(0)
    panel = page.locator("#status-panel")
    expect(panel).to_contain_text("申請済み")
    with page.expect_navigation():
        panel.get_by_role("button", name="審査を開始する").click()  # one click, nothing to fill
    assert_accessible(page, "review started")
    application.refresh_from_db()
    assert application.status == "under_review"

    # Decide: the draft first (no number drawn), then confirm.
    with page.expect_navigation():
        page.locator("#status-panel").get_by_role("link", name="交付を決定する", exact=True).click()
    assert_accessible(page, "decide the grant")
    with page.context.expect_page() as draft_tab:
        page.get_by_role("button", name=re.compile("案を確認する")).click()
    draft_tab.value.close()
    assert not Notice.objects.exists()
    submit = page.get_by_role("button", name="交付を決定し、通知書を発行する")
    with page.expect_navigation():
        submit.click()  # without the confirmation: refused, nothing issued
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert not Notice.objects.exists()
    page.get_by_label("内容を確認しました").check()
    with page.expect_navigation():
        submit.click()
    application.refresh_from_db()
    assert application.status == "approved"
    notice = Notice.objects.get()
    assert_accessible(page, "decided application")

    # The notice is one click away, numbered, and a second visit issues nothing new.
    link = page.get_by_role("link", name=re.compile(re.escape(notice.document_number)))
    with page.expect_download() as download:
        link.first.click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "第" in text and "号" in text and "案" not in text.split("\n")[0]
    page.goto(f"{live_server.url}/admin/grants/application/{application.pk}/change/")
    expect(page.get_by_role("link", name="交付を決定する", exact=True)).to_have_count(0)
    assert Notice.objects.count() == 1
    assert Application.objects.get(pk=application.pk).approved_amount
