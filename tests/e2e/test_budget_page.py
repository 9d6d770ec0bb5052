"""The budget page (経費と申請額) in Chromium, Japanese UI: municipal staff add a row with the
page's button (no round trip), watch the totals follow what they type, and save; the
server's figures agree. axe checks the page, at a desktop and a phone width."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from grants.models import BudgetLine
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory, cost

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

WIDTHS = (1366, 390)


def fits(page, label):
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
        + Math.round(e.getBoundingClientRect().right))"""
    )
    assert scroll <= width, f"{label}: the page scrolls sideways ({scroll} > {width}): {wide}"


@pytest.mark.parametrize("width", WIDTHS)
def test_add_a_row_see_the_total_change_and_save(page, live_server, width):
    staff = UserFactory(sapporo=True, email=f"budget{width}@example.jp")
    application = ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, staff)
    url = live_server.url + reverse("grants:application_section", args=[application.pk, "budget"])
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    fits(page, f"budget page at {width}px")
    assert_accessible(page, f"budget page at {width}px")
    total = page.locator("td[data-out=total]")
    maximum = page.locator(".budget-summary strong[data-out=maximum]")
    expect(total).to_have_text("1,300,000円")
    expect(maximum).to_have_text("600,000円")

    # The page's button adds a row on the page: no navigation, one more row.
    rows = page.locator("tbody[data-budget-body] tr[data-budget-row]")
    before = rows.count()
    page.locator("button[data-add-row]").click()
    expect(rows).to_have_count(before + 1)
    assert page.url == url
    new = before  # the index of the new row
    expect(page.locator("input[name='lines-TOTAL_FORMS']")).to_have_value(str(before + 1))
    expect(page.locator(f"#id_lines-{new}-cost_category")).to_be_focused()

    # Typing updates the totals and the arithmetic at once.
    page.select_option(f"#id_lines-{new}-cost_category", str(cost("honorarium").pk))
    page.fill(f"#id_lines-{new}-description", "講師旅費")
    page.fill(f"#id_lines-{new}-amount", "２０万円")
    expect(total).to_have_text("1,500,000円")
    expect(page.locator("td[data-out=eligible]")).to_have_text("1,400,000円")
    expect(maximum).to_have_text("700,000円")
    expect(page.locator("#budget-arithmetic [data-out=raw]")).to_have_text("700,000円")
    fits(page, f"budget page with a new row at {width}px")

    # Save and recalculate: the server agrees.
    with page.expect_navigation():
        page.locator("button[name=action][value=stay]").click()
    assert BudgetLine.objects.filter(application=application).count() == 4
    assert BudgetLine.objects.get(application=application, description="講師旅費").amount == 200_000
    expect(maximum).to_have_text("700,000円")
    expect(page.locator(".error-summary")).to_have_count(0)
    assert_accessible(page, f"budget page after saving at {width}px")
    fits(page, f"budget page after saving at {width}px")


def test_the_header_leads_back_to_ones_own_work(page, live_server):
    staff = UserFactory(sapporo=True, email="work@example.jp")
    ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, live_server, staff)
    page.goto(live_server.url + reverse("portal:home"))
    with page.expect_navigation():
        page.locator(f"header a[href='{reverse('portal:my_work')}']").click()
    assert_accessible(page, "my work at 390px")
    fits(page, "my work at 390px")
    card = page.locator("#work-applications a")
    expect(card).to_contain_text("1")
    with page.expect_navigation():
        card.click()
    assert page.url.endswith(reverse("grants:application_list"))
    page.goto(live_server.url + reverse("portal:mypage"))
    # The pillars' four work cards and the notices' inbox.
    expect(page.locator(".work-card")).to_have_count(5)
    assert_accessible(page, "my page with cards at 390px")
    fits(page, "my page at 390px")
