import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.models import AccessRequest, AuditEvent, Municipality, Role, User
from tests.factories import PASSWORD, AccessRequestFactory

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/\S+)", message.body).group(1)


def test_sign_up_verify_email_and_sign_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Kikaku@City.Ebetsu.example.jp",
            "name": "江別 一郎",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "kikaku@city.ebetsu.example.jp"
    assert user.name == "江別 一郎"
    assert user.role == Role.NONE
    assert not EmailAddress.objects.get().verified
    # Until the address is verified, signing in only asks to verify it.
    confirm = _link(mail.outbox[-1])
    client.post(confirm)
    assert EmailAddress.objects.get().verified
    client.logout()
    response = client.post(
        reverse("account_login"),
        {
            "login": "kikaku@city.ebetsu.example.jp",
            "password": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:mypage")).status_code == 200


def test_sign_up_errors_are_shown_in_japanese_with_values_kept(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "not-an-email",
            "name": "江別 一郎",
            "password1": "short",
            "password2": "different",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>" in html and "エラー：" in html
    assert "問題があります" in html  # error summary
    assert 'value="江別 一郎"' in html
    assert 'value="not-an-email"' in html


def test_password_reset_sends_a_link_that_works(client, sapporo_staff):
    client.post(reverse("account_reset_password"), {"email": sapporo_staff.email})
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "new-passphrase-42", "password2": "new-passphrase-42"}
    )
    assert response.status_code == 302
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.check_password("new-passphrase-42")


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(client, sapporo_staff):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": sapporo_staff.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": sapporo_staff.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "ログイン失敗が連続しています" in response.content.decode()


def test_a_user_without_role_sees_only_public_pages(client, newcomer, consultation):
    client.force_login(newcomer)
    assert client.get(reverse("portal:mypage")).status_code == 200
    assert client.get(reverse("portal:consultation_list")).context["page"].paginator.count == 0
    assert client.get(reverse("portal:consultation_create")).status_code == 404
    assert (
        client.get(reverse("portal:consultation_detail", args=[consultation.pk])).status_code == 404
    )


def test_access_request_then_officer_approves_in_the_admin(
    client, newcomer, ishikari_officer, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:access_request_create"),
            {
                "municipality": "012173",
                "department": "企画政策課",
                "position": "主事",
                "phone": "０１１－３８１－１０００",
                "reason": "交付金の申請",
            },
        )
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert request.phone == "011-381-1000"  # full-width digits normalised
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]

    client.force_login(ishikari_officer)
    change_url = reverse("admin:portal_accessrequest_change", args=[request.pk])
    page = client.get(change_url).content.decode()
    assert reverse("admin:portal_accessrequest_approve", args=[request.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:portal_accessrequest_approve", args=[request.pk]))
    newcomer.refresh_from_db()
    assert newcomer.role == Role.MUNICIPAL
    assert newcomer.municipality == Municipality.objects.get(code="012173")
    assert not newcomer.is_staff
    assert mail.outbox[-1].to == [newcomer.email]
    assert AuditEvent.objects.for_object(request).filter(action="approve").exists()


def test_declining_needs_a_reason_that_the_user_reads(
    client, newcomer, ishikari_officer, django_capture_on_commit_callbacks
):
    request = AccessRequestFactory(user=newcomer)
    client.force_login(ishikari_officer)
    url = reverse("admin:portal_accessrequest_decline", args=[request.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert "エラー" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"note": "在籍が確認できませんでした"})
    request.refresh_from_db()
    assert request.status == "declined"
    newcomer.refresh_from_db()
    assert newcomer.role == Role.NONE
    assert "在籍が確認できませんでした" in mail.outbox[-1].body
    client.force_login(newcomer)
    assert "在籍が確認できませんでした" in client.get(reverse("portal:mypage")).content.decode()


def test_a_second_pending_request_is_refused(client, newcomer):
    AccessRequestFactory(user=newcomer)
    client.force_login(newcomer)
    response = client.get(reverse("portal:access_request_create"))
    assert response.status_code == 302
    assert AccessRequest.objects.count() == 1


def test_access_request_form_errors_keep_what_was_typed(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("portal:access_request_create"),
        {
            "municipality": "",
            "department": "企画課",
            "phone": "abc",
            "reason": "理由です",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "エラー：" in html
    assert 'value="企画課"' in html and "理由です" in html and 'value="abc"' in html
    assert 'href="#id_municipality"' in html and 'href="#id_phone"' in html
    assert 'aria-invalid="true"' in html


def test_staff_must_set_up_mfa_when_required(client, ishikari_officer, sapporo_staff, settings):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(ishikari_officer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up TOTP asks for the password again first; those pages stay reachable.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/")
    # Municipal staff may use MFA but are not forced to.
    client.force_login(sapporo_staff)
    assert client.get(reverse("portal:mypage")).status_code == 200


def test_staff_with_totp_pass_the_mfa_requirement(client, ishikari_officer, settings):
    from allauth.mfa.models import Authenticator

    settings.PORTAL_REQUIRE_STAFF_MFA = True
    Authenticator.objects.create(
        user=ishikari_officer, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(ishikari_officer)
    assert client.get("/admin/").status_code == 200


def test_signing_in_with_the_demo_style_password(client, sapporo_staff):
    assert client.login(email=sapporo_staff.email, password=PASSWORD)
