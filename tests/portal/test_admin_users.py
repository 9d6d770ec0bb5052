"""The user admin: changing a sign-in address, and who may touch superusers and audit events."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.models import AuditEvent, Notification, Role, User
from portal.workflow import audit
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

RESET_LINK = "/accounts/password/reset/key/"


def _change_url(user) -> str:
    return reverse("admin:portal_user_change", args=[user.pk])


def _form_data(user, **changes) -> dict:
    """What the admin's change form posts for ``user``, with ``changes`` applied."""
    data = {
        "email": user.email,
        "name": user.name,
        "department": user.department,
        "language": user.language,
        "role": user.role,
        "municipality": user.municipality_id or "",
        "bureau": user.bureau_id or "",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _sign_in(client, email: str) -> bool:
    client.logout()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return response.status_code == 302 and client.get(reverse("portal:mypage")).status_code == 200


def _superuser():
    user = User.objects.create_superuser("root@pref.example.jp", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# --- 1. An address changed in the admin is the only one that signs in ----------------------


def test_after_hq_changes_the_address_only_the_new_one_signs_in(
    client, hq_user, sapporo_staff, django_capture_on_commit_callbacks
):
    old = sapporo_staff.email
    client.force_login(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _change_url(sapporo_staff), _form_data(sapporo_staff, email="Kikaku@City.Example.jp")
        )
    assert response.status_code == 302
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.email == "kikaku@city.example.jp"
    assert list(
        EmailAddress.objects.filter(user=sapporo_staff).values_list("email", flat=True)
    ) == ["kikaku@city.example.jp"]

    assert not _sign_in(client, old)
    assert _sign_in(client, "kikaku@city.example.jp")

    # The old address was told; the notice is on record for HQ too.
    notices = [m for m in mail.outbox if m.to == [old]]
    assert len(notices) == 1
    with translation.override("ja"):
        subject = gettext("The email address you sign in with has been changed")
    assert notices[0].subject == subject
    assert RESET_LINK not in notices[0].body
    assert Notification.objects.filter(email=old, kind="account.email_changed").count() == 1
    event = AuditEvent.objects.for_object(sapporo_staff).get(action="change_email")
    assert event.actor == hq_user
    assert event.extra == {"old_email": old, "new_email": "kikaku@city.example.jp"}


def test_a_password_reset_for_the_old_address_sends_it_no_link(
    client, hq_user, sapporo_staff, django_capture_on_commit_callbacks
):
    old = sapporo_staff.email
    client.force_login(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_change_url(sapporo_staff), _form_data(sapporo_staff, email="new@example.jp"))
    client.logout()
    mail.outbox.clear()

    client.post(reverse("account_reset_password"), {"email": old})
    # allauth answers as for any unknown address (no hint that an account was there): a
    # mail offering to sign up, with no link that could set the account's password.
    to_old = [m for m in mail.outbox if old in m.to]
    assert len(to_old) == 1
    assert RESET_LINK not in to_old[0].body
    assert reverse("account_signup") in to_old[0].body
    assert not any(RESET_LINK in m.body for m in mail.outbox)

    client.post(reverse("account_reset_password"), {"email": "new@example.jp"})
    assert any(RESET_LINK in m.body for m in mail.outbox if m.to == ["new@example.jp"])


def test_an_address_another_account_uses_is_refused_with_the_typed_value_kept(
    client, hq_user, sapporo_staff, hakodate_staff
):
    EmailAddress.objects.create(user=hakodate_staff, email="spare@example.jp", verified=True)
    client.force_login(hq_user)
    response = client.post(
        _change_url(sapporo_staff), _form_data(sapporo_staff, email="SPARE@example.jp")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page
    assert 'value="SPARE@example.jp"' in page
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.email != "spare@example.jp"
    assert _sign_in(client, sapporo_staff.email)


def test_saving_other_fields_sends_no_notice(
    client, hq_user, sapporo_staff, django_capture_on_commit_callbacks
):
    client.force_login(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _change_url(sapporo_staff), _form_data(sapporo_staff, department="総務課")
        )
    assert response.status_code == 302
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.department == "総務課"
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="change_email").exists()


# --- 2. Only superusers manage superusers --------------------------------------------------


def _superuser_pages(root):
    return [
        _change_url(root),
        reverse("admin:auth_user_password_change", args=[root.pk]),
        reverse("admin:portal_user_delete", args=[root.pk]),
        reverse("admin:portal_user_history", args=[root.pk]),
    ]


def test_hq_staff_cannot_see_or_change_a_superuser(client, hq_user):
    root = _superuser()
    password = root.password
    client.force_login(hq_user)
    change, password_page, delete, history = _superuser_pages(root)
    for url in (change, password_page, delete, history):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            change,
            _form_data(root, email="taken-over@example.jp", role=Role.NONE, is_active=None),
        ).status_code
        == 404
    )
    assert (
        client.post(
            password_page,
            {"password1": "hijacked-passphrase-1", "password2": "hijacked-passphrase-1"},
        ).status_code
        == 404
    )
    assert client.post(delete, {"post": "yes"}).status_code == 404
    root.refresh_from_db()
    assert root.password == password
    assert root.email == "root@pref.example.jp"
    assert root.role == Role.HQ
    assert root.is_active and root.is_superuser
    changelist = client.get(reverse("admin:portal_user_changelist")).content.decode()
    assert "root@pref.example.jp" not in changelist
    assert hq_user.email in changelist


def test_a_superuser_can_change_a_superuser(client, django_capture_on_commit_callbacks):
    root = _superuser()
    other = User.objects.create_superuser("root2@pref.example.jp", PASSWORD)
    client.force_login(root)
    change, password_page, delete, _history = _superuser_pages(other)
    assert client.get(change).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, _form_data(other, email="root3@pref.example.jp"))
    assert response.status_code == 302
    response = client.post(
        password_page,
        {
            "password1": "a-new-long-passphrase-1",
            "password2": "a-new-long-passphrase-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.email == "root3@pref.example.jp"
    assert other.check_password("a-new-long-passphrase-1")
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=other.pk).exists()


def test_hq_staff_cannot_grant_superuser_or_admin_flags_by_posting_them(
    client, hq_user, sapporo_staff
):
    client.force_login(hq_user)
    response = client.post(
        _change_url(sapporo_staff),
        _form_data(
            sapporo_staff,
            is_superuser="on",
            is_staff="on",
            groups="1",
            user_permissions="1",
        ),
    )
    assert response.status_code == 302
    sapporo_staff.refresh_from_db()
    assert not sapporo_staff.is_superuser
    assert not sapporo_staff.is_staff
    assert not sapporo_staff.groups.exists()
    assert not sapporo_staff.user_permissions.exists()


def test_hq_staff_cannot_change_a_superusers_address_through_the_service(hq_user):
    from django.core.exceptions import PermissionDenied

    from portal.services.accounts import user_change_email

    root = _superuser()
    with pytest.raises(PermissionDenied):
        user_change_email(user=root, email="mine@example.jp", actor=hq_user)
    root.refresh_from_db()
    assert root.email == "root@pref.example.jp"


# --- Audit events cannot be deleted, not even by a superuser --------------------------------


def test_nobody_can_delete_or_edit_an_audit_event_in_the_admin(client, sapporo_staff):
    root = _superuser()
    event = audit(sapporo_staff, actor=root, action="set_role", to_status=Role.MUNICIPAL)
    client.force_login(root)
    delete = reverse("admin:portal_auditevent_delete", args=[event.pk])
    assert client.get(delete).status_code in (403, 404)
    assert client.post(delete, {"post": "yes"}).status_code in (403, 404)
    changelist = client.get(reverse("admin:portal_auditevent_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    response = client.post(
        reverse("admin:portal_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code < 500
    page = client.get(reverse("admin:portal_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_to_delete_audit_events_on_postgresql():
    """Migration 0003 installs the trigger; keep it (the admin is not the only way in)."""
    from importlib import import_module

    migration = import_module("portal.migrations.0003_audit_append_only")
    assert "BEFORE UPDATE OR DELETE ON portal_auditevent" in migration.FORWARD


def test_a_group_without_a_municipality_is_refused_with_a_message(client, hq_user, newcomer):
    client.force_login(hq_user)
    response = client.post(
        _change_url(newcomer), _form_data(newcomer, role=Role.GROUP, department="まちづくり係")
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Next to the municipality field, in words, not the database constraint's name.
    assert "municipality" in response.context["adminform"].form.errors
    assert "group_has_municipality" not in page
    assert 'value="まちづくり係"' in page
    newcomer.refresh_from_db()
    assert newcomer.role == Role.NONE


def test_changing_to_the_same_address_again_sends_one_notice(
    hq_user, sapporo_staff, django_capture_on_commit_callbacks
):
    from portal.services.accounts import user_change_email

    old = sapporo_staff.email
    with django_capture_on_commit_callbacks(execute=True):
        user_change_email(user=sapporo_staff, email="New@Example.jp", actor=hq_user)
        user_change_email(user=sapporo_staff, email="new@example.jp", actor=hq_user)
    assert [m.to for m in mail.outbox] == [[old]]
    assert AuditEvent.objects.filter(action="change_email").count() == 1
