"""The officer's admin home in Chromium: 対応待ち lists the waiting work with its count, an
overdue row says so in words, and a row opens the list filtered to exactly those items, at an
address that survives a reload, in the Japanese UI."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import Application
from grants.models.applications import Status
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_grants_journey import sign_in
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def _application(call, status, **fields):
    app = ApplicationFactory(call=call)
    Application.objects.filter(pk=app.pk).update(
        status=status, submitted_at=timezone.now(), reference=f"R8-石狩-{app.pk:04d}", **fields
    )


def test_officer_opens_the_waiting_work_from_the_admin_home(page, live_server):
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    call = CallFactory(fiscal_year=2026)
    _application(call, Status.SUBMITTED)
    _application(call, Status.UNDER_REVIEW)
    _application(call, Status.APPROVED, report_due=timezone.localdate() - dt.timedelta(days=2))

    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/")
    queue = page.locator("section.work-queue")
    expect(queue.get_by_role("heading", name="対応待ち")).to_be_visible()
    assert_accessible(page, "admin home")
    overdue = queue.locator("tr.work-queue__row--overdue")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("期限超過")
    review = queue.get_by_role("row", name=re.compile("審査待ちの交付申請"))
    expect(review).to_contain_text("2件")
    expect(page.locator(".app-masters")).to_contain_text("経費区分")

    with page.expect_navigation():
        review.get_by_role("link").click()
    assert "queue=review" in page.url
    expect(page.locator("h1")).to_have_text(re.compile(r"の一覧$"))
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    page.reload()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    assert_accessible(page, "filtered application list")
