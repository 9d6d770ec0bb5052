"""The H3 journey in Chromium: a visitor without an account finds a 協力隊 position by a
Japanese search, asks the one-stop window about it (one mistake corrected on the way); HQ
answers on the consultation desk; the visitor reads the answer through the private link
mailed to them. Then the municipality's register and HQ's figures. axe checks every page,
in the Japanese UI."""

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from dispatch.models import Volunteer
from portal.models import Consultation
from tests.dispatch.test_kyoryokutai_factories import (
    HIGASHIKAWA,
    SHIMOKAWA,
    load_missions,
    make_event,
    make_position,
    make_trial,
    make_volunteer,
    missions,
    settle,
    town,
)
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def japanese(page, live_server):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])


def sign_in(page, live_server, user):
    japanese(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def test_a_visitor_finds_a_position_asks_and_reads_hqs_answer(page, live_server):
    load_missions()
    hq = UserFactory(hq=True, name="本庁 支援室", email="hq@example.jp")
    position = make_position(
        HIGASHIKAWA,
        actor=hq,
        title="写真の町の観光と移住支援",
        activity="写真文化を活かした観光企画と、移住希望者の受入れ",
    )
    make_position(
        SHIMOKAWA,
        actor=hq,
        title="森林資源を活かした林業",
        activity="循環型森林経営の現場で働きます。",
        missions=missions("forestry"),
    )
    make_trial(actor=hq, title="おためし地域おこし協力隊（2泊3日）")
    make_event(title="地域おこし協力隊 募集説明会")

    # The visitor, without an account, on the volunteers' portal.
    japanese(page, live_server)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/")
    assert_accessible(page, "portal")
    page.get_by_role("searchbox", name="募集を検索する").fill("観光")
    click(page, "button", "検索")
    assert_accessible(page, "search results")
    assert page.get_by_role("status").inner_text().startswith("1件の募集")
    assert page.get_by_text("森林資源を活かした林業").count() == 0
    click(page, "link", "写真の町の観光と移住支援")
    assert_accessible(page, "position")
    click(page, "link", "東川町")
    assert_accessible(page, "municipality page")
    page.go_back()
    click(page, "link", "この募集について問い合わせる")
    assert_accessible(page, "inquiry form")

    # One mistake: no question. The form comes back with what was typed.
    page.get_by_label("協力隊への応募を検討中").check()
    page.fill("#id_name", "移住 花子")
    page.fill("#id_email", "hanako@example.jp")
    click(page, "button", "問い合わせを送信する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "inquiry with an error")
    assert page.locator("#id_name").input_value() == "移住 花子"
    assert "写真の町の観光と移住支援" in page.locator("#id_subject").input_value()
    page.fill("#id_question", "東京在住です。住居と車について教えてください。")
    click(page, "button", "問い合わせを送信する")
    assert_accessible(page, "inquiry sent")
    consultation = Consultation.objects.get()
    assert consultation.reference in page.locator("main").inner_text()
    ack = next(m for m in mail.outbox if m.to == ["hanako@example.jp"])
    thread = re.search(r"http://[^/\s]+(/consultations/thread/\S+/)", ack.body)[1]

    # HQ's support office answers on the consultation desk.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/consultations/")
    assert_accessible(page, "desk list")
    click(page, "link", consultation.subject)
    assert_accessible(page, "desk: the inquiry")
    page.fill("#id_body", "住居は町が無償で用意し、活動用の車も貸与します。")
    click(page, "button", "送信する")
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    answer = mail.outbox[-1]
    assert answer.to == ["hanako@example.jp"] and thread in answer.body

    # The visitor reads the answer through the private link.
    japanese(page, live_server)
    page.goto(f"{live_server.url}{thread}")
    assert_accessible(page, "private thread")
    assert "住居は町が無償で用意し" in page.locator("main").inner_text()
    assert position.title in Consultation.objects.get().question


def test_the_municipalitys_register_and_hqs_figures(page, live_server):
    load_missions()
    staff = UserFactory(
        role="municipal", municipality=town(HIGASHIKAWA), name="東川 職員", email="t@example.jp"
    )
    hq = UserFactory(hq=True, email="hq2@example.jp")
    member = make_volunteer(staff, name="海野 渚", term_start=dt.date(2023, 4, 1))
    ended = make_volunteer(staff, state="completed", name="森 大地", term_start=dt.date(2021, 4, 1))
    settle(ended, staff, destination="same", started_business=True)

    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/volunteers/")
    assert_accessible(page, "register")
    click(page, "link", "名簿に受入枠を追加する")
    assert_accessible(page, "new place")
    page.get_by_label("観光", exact=True).check()
    page.fill("#id_activity", "観光の企画")
    click(page, "button", "保存する")
    assert_accessible(page, "place recruiting")
    click(page, "link", "委嘱を記録する")
    assert_accessible(page, "commission form")
    page.fill("#id_name", "北野 陽")
    page.fill("#id_commissioned_on", "2025-03-20")
    page.fill("#id_term_start", "2025-04-01")
    page.fill("#id_term_end", "2029-03-31")
    click(page, "button", "保存する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "commission with an error")
    page.fill("#id_term_end", "2028-03-31")
    click(page, "button", "保存する")
    assert Volunteer.objects.get(name="北野 陽").status == "commissioned"
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/volunteers/{ended.pk}/")
    assert_accessible(page, "former member")
    click(page, "link", "1年後の状況確認を記録する")
    assert_accessible(page, "follow-up form")
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/volunteers/{member.pk}/")
    click(page, "link", "途中退任を記録する")
    assert_accessible(page, "leaving early form")
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/manage/positions/")
    assert_accessible(page, "positions you post")
    click(page, "link", "募集を掲載する")
    assert_accessible(page, "position form")

    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/figures/?fiscal_year=2024")
    assert_accessible(page, "figures")
    assert page.locator("svg[role=img]").count() == 2
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/trials/")
    assert_accessible(page, "trial programmes")
    page.goto(f"{live_server.url}/dispatch/kyoryokutai/events/")
    assert_accessible(page, "events")
