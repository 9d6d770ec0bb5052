"""Units (#20) in Chromium, Japanese UI: 札幌市's organisation administrator adds a 課 and
a 係 (after an empty form's errors), and places a colleague as its 課長; the colleague reads
the page (without the administrator's links) and their unit's shared inbox. axe and reflow
(1366, 390, 320 px) on each new page. Fields and links are found by ids and addresses, so the
test reads the same before and after the catalogue is compiled."""

import pytest
from playwright.sync_api import expect

from portal.models import Position, Unit
from portal.services.notifications import notify_unit
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def submit(page):
    with page.expect_navigation():
        page.locator("main form[novalidate] button[type=submit]").first.click()


def follow(page, href):
    with page.expect_navigation():
        page.locator(f'main a[href="{href}"]').first.click()


def test_the_administrator_places_a_colleague_as_division_director(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    admin = UserFactory(sapporo=True, is_org_admin=True, name="札幌 人事", email="jinji@example.jp")
    colleague = UserFactory(sapporo=True, name="札幌 花子", email="hanako@example.jp")

    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/mypage/")
    follow(page, "/organisation/")
    assert_accessible(page, "organisation page, empty")

    # An empty form: the errors, then a 課.
    follow(page, "/organisation/units/new/")
    assert_accessible(page, "new unit")
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.title().startswith("エラー：")
    assert_accessible(page, "new unit with errors")
    page.fill("#id_name", "企画課")
    submit(page)
    division = Unit.objects.get(name="企画課")

    # A 係 under it.
    follow(page, "/organisation/units/new/")
    page.fill("#id_name", "政策推進係")
    page.select_option("#id_parent", str(division.pk))
    page.fill("#id_order", "１")
    submit(page)
    assert Unit.objects.get(name="政策推進係").parent == division

    # The colleague becomes the 課長 of 企画課.
    follow(page, f"/organisation/people/{colleague.pk}/")
    assert_accessible(page, "unit and position")
    page.select_option("#id_unit", str(division.pk))
    page.select_option("#id_position", str(Position.MANAGER))
    submit(page)
    section = page.locator(f"section:has(#unit-{division.pk})")
    expect(section).to_contain_text("札幌 花子（")
    assert_accessible(page, "organisation page")
    colleague.refresh_from_db()
    assert (colleague.unit, colleague.position) == (division, Position.MANAGER)

    # The colleague reads the page and the unit's inbox.
    notify_unit(
        unit=division,
        kind="test",
        subject="企画課あての連絡",
        template="portal/email/consultation_answered.txt",
        context={},
        dedupe_key="e2e:1",
    )
    sign_in(page, live_server, colleague)
    page.goto(f"{live_server.url}/organisation/")
    expect(page.locator('main a[href="/organisation/units/new/"]')).to_have_count(0)
    page.goto(f"{live_server.url}/mypage/")
    follow(page, "/notifications/unit/")
    expect(page.locator("main")).to_contain_text("企画課あての連絡")
    assert_accessible(page, "unit inbox")
