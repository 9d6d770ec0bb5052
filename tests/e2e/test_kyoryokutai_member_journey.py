"""協力隊 members in Chromium, in the Japanese UI: the town invites a member from the
register; the member accepts through the mailed link (creating an account), finds their
page (term, the town's contact), files an activity report, says what comes next; the town
reads the report. A prospective member's question about a position reaches the town, which
answers in the same private thread. axe and reflow (1366, 390 and 320 px) on each new page.
Elements are found by id and address, not by text, so the test runs with or without the
compiled catalogue."""

import datetime as dt
import re

import pytest
from django.core import mail

from dispatch.models import MemberReport, Volunteer
from portal.models import Consultation, Role, User
from tests.dispatch.test_kyoryokutai_factories import (
    TOBETSU,
    load_missions,
    make_position,
    make_volunteer,
    staff_of,
    today,
)
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def japanese(page, live_server):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])


def sign_in(page, live_server, user, password=PASSWORD):
    japanese(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def submit(page, form_selector="main form[method=post]"):
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def checked(page, label):
    page.set_viewport_size({"width": 1366, "height": 900})
    assert_accessible(page, label)  # axe at 1366, then reflow at 390 and 320


def test_invite_accept_report_and_the_town_reads_it(page, live_server):
    load_missions()
    staff = staff_of(TOBETSU)
    volunteer = make_volunteer(
        staff,
        name="海野 渚",
        term_start=today() - dt.timedelta(days=1000),
        term_end=today() + dt.timedelta(days=90),
    )

    # The town invites the member from the register entry.
    sign_in(page, live_server, staff)
    assert page.locator("html").get_attribute("lang") == "ja"
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/volunteers/{volunteer.pk}/")
    checked(page, "register entry")
    member_page = f"/dispatch/kyoryokutai/volunteers/{volunteer.pk}/member/"
    with page.expect_navigation():
        page.locator(f"main a[href='{member_page}']").click()
    checked(page, "the member's account page")
    page.fill("#id_email", "not-an-address")
    submit(page, "main form:has(input[value=invite])")
    assert page.locator(".error-summary").is_visible()
    assert page.title().startswith("エラー") or page.title().startswith("Error")
    checked(page, "invitation with an error")
    page.fill("#id_email", "nagisa@example.jp")
    submit(page, "main form:has(input[value=invite])")
    page.goto(f"{live_server.url}{member_page}")
    page.locator("input[name=report_cadence][value=monthly]").check()
    page.fill("#id_contact_name", "当別町 企画課 協力隊担当")
    submit(page, "main form:has(input[value=settings])")

    # The member accepts through the mailed link, creating an account.
    [invitation] = [m for m in mail.outbox if m.to == ["nagisa@example.jp"]]
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", invitation.body).group(1)
    page.context.clear_cookies()
    japanese(page, live_server)
    page.goto(f"{live_server.url}{link}")
    checked(page, "invitation page for a member")
    with page.expect_navigation():
        page.locator("main a.button").first.click()
    assert page.locator("#id_email").input_value() == "nagisa@example.jp"
    page.fill("#id_name", "海野 渚")
    page.fill("#id_password1", "a-long-passphrase-1")
    page.fill("#id_password2", "a-long-passphrase-1")
    submit(page, "main form")
    assert link in page.url
    submit(page, "main form")
    member = User.objects.get(email="nagisa@example.jp")
    assert member.role == Role.MEMBER

    # The member's page: from the header, the term and the town's contact.
    with page.expect_navigation():
        page.locator("header a[href='/dispatch/kyoryokutai/me/']").first.click()
    main = page.locator("main").inner_text()
    assert "当別町 企画課 協力隊担当" in main and "当別町" in main
    checked(page, "the member's page")

    # A report: one mistake (nothing written) corrected on the way.
    with page.expect_navigation():
        page.locator("main a[href='/dispatch/kyoryokutai/me/reports/new/']").first.click()
    checked(page, "report form")
    page.fill("#id_plans", "冬のイベントの準備")
    submit(page)
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_plans").input_value() == "冬のイベントの準備"
    checked(page, "report form with an error")
    page.fill("#id_activities", "移住相談会の運営と、観光パンフレットの取材")
    submit(page)
    assert page.url.endswith("/dispatch/kyoryokutai/me/")
    report = MemberReport.objects.get()
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/reports/{report.pk}/")
    checked(page, "a report, for the member")

    # What comes next (the last 90 days of the term).
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/me/next/")
    checked(page, "what comes next")
    page.locator("input[name=intended_place][value=nearby]").check()
    page.locator("input[name=intended_activity][value=business]").check()
    submit(page)
    assert Volunteer.objects.get(pk=volunteer.pk).intended_place == "nearby"

    # The town reads the report.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/volunteers/{volunteer.pk}/")
    with page.expect_navigation():
        page.locator(f"main a[href='/dispatch/kyoryokutai/reports/{report.pk}/']").click()
    assert "移住相談会の運営" in page.locator("main").inner_text()
    checked(page, "a report, for the town")


def test_an_inquiry_about_a_position_reaches_the_town(page, live_server):
    load_missions()
    staff = staff_of(TOBETSU)
    position = make_position(TOBETSU, actor=staff, title="農業の担い手")
    japanese(page, live_server)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/inquiry/?position={position.pk}")
    checked(page, "inquiry about a position")
    page.locator("input[name=asker_kind][value=prospective]").check()
    page.fill("#id_name", "移住 花子")
    page.fill("#id_email", "hanako@example.jp")
    page.fill("#id_question", "単身でも応募できますか。")
    submit(page)
    consultation = Consultation.objects.get()
    assert consultation.answering_municipality_id == TOBETSU
    thread = re.search(
        r"https?://[^/\s]+(/consultations/thread/\S+/)",
        next(m for m in mail.outbox if m.to == ["hanako@example.jp"]).body,
    ).group(1)

    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/consultations/")
    with page.expect_navigation():
        page.locator(f"main a[href='/consultations/{consultation.pk}/']").first.click()
    checked(page, "the town's view of the inquiry")
    page.fill("#id_body", "単身でも応募できます。町営住宅があります。")
    submit(page, "main form:has(#id_body)")

    page.context.clear_cookies()
    japanese(page, live_server)
    page.goto(f"{live_server.url}{thread}")
    assert "町営住宅があります" in page.locator("main").inner_text()


def test_a_former_member_opts_in_and_a_visitor_finds_them(page, live_server):
    from dispatch.services.volunteer_members import member_invite
    from portal.services.groups import group_invitation_accept
    from tests.factories import UserFactory

    load_missions()
    staff = staff_of(TOBETSU)
    volunteer = make_volunteer(
        staff,
        state="completed",
        term_start=today() - dt.timedelta(days=1100),
        term_end=today() - dt.timedelta(days=10),
    )
    invitation = member_invite(volunteer=volunteer, email="ob@example.jp", actor=staff)
    member = UserFactory(email="ob@example.jp")
    group_invitation_accept(invitation=invitation, user=member)

    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/me/alumni/")
    checked(page, "OB/OG opt-in")
    page.locator("#id_alumni_listed").check()
    submit(page)
    assert page.locator(".error-summary").is_visible()  # no name to show yet
    checked(page, "OB/OG opt-in with an error")
    page.fill("#id_alumni_name", "なぎさ（元 当別町協力隊）")
    page.fill("#id_alumni_profile", "観光の仕事をしています。移住の相談にのります。")
    submit(page)

    page.context.clear_cookies()
    japanese(page, live_server)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/alumni/")
    main = page.locator("main").inner_text()
    assert "なぎさ（元 当別町協力隊）" in main and "ob@example.jp" not in page.content()
    checked(page, "OB/OG list")
    with page.expect_navigation():
        page.locator(f"main a[href$='?alumni={volunteer.pk}']").click()
    assert "なぎさ（元 当別町協力隊）" in page.locator("#id_subject").input_value()
