"""Session expiry after inactivity, in Chromium: a warning comes before it (WCAG 2.2.1) and
lets people stay signed in; once the session has ended, the next page asks to sign in again
and the application typed before is still there (drafts live on the server)."""

import time

import pytest

from grants.models import Application
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_grants_journey import save, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

SESSION_SECONDS = 8  # the warning shows half-way, 4 s before the end


def test_warning_before_expiry_extends_and_expiry_keeps_the_draft(page, live_server, settings):
    settings.SESSION_COOKIE_AGE = SESSION_SECONDS
    staff = UserFactory(sapporo=True, email="staff@example.jp")
    call = CallFactory(fiscal_year=2026)
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/calls/")
    with page.expect_navigation():
        page.get_by_role("link", name=call.title).click()
    with page.expect_navigation():
        page.get_by_role("link", name="申請する").click()
    if page.locator("input[name=applicant_kind]").count():
        page.locator("input[name=applicant_kind]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="申請を開始する").click()
    application = Application.objects.get()
    section = f"{live_server.url}/grants/applications/{application.pk}/sections/overview/"
    page.goto(section)
    page.fill("#id_title", "商店街キャッシュレス推進事業")
    page.fill("#id_purpose", "商店街の回遊性を高める。")
    page.fill("#id_description", "決済端末の導入支援と周知イベント。")
    save(page)

    # Idle: the warning shows before the end, takes the focus, and passes axe.
    page.goto(section)
    warning = page.locator("#session-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=(SESSION_SECONDS + 2) * 1000)
    assert "まもなくログアウトします" in warning.inner_text()
    assert page.evaluate("document.activeElement.id") == "session-extend"
    assert_accessible(page, "session warning")

    # Staying signed in: the warning goes, and the session lives past its first end.
    page.get_by_role("button", name="ログインを継続する").click()
    warning.wait_for(state="hidden", timeout=5000)
    time.sleep(SESSION_SECONDS / 2 + 1)  # past the first end: still signed in
    page.goto(section)
    assert "/accounts/login/" not in page.url
    assert page.locator("#id_title").input_value() == "商店街キャッシュレス推進事業"

    # Idle past the end: the next page asks to sign in, then returns to the draft, intact.
    time.sleep(SESSION_SECONDS + 1)
    page.goto(section)
    assert "/accounts/login/" in page.url
    page.fill("#id_login", staff.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url.startswith(section)
    assert page.locator("#id_title").input_value() == "商店街キャッシュレス推進事業"
    assert page.locator("#id_purpose").input_value() == "商店街の回遊性を高める。"
