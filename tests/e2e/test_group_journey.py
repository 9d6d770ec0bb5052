"""A local group's way in, in Chromium: Sapporo's staff invite a group by mail; the group opens
the link, signs up and has its role at once; it applies for an open call; the municipality
adds its view and forwards the application; the bureau officer finds it in the admin. A second
group asks for access itself and the municipality approves it on the portal. axe checks the
group pages at a desktop (1366 px) and a phone (390 px) width, in the Japanese
UI."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from grants.models import Application
from portal.models import AccessRequest, Role, User
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import AllocationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

WIDTHS = (1366, 390)


def japanese(page, live_server):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])


def sign_in(page, live_server, email, password=PASSWORD):
    japanese(page, live_server)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def accessible_at_both_widths(page, label):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{label} at {width}px")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def save(page, button="保存して次へ"):
    click(page, "button", button)


def fill_the_application(page, live_server, application, tmp_path):
    base = f"{live_server.url}/grants/applications/{application.pk}"
    page.goto(f"{base}/sections/overview/")
    page.fill("#id_title", "北区の空き店舗を使った交流拠点づくり")
    page.fill("#id_purpose", "住民の交流の場をつくる。")
    page.fill("#id_description", "空き店舗を改修し、週3日の交流サロンを開く。")
    save(page)
    page.fill("#id_strategy_name", "第2期札幌市まちづくり戦略ビジョン")
    page.fill("#id_kpi_name", "サロンの延べ利用者数")
    page.fill("#id_kpi_target", "年間1,500人")
    save(page)
    page.fill("#id_start_date", "2026-10-01")
    page.fill("#id_end_date", "2027-02-28")
    save(page)
    page.select_option("#id_lines-0-cost_category", label="報償費")
    page.fill("#id_lines-0-description", "講師謝金")
    page.fill("#id_lines-0-amount", "300000")
    page.select_option("#id_lines-1-cost_category", label="委託料")
    page.fill("#id_lines-1-description", "改修設計委託")
    page.fill("#id_lines-1-amount", "900000")
    page.fill("#id_requested_amount", "600000")
    save(page)
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
    )
    page.locator("input[type=file]").first.set_input_files(str(plan))
    save(page)
    page.fill("#id_contact_department", "北区まちづくり協議会 事務局")
    page.fill("#id_contact_phone", "011-700-0000")
    save(page)


def test_invited_group_signs_up_applies_and_its_municipality_forwards_to_the_bureau(
    page, live_server, tmp_path
):
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    call = CallFactory(fiscal_year=2026)
    AllocationFactory(amount=10_000_000)

    # Sapporo's staff invite the group from my page.
    sign_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/mypage/")
    accessible_at_both_widths(page, "staff my page")
    click(page, "link", "団体を招待する")
    accessible_at_both_widths(page, "invitation form")
    page.fill("#id_group_name", "北区まちづくり協議会")
    page.fill("#id_email", "not-an-address")
    click(page, "button", "招待を送信する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator("#id_group_name").input_value() == "北区まちづくり協議会"
    accessible_at_both_widths(page, "invitation form with an error")
    page.fill("#id_email", "kita-machi@example.jp")
    click(page, "button", "招待を送信する")
    assert "kita-machi@example.jp" in page.locator("main").inner_text()
    accessible_at_both_widths(page, "local groups list")

    # The group opens the link in the mail, signed out.
    [invitation_mail] = [m for m in mail.outbox if m.to == ["kita-machi@example.jp"]]
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", invitation_mail.body).group(1)
    japanese(page, live_server)
    page.goto(f"{live_server.url}{link}")
    assert "北区まちづくり協議会" in page.locator("main").inner_text()
    accessible_at_both_widths(page, "invitation page")
    click(page, "link", "アカウントを作成して招待を受諾する")
    assert page.locator("#id_email").input_value() == "kita-machi@example.jp"
    page.fill("#id_name", "北 花子")
    page.fill("#id_password1", "a-long-passphrase-1")
    page.fill("#id_password2", "a-long-passphrase-1")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    # No confirmation mail to wait for: straight back to the invitation.
    assert link in page.url
    accessible_at_both_widths(page, "invitation page, signed in")
    click(page, "button", "招待を受諾する")
    assert page.url.endswith("/mypage/")
    assert "団体" in page.locator("main").inner_text()
    group = User.objects.get(email="kita-machi@example.jp")
    assert (group.role, group.municipality_id) == (Role.GROUP, "011002")
    accessible_at_both_widths(page, "group's my page")

    # The group applies for the open call.
    page.goto(f"{live_server.url}/grants/calls/{call.pk}/")
    click(page, "link", "申請する")
    page.locator("input[name=applicant_kind]").first.check()
    page.fill("#id_applicant_name", "北区まちづくり協議会")
    click(page, "button", "申請を開始する")
    application = Application.objects.get()
    assert application.group_user == group
    fill_the_application(page, live_server, application, tmp_path)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/check/")
    click(page, "button", "申請を市町村に送る")
    application.refresh_from_db()
    assert application.status == "municipal_review"

    # The municipality adds its view and forwards it to the bureau.
    sign_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/")
    click(page, "link", re.compile("振興局に送付するか差し戻す"))
    page.locator("textarea").first.fill("地区の交流拠点として市も重視している事業です。")
    click(page, "button", "振興局に送付する")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.municipal_comment.startswith("地区の交流拠点")

    # It has reached the bureau: the officer finds it in the admin list.
    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}/admin/grants/application/")
    listing = page.locator("#content").inner_text()
    assert application.reference in listing or "北区の空き店舗" in listing


def test_a_group_asks_for_access_and_its_municipality_approves(page, live_server):
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    newcomer = UserFactory(name="南 一郎", email="minami@example.jp")

    sign_in(page, live_server, newcomer.email)
    page.goto(f"{live_server.url}/mypage/access-request/")
    accessible_at_both_widths(page, "access request form")
    page.get_by_label(re.compile("市町村内の団体")).check()
    page.select_option("#id_municipality", "011002")
    page.fill("#id_reason", "地域づくり交付金の申請")
    click(page, "button", "申請を送信する")
    # The group's name was missing: the page says so and keeps the rest.
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator("#id_reason").input_value() == "地域づくり交付金の申請"
    accessible_at_both_widths(page, "access request form with an error")
    page.fill("#id_group_name", "南区子ども食堂ネットワーク")
    click(page, "button", "申請を送信する")
    request = AccessRequest.objects.get()
    assert request.role == Role.GROUP

    sign_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/mypage/")
    click(page, "link", re.compile("南区子ども食堂ネットワーク"))
    accessible_at_both_widths(page, "group request")
    click(page, "button", "団体の利用申請を承認する")
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.municipality_id) == (Role.GROUP, "011002")
    assert "南区子ども食堂ネットワーク" in page.locator("main").inner_text()
