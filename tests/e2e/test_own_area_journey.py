"""In Chromium, in the Japanese UI: a cooperative finds its own page from the header (which
still fits at 390 and 320 px with the extra link), from マイページ, and the public register
from the information pages; a bureau officer links a dispatch request to a challenge by its
reference number, typed full-width after an unknown one was refused. axe checks every page."""

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from casebook.models import ChallengeLink
from tests.casebook.conftest import reload_themes
from tests.casebook.cooperative_helpers import cooperative
from tests.casebook.factories_challenges import ChallengeFactory
from tests.dispatch.factories import submitted_request
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def sign_in_ja(page, live_server, email):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def follow(page, link):
    with page.expect_navigation():
        link.click()


def test_a_cooperative_finds_its_page_and_the_register(page, live_server):
    import_module("casebook.migrations.0005_cooperatives").load(apps, None)
    coop = cooperative(UserFactory(hq=True), email="coop@example.jp")
    sign_in_ja(page, live_server, "coop@example.jp")

    page.goto(f"{live_server.url}/")
    header = page.locator("header.site-header")
    own = header.get_by_role("link", name="組合のページ")
    expect(own).to_have_attribute("href", "/casebook/cooperatives/mine/")
    assert_accessible(page, "home with the cooperative's header")
    follow(page, own)
    expect(page.locator("main h1")).to_contain_text(coop.name)
    assert_accessible(page, "the cooperative's page")

    follow(page, header.get_by_role("link", name="マイページ"))
    expect(page.locator("#own-areas-title")).to_have_text("自分のページ")
    mine = page.locator("#own-area-cooperative-page a")
    expect(mine).to_have_text("組合のページ")
    assert_accessible(page, "my page")
    follow(page, mine)
    expect(page).to_have_url(f"{live_server.url}/casebook/cooperatives/mine/")

    page.goto(f"{live_server.url}/casebook/")
    register = page.locator("main").get_by_role("link", name="認定特定地域づくり事業協同組合の一覧")
    assert_accessible(page, "information support")
    follow(page, register)
    expect(page).to_have_url(f"{live_server.url}/casebook/cooperatives/")
    assert_accessible(page, "the public register")


def test_an_officer_links_a_request_by_its_reference_number(page, live_server):
    reload_themes()
    staff = UserFactory(sapporo=True, email="staff@example.jp")
    UserFactory(ishikari_officer=True, email="officer@example.jp")
    request = submitted_request(staff)
    challenge = ChallengeFactory(submitted_by=staff)
    sign_in_ja(page, live_server, "officer@example.jp")

    page.goto(f"{live_server.url}/admin/casebook/challenge/{challenge.pk}/link/")
    page.select_option("#id_kind", value="dispatch_request")
    page.fill("#id_target_id", "R8-石狩-派9999")
    follow(page, page.locator("input[type=submit], button[type=submit]").last)
    expect(page.locator("main, #content").first).to_contain_text(
        "受付番号 R8-石狩-派9999 は見つかりません"
    )
    assert page.locator("#id_target_id").input_value() == "R8-石狩-派9999"
    assert_accessible(page, "link form with an unknown number")

    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in request.reference)
    page.fill("#id_target_id", full_width)
    follow(page, page.locator("input[type=submit], button[type=submit]").last)
    linked = ChallengeLink.objects.get()
    assert linked.target_id == str(request.pk)
    expect(page.get_by_role("link", name=request.title).first).to_be_visible()
