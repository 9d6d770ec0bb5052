"""A visitor without an account, in Chromium with the Japanese UI: the home page's search
finds a case study; from the case study's municipality to the town's page (its case
studies, positions, decided grants and the bureau's events); on to the events index,
filtered; then the list of grant decisions, filtered. Every page passes axe and has no
horizontal scrolling at 390 and 320 px."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from portal.models import Bureau
from tests.casebook.conftest import reload_themes
from tests.casebook.factories import CaseStudyFactory
from tests.dispatch.test_kyoryokutai_factories import load_missions, make_event, make_position
from tests.e2e.conftest import assert_accessible
from tests.grants.factories import ApplicationFactory
from tests.grants.support_factories import load_themes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

WIDTHS = (390, 320)


def ja(msgid: str) -> str:
    with translation.override("ja"):
        return gettext(msgid)


def check_page(page, label: str) -> None:
    """axe-clean and no horizontal scrolling at a phone's width and at 320 px."""
    assert page.locator("h1").count() == 1, label
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{label} at {width}px")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{label} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def go(page, action) -> None:
    with page.expect_navigation():
        action()


def test_a_visitor_goes_from_the_home_page_to_a_towns_grants(page, live_server):
    load_themes()  # the grants' policy themes
    reload_themes()  # the casebook's themes: a transactional test before may have flushed them
    load_missions()  # and the 協力隊 missions
    CaseStudyFactory(published=True, title="ハスカップで商店街に人を呼ぶ")
    make_position("011002", title="札幌市 観光振興の協力隊")
    make_event(title="石狩 協力隊募集説明会", bureau=Bureau.objects.get(code="ishikari"))
    make_event(title="ふるさと納税 実務研修", category="furusato")
    ApplicationFactory(
        title="商店街キャッシュレス推進事業",
        status="approved",
        approved_amount=600_000,
        decided_at=timezone.now() - dt.timedelta(days=3),
        reference="R8-石狩-0001",
    )

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("link", name=ja("Grants and financial support"))).to_be_visible()
    check_page(page, "home")

    # Search from the home page.
    page.get_by_role("searchbox").fill("ハスカップ")
    go(page, lambda: page.get_by_role("search").get_by_role("button").click())
    assert "/casebook/cases/?q=" in page.url
    check_page(page, "search results")
    go(page, lambda: page.locator("main a", has_text="商店街に人を呼ぶ").first.click())
    expect(page.locator("h1")).to_contain_text("ハスカップで商店街に人を呼ぶ")

    # The municipality's page is a hub of what the town has.
    page.goto(live_server.url + "/municipalities/011002/")
    main = page.locator("main")
    for text in (
        "ハスカップで商店街に人を呼ぶ",
        "札幌市 観光振興の協力隊",
        "商店街キャッシュレス推進事業",
        "600,000円",
        "石狩 協力隊募集説明会",
    ):
        expect(main).to_contain_text(text)
    check_page(page, "municipality hub")

    # Events, filtered by category.
    go(page, lambda: page.locator("main a[href^='/events/?bureau=']").click())
    expect(main).to_contain_text("石狩 協力隊募集説明会")
    page.goto(live_server.url + "/events/")
    page.select_option("#id_category", "furusato")
    go(page, lambda: page.locator("main form button[type=submit]").click())
    assert "category=furusato" in page.url
    expect(main).to_contain_text("ふるさと納税 実務研修")
    expect(main).not_to_contain_text("石狩 協力隊募集説明会")
    check_page(page, "events")

    # The list of grant decisions, filtered by municipality.
    page.goto(live_server.url + "/grants/decisions/")
    page.select_option("#id_municipality", "011002")
    go(page, lambda: page.locator("main form button[type=submit]").click())
    expect(main).to_contain_text("商店街キャッシュレス推進事業")
    expect(main).to_contain_text("600,000円")
    expect(main.locator("a[rel=license]")).to_have_count(1)
    check_page(page, "grant decisions")

    page.goto(live_server.url + "/sitemap/")
    check_page(page, "sitemap")
