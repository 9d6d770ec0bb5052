"""Local groups (団体): HQ gives the role in the admin, a municipality invites its groups by
mail, a group asks for access and its municipality (not the bureau) decides."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from portal.models import AccessRequest, AuditEvent, GroupInvitation, Municipality, Role, User
from portal.services import groups as group_services
from portal.services.accounts import user_set_role
from tests.factories import PASSWORD, AccessRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

SAPPORO = "011002"


def ja(msgid: str, **params) -> str:
    """The Japanese the user reads (the English msgid until the catalogue has it), as it
    appears in a page's HTML."""
    with translation.override("ja"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def _admin_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "name": user.name,
        "department": user.department,
        "language": user.language,
        "role": user.role,
        "municipality": user.municipality_id or "",
        "bureau": user.bureau_id or "",
        "is_active": "on",
    }
    data.update(changes)
    return data


# --- 1. HQ gives the group role -----------------------------------------------------------


def test_hq_makes_a_user_a_group_of_sapporo_in_the_admin(client, hq_user, newcomer):
    client.force_login(hq_user)
    response = client.post(
        reverse("admin:portal_user_change", args=[newcomer.pk]),
        _admin_form(newcomer, role=Role.GROUP, municipality=SAPPORO, department="まちづくり会"),
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.municipality_id) == (Role.GROUP, SAPPORO)
    assert not newcomer.is_staff
    event = AuditEvent.objects.for_object(newcomer).get(action="set_role")
    assert (event.from_status, event.to_status) == (Role.NONE, Role.GROUP)


def test_a_group_without_a_municipality_is_a_form_error_in_the_admin(client, hq_user, newcomer):
    client.force_login(hq_user)
    response = client.post(
        reverse("admin:portal_user_change", args=[newcomer.pk]),
        _admin_form(newcomer, role=Role.GROUP, department="まちづくり会"),
    )
    assert response.status_code == 200
    assert ja("A local group needs a municipality.") in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.role == Role.NONE


def test_setting_the_group_role_keeps_and_requires_the_municipality(hq_user, newcomer):
    sapporo = Municipality.objects.get(code=SAPPORO)
    with pytest.raises(ValidationError) as refused:
        user_set_role(user=newcomer, role=Role.GROUP, actor=hq_user)
    assert refused.value.messages == [ja("A local group needs a municipality.")]
    user_set_role(user=newcomer, role=Role.GROUP, municipality=sapporo, actor=hq_user)
    newcomer.refresh_from_db()
    assert newcomer.municipality == sapporo
    # Roles without a municipality still drop it.
    user_set_role(user=newcomer, role=Role.ADVISOR, municipality=sapporo, actor=hq_user)
    newcomer.refresh_from_db()
    assert newcomer.municipality is None


# --- 2. A municipality invites a group -----------------------------------------------------


def _invite(client, staff, *, group="札幌まちづくり協議会", email="Group@Example.jp", capture=None):
    client.force_login(staff)
    return client.post(
        reverse("portal:group_invitation_create"), {"group_name": group, "email": email}
    )


def _invitation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body).group(1)


def test_staff_invite_a_group_and_the_group_signs_up_through_the_link(
    client, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, sapporo_staff)
    assert response.status_code == 302
    invitation = GroupInvitation.objects.get()
    assert (invitation.email, invitation.municipality_id) == ("group@example.jp", SAPPORO)
    assert AuditEvent.objects.for_object(invitation).get().action == "invite"
    [invite_mail] = mail.outbox
    assert invite_mail.to == ["group@example.jp"]
    assert "札幌市" in invite_mail.subject and "札幌まちづくり協議会" in invite_mail.subject
    link = _invitation_link(invite_mail)
    # The staff's list shows it waiting.
    listing = client.get(reverse("portal:group_list")).content.decode()
    assert "札幌まちづくり協議会" in listing and "group@example.jp" in listing

    # The group opens the link signed out: an explanation and the way to sign up.
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "札幌市" in html and "札幌まちづくり協議会" in html
    assert page["Referrer-Policy"] == "same-origin"
    signup = reverse("account_signup")
    assert f'href="{signup}?email=group%40example.jp&amp;next=' in html

    # Signing up with the invited address needs no confirmation mail and comes back here.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{signup}?next={link}",
            {
                "email": "group@example.jp",
                "name": "札幌 花子",
                "password1": "a-long-passphrase-1",
                "password2": "a-long-passphrase-1",
                "next": link,
            },
        )
    assert response.status_code == 302 and response["Location"] == link
    assert len(mail.outbox) == 1  # no confirmation mail
    page = client.get(link)
    assert ja("Accept the invitation") in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302 and response["Location"] == reverse("portal:mypage")
    group = User.objects.get(email="group@example.jp")
    assert (group.role, group.municipality_id, group.department) == (
        Role.GROUP,
        SAPPORO,
        "札幌まちづくり協議会",
    )
    mypage = client.get(reverse("portal:mypage")).content.decode()
    assert ja("local group") in mypage and "札幌まちづくり協議会" in mypage
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", group)
    assert AuditEvent.objects.for_object(group).filter(action="set_role").exists()
    # The inviting staff are told.
    assert mail.outbox[-1].to == [sapporo_staff.email]
    assert "札幌まちづくり協議会" in mail.outbox[-1].subject

    # The link is single use: another browser gets a clear message.
    client.logout()
    used = client.get(link)
    assert used.status_code == 410
    assert (
        ja(
            "This invitation has already been used. If you accepted it, sign in with the "
            "account you created."
        )
        in used.content.decode()
    )


def test_an_existing_account_without_a_role_signs_in_and_accepts(
    client, sapporo_staff, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sapporo_staff, email=newcomer.email.upper())
    link = _invitation_link(mail.outbox[-1])
    client.logout()
    login = reverse("account_login")
    response = client.post(
        f"{login}?next={link}", {"login": newcomer.email, "password": PASSWORD, "next": link}
    )
    assert response["Location"] == link
    client.post(link)
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.municipality_id) == (Role.GROUP, SAPPORO)


def test_a_link_opened_by_another_account_changes_nothing(
    client, sapporo_staff, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sapporo_staff)
    link = _invitation_link(mail.outbox[-1])
    client.force_login(newcomer)
    message = ja(
        "This invitation was sent to another email address. Sign out, then create an "
        "account or sign in with the address the invitation was sent to."
    )
    assert message in client.get(link).content.decode()
    response = client.post(link, follow=True)
    assert message in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.role == Role.NONE
    assert GroupInvitation.objects.get().status == "pending"


def test_an_expired_link_is_refused_with_a_clear_message(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sapporo_staff)
    link = _invitation_link(mail.outbox[-1])
    GroupInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    page = client.get(link)
    assert page.status_code == 410
    assert (
        ja(
            "This invitation has expired. Ask %(municipality)s to send it again.",
            municipality="札幌市",
        )
        in page.content.decode()
    )
    invitee = UserFactory(email="group@example.jp")
    client.force_login(invitee)
    client.post(link)
    invitee.refresh_from_db()
    assert invitee.role == Role.NONE


def test_a_tampered_link_is_not_found(client, sapporo_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sapporo_staff)
    link = _invitation_link(mail.outbox[-1])
    assert client.get(link[:-3] + "xx/").status_code == 404
    assert client.get("/invitations/not-a-token/").status_code == 404


def test_sending_again_mails_a_new_link_and_retires_the_old_one(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sapporo_staff)
    old_link = _invitation_link(mail.outbox[-1])
    invitation = GroupInvitation.objects.get()
    GroupInvitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:group_invitation_resend", args=[invitation.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_link = _invitation_link(mail.outbox[-1])
    assert new_link != old_link
    assert client.get(old_link).status_code == 404
    client.logout()
    assert client.get(new_link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.is_open and invitation.sent_count == 2


def test_a_cancelled_invitation_cannot_be_accepted(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sapporo_staff)
    link = _invitation_link(mail.outbox[-1])
    invitation = GroupInvitation.objects.get()
    client.post(reverse("portal:group_invitation_cancel", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"
    client.logout()
    page = client.get(link)
    assert page.status_code == 410
    assert (
        ja(
            "This invitation has been cancelled by the municipality. Contact the municipality "
            "if your group still needs an account."
        )
        in page.content.decode()
    )


def test_an_address_that_already_has_a_role_is_not_invited(client, sapporo_staff, ebetsu_staff):
    response = _invite(client, sapporo_staff, email=ebetsu_staff.email)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        ja(
            "An account with this email address already has a role on the portal, so it "
            "cannot be invited as a local group. Give the group's own address, or ask HQ "
            "to change the account."
        )
        in html
    )
    assert 'value="札幌まちづくり協議会"' in html  # what was typed is kept
    assert 'href="#id_email"' in html
    assert not GroupInvitation.objects.exists() and not mail.outbox


def test_inviting_the_same_address_twice_points_to_send_again(client, sapporo_staff):
    _invite(client, sapporo_staff)
    response = _invite(client, sapporo_staff, group="別の名前")
    assert response.status_code == 200
    assert (
        ja(
            "An invitation to this address is already waiting. If the mail was lost or "
            "the link has expired, send it again from the list of invitations."
        )
        in response.content.decode()
    )
    assert GroupInvitation.objects.count() == 1


def test_the_invitation_form_shows_errors_and_keeps_what_was_typed(client, sapporo_staff):
    response = _invite(client, sapporo_staff, group="", email="not-an-address")
    assert response.status_code == 200
    html = response.content.decode()
    assert ja("Error:") in html.split("</title>")[0]
    assert 'href="#id_group_name"' in html and 'value="not-an-address"' in html


# --- 4. Who may invite and decide -----------------------------------------------------------


@pytest.mark.parametrize("who", ["group", "ishikari_officer", "newcomer", "hq"])
def test_only_municipal_staff_have_the_group_pages(client, who, sapporo_staff):
    users = {
        "group": lambda: UserFactory(role=Role.GROUP, municipality=sapporo_staff.municipality),
        "ishikari_officer": lambda: UserFactory(ishikari_officer=True),
        "newcomer": lambda: UserFactory(),
        "hq": lambda: UserFactory(hq=True),
    }
    client.force_login(users[who]())
    assert client.get(reverse("portal:group_list")).status_code == 404
    assert client.get(reverse("portal:group_invitation_create")).status_code == 404
    response = client.post(
        reverse("portal:group_invitation_create"), {"group_name": "x", "email": "x@example.jp"}
    )
    assert response.status_code == 404
    assert not GroupInvitation.objects.exists()


def test_a_group_cannot_invite_even_through_the_service(sapporo_staff):
    from portal.services.groups import group_invitation_create

    group = UserFactory(role=Role.GROUP, municipality=sapporo_staff.municipality)
    with pytest.raises(PermissionDenied):
        group_invitation_create(
            municipality=sapporo_staff.municipality,
            group_name="x",
            email="x@example.jp",
            actor=group,
        )


def test_staff_of_another_town_cannot_see_or_touch_sapporos_invitations_and_requests(
    client, sapporo_staff, ebetsu_staff, ishikari_officer
):
    _invite(client, sapporo_staff)
    invitation = GroupInvitation.objects.get()
    request = AccessRequest.objects.create(
        user=UserFactory(),
        municipality=sapporo_staff.municipality,
        role=Role.GROUP,
        group_name="札幌まちづくり協議会",
    )
    for outsider in (ebetsu_staff, ishikari_officer):
        client.force_login(outsider)
        assert (
            client.post(reverse("portal:group_invitation_resend", args=[invitation.pk]))
        ).status_code == 404
        assert (
            client.post(reverse("portal:group_invitation_cancel", args=[invitation.pk]))
        ).status_code == 404
        detail = reverse("portal:group_request_detail", args=[request.pk])
        assert client.get(detail).status_code == 404
        assert client.post(detail, {"action": "approve"}).status_code == 404
    client.force_login(ebetsu_staff)
    listing = client.get(reverse("portal:group_list")).content.decode()
    assert "札幌まちづくり協議会" not in listing
    invitation.refresh_from_db()
    request.refresh_from_db()
    assert (invitation.status, request.status) == ("pending", "pending")


# --- 3. A group asks its municipality ------------------------------------------------------


def _group_request(client, user, **changes):
    client.force_login(user)
    data = {
        "role": "group",
        "municipality": SAPPORO,
        "group_name": "北区まちづくり協議会",
        "department": "",
        "phone": "０１１－７００－００００",
        "reason": "地域づくり交付金の申請",
    }
    data.update(changes)
    return client.post(reverse("portal:access_request_create"), data)


def test_a_group_asks_and_its_municipality_approves_on_the_portal(
    client, newcomer, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _group_request(client, newcomer)
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert (request.role, request.group_name) == (Role.GROUP, "北区まちづくり協議会")
    # Sent to the municipality's staff, not to the bureau.
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]
    assert "北区まちづくり協議会" in mail.outbox[0].subject
    mypage = client.get(reverse("portal:mypage")).content.decode()
    assert "北区まちづくり協議会" in mypage

    # The staff's to-do list leads to the decision page.
    client.force_login(sapporo_staff)
    detail = reverse("portal:group_request_detail", args=[request.pk])
    mypage = client.get(reverse("portal:mypage")).content.decode()
    assert f'href="{detail}"' in mypage
    page = client.get(detail)
    assert page.status_code == 200 and newcomer.email in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, {"action": "approve"})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.role, newcomer.municipality_id, newcomer.department) == (
        Role.GROUP,
        SAPPORO,
        "北区まちづくり協議会",
    )
    assert mail.outbox[-1].to == [newcomer.email]
    assert "北区まちづくり協議会" in mail.outbox[-1].body
    assert AuditEvent.objects.for_object(request).filter(action="approve").exists()
    # No longer on the to-do list.
    assert f'href="{detail}"' not in client.get(reverse("portal:mypage")).content.decode()


def test_the_bureau_cannot_decide_a_groups_request(
    client, newcomer, sapporo_staff, ishikari_officer
):
    _group_request(client, newcomer)
    request = AccessRequest.objects.get()
    client.force_login(ishikari_officer)
    client.post(reverse("admin:portal_accessrequest_approve", args=[request.pk]))
    request.refresh_from_db()
    newcomer.refresh_from_db()
    assert request.status == "pending" and newcomer.role == Role.NONE


def test_declining_a_group_needs_a_reason_the_group_reads(
    client, newcomer, sapporo_staff, django_capture_on_commit_callbacks
):
    _group_request(client, newcomer)
    request = AccessRequest.objects.get()
    client.force_login(sapporo_staff)
    detail = reverse("portal:group_request_detail", args=[request.pk])
    response = client.post(detail, {"action": "decline", "note": ""})
    assert response.status_code == 200
    assert 'href="#id_note"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"action": "decline", "note": "市内での活動が確認できませんでした"})
    request.refresh_from_db()
    assert request.status == "declined"
    assert "市内での活動が確認できませんでした" in mail.outbox[-1].body
    client.force_login(newcomer)
    mypage = client.get(reverse("portal:mypage")).content.decode()
    assert "市内での活動が確認できませんでした" in mypage


def test_a_group_request_without_the_groups_name_keeps_what_was_typed(client, newcomer):
    response = _group_request(client, newcomer, group_name="")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_group_name"' in html and 'href="#id_department"' not in html
    assert "地域づくり交付金の申請" in html
    assert not AccessRequest.objects.exists()


def test_staff_requests_still_go_to_the_bureau(
    client, newcomer, ishikari_officer, sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _group_request(client, newcomer, role="municipal", department="企画課", group_name="x")
    request = AccessRequest.objects.get()
    assert (request.role, request.department, request.group_name) == ("municipal", "企画課", "")
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]
    client.force_login(sapporo_staff)
    detail = reverse("portal:group_request_detail", args=[request.pk])
    assert client.get(detail).status_code == 404


def _fill_group_list(staff, numbers) -> None:
    for n in numbers:
        AccessRequestFactory(
            municipality=staff.municipality,
            role=Role.GROUP,
            group_name=f"まちづくり協議会{n}",
            department="",
        )
        group_services.group_invitation_create(
            municipality=staff.municipality,
            actor=staff,
            group_name=f"地区会{n}",
            email=f"group{n}@example.jp",
        )
        UserFactory(role=Role.GROUP, municipality=staff.municipality, department=f"団体{n}")


def test_the_group_list_takes_a_fixed_number_of_queries(
    client, sapporo_staff, django_assert_num_queries
):
    client.force_login(sapporo_staff)
    url = reverse("portal:group_list")
    _fill_group_list(sapporo_staff, range(1))
    with django_assert_num_queries(10) as one:
        assert client.get(url).status_code == 200
    _fill_group_list(sapporo_staff, range(1, 4))
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "まちづくり協議会3" in page and "地区会3" in page and "団体3" in page
