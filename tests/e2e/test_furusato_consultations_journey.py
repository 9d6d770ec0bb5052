"""ふるさと納税 1:1 consultations and portal sites (#22) in Chromium, Japanese UI: a bureau
officer publishes a day of slots in the admin (one error corrected); municipal staff book
one with a topic (the empty topic refused first) and see it with its calendar file; they
record a portal site (その他 without its name refused first) and the donations of a 年度;
HQ reads the donations list. Every new page passes axe at 1366, 390 and 320 px and reflows
at 390 and 320 px. Elements are found by their ids and links, not their wording, so the
test passes with or without the compiled catalogue."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import ConsultationSlot, DonationFigure, PortalSiteListing, SlotBooking
from tests.e2e.conftest import assert_accessible, assert_reflows
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

WIDTHS = (1366, 390, 320)


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def check(page, label):
    """axe at each width, and no horizontal scrolling at 390 and 320 px."""
    original = page.viewport_size
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert_accessible(page, f"{label} at {width}px")
    finally:
        page.set_viewport_size(original)
    assert_reflows(page, label)


def submit(page, selector="main form[method=post] button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_an_officer_publishes_slots_and_staff_book_one_and_report_figures(page, live_server):
    officer = UserFactory(ishikari_officer=True, email="officer@pref.example.jp")
    staff = UserFactory(sapporo=True, email="staff@city.sapporo.example.jp")
    hq = UserFactory(hq=True, email="hq@pref.example.jp")
    day = timezone.localdate() + dt.timedelta(days=10)

    # The officer makes a morning of 30-minute slots; the place forgotten first.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/grants/consultationslot/")
    check(page, "admin slots, empty")
    page.locator("a[href$='/consultationslot/series/']").click()
    page.fill("#id_day", day.isoformat())
    page.fill("#id_first", "10:00")
    page.fill("#id_last", "12:00")
    submit(page, "input[type=submit].default")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator("#id_day").input_value() == day.isoformat()
    check(page, "slot series with an error")
    page.fill("#id_place", "石狩振興局 打合せ室")
    submit(page, "input[type=submit].default")
    assert ConsultationSlot.objects.filter(bureau__code="ishikari").count() == 4
    check(page, "admin slots")

    # Staff find the open times from the overview and book the first one.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/furusato/")
    check(page, "furusato overview for staff")
    page.locator("main a[href$='/grants/furusato/consultations/']").first.click()
    check(page, "consultations")
    expect(page.locator("main a[href*='/book/']")).to_have_count(4)
    page.locator("main a[href*='/book/']").first.click()
    check(page, "book a slot")
    submit(page)
    expect(page).to_have_title(re.compile(r"^エラー"))
    check(page, "book a slot with an error")
    page.fill("#id_topic", "返礼品の地場産品基準について相談したい。")
    submit(page)
    booking = SlotBooking.objects.get()
    assert booking.municipality == staff.municipality
    expect(page.locator("main a[href*='/book/']")).to_have_count(3)
    expect(page.locator("main a[href$='.ics']")).to_have_count(1)
    check(page, "consultations with a booking")

    # The officer sees the booking in the admin.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/grants/slotbooking/{booking.pk}/change/")
    expect(page.locator("#content-main")).to_contain_text("返礼品の地場産品基準")
    check(page, "admin booking")

    # Staff record a portal site (その他 without a name first) and a 年度's figures.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/furusato/sites/")
    check(page, "portal sites, empty")
    page.locator("main a[href$='/sites/new/']").click()
    page.select_option("#id_site", "other")
    page.fill("#id_url", "https://www.example.jp/furusato/")
    page.fill("#id_starts_on", "令和7年4月1日")
    submit(page)
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator("#id_url").input_value() == "https://www.example.jp/furusato/"
    check(page, "portal site form with an error")
    page.fill("#id_other_name", "まちのふるさと納税")
    page.fill("#id_content", "石狩湾の海産物")
    submit(page)
    assert PortalSiteListing.objects.get().site_name == "まちのふるさと納税"
    page.locator("main a[href$='/donations/enter/']").first.click()
    check(page, "figures form")
    page.select_option("#id_fiscal_year", "2025")
    page.fill("#id_amount", "1,234,567,000")
    page.fill("#id_count", "0")
    submit(page)
    expect(page).to_have_title(re.compile(r"^エラー"))
    check(page, "figures form with an error")
    page.fill("#id_count", "45,678")
    submit(page)
    figure = DonationFigure.objects.get()
    assert (figure.amount, figure.count) == (1_234_567_000, 45_678)
    expect(page.locator("main")).to_contain_text("まちのふるさと納税")
    expect(page.locator("main")).to_contain_text("1,234,567,000")
    check(page, "portal sites and figures")

    # HQ reads the donations list of the region.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/grants/furusato/donations/?fiscal_year=2025&region=doo")
    expect(page.locator("main table")).to_contain_text("札幌市")
    check(page, "donations list")
