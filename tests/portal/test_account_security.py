"""Every way into an officer's account asks for the second factor (issue #13: 9, 11, 12, 16).

The officer has an authenticator app; production settings (the suite's) with the staff MFA
requirement on. Each test walks one way in as an attacker who knows the password, or holds a
signed-in session, would.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEvent
from portal.tasks import clear_expired_sessions
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NEW_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
ADMIN_PAGES = ["/admin/", "/admin/portal/user/", "/admin/grants/application/"]


def code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def officer(db, settings):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    user = UserFactory(ishikari_officer=True, email="officer@ishikari.example.jp")
    TOTP.activate(user, SECRET)
    return user


def reaches_admin(client) -> bool:
    return any(client.get(page).status_code == 200 for page in ADMIN_PAGES)


def sign_in_with_password(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


# --- 9. the admin's own login ---------------------------------------------------------------


def test_admin_login_page_sends_people_to_the_portal_login(client, officer):
    response = client.get("/admin/login/?next=/admin/grants/application/")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("account_login") + "?next=%2Fadmin%2Fgrants%2Fapplication%2F"
    )


def test_password_posted_to_the_admin_login_signs_nobody_in(client, officer):
    response = client.post(
        "/admin/login/", {"username": officer.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not reaches_admin(client)


def test_admin_pages_ask_anonymous_people_to_sign_in_at_the_portal(client, officer):
    response = client.get("/admin/portal/user/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


def test_admin_login_is_rate_limited_like_the_portal(client, officer):
    # Fifteen wrong passwords in a row: the admin has no form of its own any more, and the
    # portal's login refuses further tries.
    for _ in range(15):
        client.post("/admin/login/", {"username": officer.email, "password": "wrong"})
        client.post(reverse("account_login"), {"login": officer.email, "password": "wrong"})
    response = sign_in_with_password(client, officer)
    assert response.status_code in (200, 429)
    assert not reaches_admin(client)


def test_signed_in_person_without_admin_access_is_not_looped(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:mypage")
    assert "管理サイト" in response.content.decode()


def test_admin_password_change_goes_to_the_portal_form(client, officer):
    client.force_login(officer)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")


def test_portal_login_with_the_password_alone_does_not_reach_the_admin(client, officer):
    response = sign_in_with_password(client, officer)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not reaches_admin(client)
    # A wrong code keeps them out; the right one lets them in.
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert not reaches_admin(client)
    client.post(reverse("mfa_authenticate"), {"code": code()})
    assert client.get("/admin/").status_code == 200


def test_password_reset_does_not_skip_the_code(client, officer):
    client.post(reverse("account_reset_password"), {"email": officer.email})
    link = re.search(r"http://testserver(/accounts/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(form_url, {"password1": "a-new-passphrase-26", "password2": "a-new-passphrase-26"})
    assert not reaches_admin(client)
    response = client.post(
        reverse("account_login"), {"login": officer.email, "password": "a-new-passphrase-26"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert not reaches_admin(client)


def test_confirming_the_address_by_mail_does_not_skip_the_code(client, officer):
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION signs people in from the mail's link: that login
    # must still stop at the second factor.
    EmailAddress.objects.filter(user=officer).update(verified=False)
    sign_in_with_password(client, officer)
    link = re.search(r"http://testserver(/accounts/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert EmailAddress.objects.get(user=officer).verified
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not reaches_admin(client)


def test_password_reset_link_lasts_one_hour(client, officer, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600


# --- 11. reauthentication and the authenticator ---------------------------------------------


def signed_in(client, user):
    client.force_login(user)
    return client


def test_reauthenticating_with_the_password_alone_is_refused(client, officer):
    signed_in(client, officer)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    # …so removing or replacing the authenticator still asks for the code.
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=officer, type="totp").exists()


def test_reauthenticating_by_mailed_code_is_refused(client, officer):
    signed_in(client, officer)
    response = client.post(reverse("account_request_reauthentication_code"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_people_without_an_authenticator_reauthenticate_with_the_password(client, sapporo_staff):
    signed_in(client, sapporo_staff)
    response = client.get(reverse("account_reauthenticate"))
    assert response.status_code == 200


def test_officer_cannot_remove_the_last_authenticator_even_with_the_code(client, officer):
    signed_in(client, officer)
    client.post(reverse("mfa_reauthenticate"), {"code": code()})
    page = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_replace_totp") in page
    assert reverse("mfa_deactivate_totp") not in page
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200  # the form again, with the reason
    assert Authenticator.objects.filter(user=officer, type="totp").exists()
    assert not [m for m in mail.outbox if "無効" in m.subject]


def test_municipal_staff_may_remove_their_own_authenticator(client, sapporo_staff):
    TOTP.activate(sapporo_staff, SECRET)
    signed_in(client, sapporo_staff)
    client.post(reverse("mfa_reauthenticate"), {"code": code()})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=sapporo_staff, type="totp").exists()
    assert mail.outbox[-1].to == [sapporo_staff.email]


def test_officer_replaces_the_authenticator_with_codes_from_both_apps(
    client, officer, django_capture_on_commit_callbacks
):
    signed_in(client, officer)
    response = client.get(reverse("mfa_replace_totp"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(reverse("mfa_reauthenticate"), {"code": code()})
    page = client.get(reverse("mfa_replace_totp"))
    assert page.status_code == 200
    new_secret = page.context["form"].secret
    # A wrong code from the new app changes nothing: the old app still works.
    response = client.post(reverse("mfa_replace_totp"), {"code": "123456"})
    assert response.status_code == 200
    assert "エラー" in response.content.decode() or response.context["form"].errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_replace_totp"), {"code": code(new_secret)})
    assert response.status_code == 302
    totp = Authenticator.objects.get(user=officer, type="totp")
    assert TOTP(totp).validate_code(code(new_secret))
    assert AuditEvent.objects.filter(action="totp_replaced", object_id=str(officer.pk)).exists()
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_security_changes_are_mailed_to_the_account(client, sapporo_staff):
    signed_in(client, sapporo_staff)
    mail.outbox.clear()
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-passphrase-26",
            "password2": "another-passphrase-26",
        },
    )
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]
    assert "パスワード" in mail.outbox[0].subject


# --- 12. email changes -----------------------------------------------------------------------


def test_adding_an_address_needs_reauthentication(client, sapporo_staff):
    signed_in(client, sapporo_staff)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "attacker@example.com"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="attacker@example.com").exists()


def test_officer_with_an_authenticator_cannot_add_an_address_from_a_session(client, officer):
    # allauth refuses new addresses on accounts with a second factor; HQ changes an officer's
    # address in the admin (one service keeps the sign-in addresses in step).
    signed_in(client, officer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "attacker@example.com"}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    else:
        assert "メールアドレスを追加できません" in response.content.decode()
    assert not EmailAddress.objects.filter(email="attacker@example.com").exists()


def test_taking_over_by_address_change_is_told_to_the_old_address(client, sapporo_staff):
    signed_in(client, sapporo_staff)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    new = EmailAddress.objects.get(email="new@example.com")
    new.verified = True
    new.save()
    mail.outbox.clear()
    client.post(reverse("account_email"), {"action_primary": "", "email": "new@example.com"})
    assert EmailAddress.objects.get(email="new@example.com").primary
    assert [sapporo_staff.email] in [m.to for m in mail.outbox]


# --- 16. housekeeping ------------------------------------------------------------------------


def test_expired_sessions_are_cleared(client, sapporo_staff, settings):
    signed_in(client, sapporo_staff)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    clear_expired_sessions()
    clear_expired_sessions()  # safe to run twice
    assert not Session.objects.exists()
    assert "clear-expired-sessions" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.parametrize("path", ["/healthzz/admin", "/favicon-admin/", "/healthz/../admin/"])
def test_mfa_exemptions_match_whole_paths(client, settings, path):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(UserFactory(ishikari_officer=True))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_healthz_stays_reachable_without_mfa(client, settings):
    settings.PORTAL_REQUIRE_STAFF_MFA = True
    client.force_login(UserFactory(ishikari_officer=True))
    assert client.get("/healthz").status_code == 200


# --- 8. private pages are never cached -------------------------------------------------------


def test_signed_in_pages_and_downloads_are_not_stored(client, sapporo_staff):
    signed_in(client, sapporo_staff)
    for url in [reverse("portal:mypage"), "/grants/applications/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_anonymous_public_pages_keep_their_caching(client):
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
