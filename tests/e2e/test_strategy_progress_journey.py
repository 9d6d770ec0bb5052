"""効果検証 (#21 points 3 and 4) in Chromium, Japanese UI: municipal staff tick, in the
application's strategy section, the measure of their 総合戦略 the project serves; once the
grant is decided, the bureau officer opens the municipality's 効果検証 page and sees the
measure with its KPI achievement and the grant. axe and reflow (1366, 390, 320 px) on each
page. Fields are found by their names, so the test reads the same before and after the
catalogue is compiled."""

import pytest
from playwright.sync_api import expect

from grants.services import review
from grants.services.applications import application_submit
from tests.e2e.conftest import assert_accessible, assert_reflows
from tests.e2e.test_strategy_journey import sign_in
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory
from tests.portal.strategies import build

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def check(page, label):
    assert_accessible(page, label)
    assert_reflows(page, label)


def test_staff_tag_an_application_and_the_bureau_sees_it_in_the_review(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    _strategy, _goal, measure, kpi = build(staff, start=2026, end=2030, publish=True)
    kpi.years.filter(fiscal_year=2026).update(target=5, result=5)
    application = ApplicationFactory(created_by=staff, strategy_measure="")

    # The municipality ticks the measure in the application's strategy section.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/sections/strategy/")
    check(page, "strategy section with measures")
    box = page.locator(f'input[name="measures"][value="{measure.pk}"]')
    expect(box).to_be_visible()
    box.check()
    with page.expect_navigation():
        page.locator('button[name="action"][value="return"]').click()
    assert [m.pk for m in application.measures.all()] == [measure.pk]

    # The grant is decided (the review itself has its own journeys).
    AllocationFactory(fiscal_year=2026, amount=5_000_000)
    application_submit(application=application, actor=staff)
    review.application_start_review(application=application, actor=officer)
    review.application_approve(application=application, actor=officer, amount=600_000)

    # The bureau officer opens the municipality's 効果検証 page.
    sign_in(page, live_server, officer)
    page.goto(
        f"{live_server.url}/strategies/manage/progress/municipalities/011002/?fiscal_year=2026"
    )
    check(page, "municipality progress")
    main = page.locator("main")
    expect(main.locator("h1")).to_contain_text("効果検証")
    expect(main).to_contain_text("企業誘致の推進")
    expect(main).to_contain_text("100.0%")
    expect(main).to_contain_text("600,000円")
    expect(main.locator("dfn")).to_contain_text("達成率")

    # And the region's page, from the strategies list.
    page.goto(f"{live_server.url}/strategies/manage/")
    with page.expect_navigation():
        page.locator('main a[href="/strategies/manage/progress/regions/doo/"]').click()
    page.select_option("#id_fiscal_year", "2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check(page, "region progress")
    # One row per municipal strategy, with what served it, leading to the town's page.
    row = page.locator("main table tbody tr", has_text="札幌市")
    expect(row).to_contain_text("600,000円")
    with page.expect_navigation():
        row.locator("a").click()
    expect(page.locator("main")).to_contain_text("企業誘致の推進")
