"""The regional view in Chromium: HQ's pages and the annual report page pass axe."""

import pytest

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_hq_reads_the_regional_pages(page, live_server):
    hq = UserFactory(hq=True, email="hq@example.jp")
    staff = UserFactory(sapporo=True)
    ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    AllocationFactory()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", hq.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    for path in [
        "/regions/",
        "/regions/doo/",
        "/regions/bureaus/ishikari/",
        "/regions/municipalities/011002/",
        "/regions/annual-report/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, path)
    page.goto(live_server.url + "/regions/?fiscal_year=2026")
    assert page.locator("svg[role=img]").count() >= 1


# The rendered size of each chart label: its computed font size times the drawing's scale
# on screen (a viewBox scaled down to a phone's width shrinks the text with it).
_LABEL_SIZES = """() => [...document.querySelectorAll("main svg[role=img] text")].map((t) => ({
    text: t.textContent,
    size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    height: t.getBoundingClientRect().height,
}))"""

# Tables sticking out of the main column (a table one character per line cannot hide here:
# nothing on these pages scrolls sideways inside its own box).
_WIDE_TABLES = """() => {
    const main = document.querySelector("main").getBoundingClientRect();
    return [...document.querySelectorAll("main table")]
        .filter((t) => t.getBoundingClientRect().right > main.right + 0.5
                    || t.scrollWidth > t.clientWidth + 1)
        .map((t) => (t.querySelector("caption") || t).textContent.trim().slice(0, 60));
}"""


def test_hq_reads_tables_that_fit_and_charts_readable_on_a_phone(page, live_server):
    """#18 point 1, in Japanese as HQ: every table fits the page at 1366, 390 and 320 px;
    chart labels are at least 12 px at 390 and 320 px; a figure opens its list for its
    place and 年度."""
    hq = UserFactory(hq=True, email="hq-regional@example.jp")
    staff = UserFactory(sapporo=True)
    ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", hq.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    for path in ["/regions/", "/regions/doo/", "/regions/bureaus/kamikawa/"]:
        page.goto(f"{live_server.url}{path}?fiscal_year=2026")
        assert page.locator("html").get_attribute("lang") == "ja"
        assert page.evaluate(_WIDE_TABLES) == [], path
        assert_accessible(page, path)  # axe at 1366, then no sideways scrolling at 390/320
        try:
            for width in (390, 320):
                page.set_viewport_size({"width": width, "height": 900})
                sizes = page.evaluate(_LABEL_SIZES)
                assert sizes, path
                small = [s for s in sizes if s["size"] < 12 or s["height"] < 12]
                assert not small, (path, width, small[:5])
        finally:
            page.set_viewport_size({"width": 1366, "height": 900})
    # The settlement rate is defined next to the table it appears in.
    page.goto(f"{live_server.url}/regions/?fiscal_year=2026")
    assert page.locator("dfn", has_text="定住率").count() >= 1
    # 道央's figure of grant applications opens the dashboard for 道央 and 令和8年度.
    page.locator("a[href='/grants/dashboard/?fiscal_year=2026&region=doo']").first.click()
    page.wait_for_load_state("load")
    assert "fiscal_year=2026" in page.url and "region=doo" in page.url
    assert page.locator("#id_region").input_value() == "doo"
    assert page.locator("#id_fiscal_year").input_value() == "2026"
