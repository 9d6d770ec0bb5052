"""Journeys of the foundation: the public home page, signing up and in, asking for access
and an officer approving it in the admin. axe checks every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import AccessRequest, Role, User
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_public_pages_are_accessible(page, live_server):
    for path in [
        "/",
        "/about/",
        "/accessibility/",
        "/municipalities/",
        "/municipalities/011002/",
        "/grants/",
        "/dispatch/",
        "/casebook/",
        "/no-such-page/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, path)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "home in English")


def test_sign_up_with_an_error_then_request_access_and_get_approved(page, live_server):
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="アカウント作成").first.click()
    assert_accessible(page, "signup")
    page.get_by_label("メールアドレス").fill("kikaku@example.jp")
    page.get_by_label("氏名").fill("江別 一郎")
    page.locator("#id_password1").fill("a-long-passphrase-1")
    page.locator("#id_password2").fill("different-passphrase")
    page.get_by_role("button", name="ユーザー登録").click()
    # The form comes back with an error summary; what was typed is still there.
    expect(page).to_have_title(re.compile(r"^エラー："))
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("氏名").input_value() == "江別 一郎"
    assert_accessible(page, "signup with errors")
    page.locator("#id_password1").fill("a-long-passphrase-1")
    page.locator("#id_password2").fill("a-long-passphrase-1")
    page.get_by_role("button", name="ユーザー登録").click()
    assert_accessible(page, "verification sent")

    link = re.search(r"http://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)[1]
    page.goto(live_server.url + link)
    assert_accessible(page, "confirm email")
    page.get_by_role("button", name="確認する").click()
    page.goto(live_server.url + "/mypage/")
    assert_accessible(page, "my page")
    page.get_by_role("link", name="市町村の利用申請").click()
    assert_accessible(page, "access request form")
    page.get_by_role("button", name="申請を送信する").click()
    expect(page).to_have_title(re.compile(r"^エラー："))
    assert_accessible(page, "access request with errors")
    page.get_by_role("combobox", name="市町村").select_option("012173")
    page.get_by_role("textbox", name="所属部署").fill("企画政策課")
    page.get_by_role("button", name="申請を送信する").click()
    assert "石狩振興局" in page.locator(".messages").inner_text()
    request = AccessRequest.objects.get()

    # The officer signs in and approves in the admin.
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page, "login")
    page.get_by_label("メールアドレス").fill(officer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"{live_server.url}/admin/portal/accessrequest/{request.pk}/change/")
    assert_accessible(page, "admin access request")
    with page.expect_navigation():
        page.get_by_role("button", name="利用を承認する").click()
    assert "承認しました" in page.locator(".messagelist").inner_text()
    user = User.objects.get(email="kikaku@example.jp")
    assert user.role == Role.MUNICIPAL
    assert user.municipality_id == "012173"
