"""Choosing partner municipalities in Chromium, in the Japanese UI: type part of a name, tick
it from the keyboard, see the count; without typing, a bureau's group opens by keyboard too.
axe passes, and the page does not scroll sideways at 320 px."""

import pytest
from playwright.sync_api import expect

from grants.models import Application
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_partners_are_found_by_name_and_ticked_by_keyboard(page, live_server):
    staff = UserFactory(sapporo=True, email="staff@example.jp")
    application = ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", staff.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/sections/overview/")

    picker = page.locator("[data-picker]")
    search = picker.get_by_label("名前で絞り込む")
    expect(search).to_be_visible()
    assert_accessible(page, "overview with the picker")

    search.fill("江別")
    expect(picker.locator("li:visible")).to_have_count(1)
    ebetsu = picker.get_by_label("江別市")
    ebetsu.focus()
    page.keyboard.press("Space")
    expect(ebetsu).to_be_checked()
    expect(picker.locator("[data-picker-total]")).to_have_text("1")

    # Without the filter: a bureau's group opens from the keyboard.
    search.fill("")
    oshima = picker.locator("summary", has_text="渡島総合振興局")
    oshima.focus()
    page.keyboard.press("Enter")
    hakodate = picker.get_by_label("函館市")
    expect(hakodate).to_be_visible()
    hakodate.check()
    expect(picker.locator("[data-picker-total]")).to_have_text("2")

    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.fill("#id_title", "広域キャッシュレス推進事業")
    page.fill("#id_purpose", "圏域の回遊性を高める。")
    page.fill("#id_description", "共同で導入支援を行う。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存して次へ").click()
    partners = Application.objects.get(pk=application.pk).partners.values_list("pk", flat=True)
    assert sorted(partners) == ["012025", "012173"]
