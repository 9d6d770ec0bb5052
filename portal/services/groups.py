"""Local groups (団体): invitations by a municipality's staff, and requests they decide."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import AccessRequest, GroupInvitation, Municipality, Role, User
from ..workflow import GROUP_INVITATION_WORKFLOW, InvalidTransition, audit, run_transition
from .notifications import hq_staff, notify, notify_many

GROUP_INVITATION_DAYS = 14


def _municipal_staff_of(municipality_id) -> list[User]:
    return list(
        User.objects.filter(role=Role.MUNICIPAL, municipality_id=municipality_id, is_active=True)
    )


def group_request_notify_municipality(request: AccessRequest) -> None:
    """A group's request goes to the staff of its municipality; to HQ while the municipality
    has no staff account yet, so that it is never left unseen."""
    recipients = _municipal_staff_of(request.municipality_id)
    url = reverse("portal:group_request_detail", args=[request.pk])
    if not recipients:
        recipients = hq_staff()
        url = reverse("admin:portal_accessrequest_change", args=[request.pk])
    notify_many(
        recipients,
        kind="group_request.submitted",
        subject=_("A local group asks to use the portal: %(group)s"),
        subject_params={"group": request.group_name},
        template="portal/email/group_request_submitted.txt",
        context={"request": request},
        dedupe_key=f"access_request:{request.pk}:submitted",
        url=url,
    )


def _check_invitable(email: str, role: str = GroupInvitation.Role.GROUP) -> None:
    from allauth.account.models import EmailAddress

    holders = User.objects.filter(email__iexact=email).exclude(role=Role.NONE)
    addresses = EmailAddress.objects.filter(email__iexact=email).exclude(user__role=Role.NONE)
    if holders.exists() or addresses.exists():
        if role == GroupInvitation.Role.MEMBER:
            message = _(
                "An account with this email address already has a role on the portal, so it "
                "cannot be invited as a 協力隊 member. Give the member's own address, or ask "
                "HQ to change the account."
            )
        else:
            message = _(
                "An account with this email address already has a role on the portal, so it "
                "cannot be invited as a local group. Give the group's own address, or ask HQ "
                "to change the account."
            )
        raise ValidationError(message, code="has_role")


def _group_invitation_mail(invitation: GroupInvitation) -> None:
    member = invitation.role == GroupInvitation.Role.MEMBER
    notify(
        email=invitation.email,
        kind="member_invitation.sent" if member else "group_invitation.sent",
        subject=_("%(municipality)s invites %(group)s to the portal"),
        subject_params={
            "municipality": invitation.municipality.name,
            "group": invitation.group_name,
        },
        template="portal/email/member_invitation.txt"
        if member
        else "portal/email/group_invitation.txt",
        context={"invitation": invitation},
        dedupe_key=f"group_invitation:{invitation.pk}:sent:{invitation.sent_count}",
        url=reverse("portal:group_invitation_open", args=[invitation.token]),
    )


def group_invitation_create(
    *,
    municipality: Municipality,
    group_name: str,
    email: str,
    actor: User,
    role: str = GroupInvitation.Role.GROUP,
) -> GroupInvitation:
    """Staff of ``municipality`` invite one of its local groups (or, with ``role`` member,
    a 協力隊 member it commissioned: dispatch links the invitation to the register entry) by
    email.

    Preconditions: the actor is staff of the municipality; no account with the address has a
    role; the municipality has no invitation to the address still waiting. Side effects: an
    audit event, and after commit the mail with a signed link, usable once, that expires after
    GROUP_INVITATION_DAYS days.
    """
    if not permissions.can_invite_group(actor, municipality):
        raise PermissionDenied
    email = User.objects.normalize_email(email.strip()).lower()
    group_name = group_name.strip()
    if not group_name:
        raise ValidationError(_("Enter the name of the group."), code="group_name")
    _check_invitable(email, role)
    try:
        with transaction.atomic():
            invitation = GroupInvitation.objects.create(
                municipality=municipality,
                role=role,
                group_name=group_name,
                email=email,
                secret=secrets.token_urlsafe(24),
                expires_at=timezone.now() + timedelta(days=GROUP_INVITATION_DAYS),
                invited_by=actor,
            )
            audit(
                invitation,
                actor=actor,
                action="invite",
                to_status=invitation.status,
                extra={"email": email, "group_name": group_name},
            )
            _group_invitation_mail(invitation)
    except IntegrityError:
        raise ValidationError(
            _(
                "An invitation to this address is already waiting. If the mail was lost or "
                "the link has expired, send it again from the list of invitations."
            ),
            code="duplicate",
        ) from None
    return invitation


def group_invitation_resend(*, invitation: GroupInvitation, actor: User) -> GroupInvitation:
    """Mail a waiting invitation again with a new link, valid for GROUP_INVITATION_DAYS days
    from now; the links mailed before stop working. Side effects: an audit event; the mail
    after commit."""
    if not permissions.can_manage_group_invitation(actor, invitation):
        raise PermissionDenied
    with transaction.atomic():
        locked = GroupInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != GroupInvitation.Status.PENDING:
            raise InvalidTransition(_("This invitation has already been accepted or cancelled."))
        _check_invitable(locked.email, locked.role)
        locked.secret = secrets.token_urlsafe(24)
        locked.expires_at = timezone.now() + timedelta(days=GROUP_INVITATION_DAYS)
        locked.sent_count += 1
        locked.save(update_fields=["secret", "expires_at", "sent_count"])
        audit(locked, actor=actor, action="resend", extra={"sent_count": locked.sent_count})
        _group_invitation_mail(locked)
    return locked


def group_invitation_cancel(*, invitation: GroupInvitation, actor: User) -> GroupInvitation:
    """Withdraw a waiting invitation: its link stops working. Safe to call twice."""
    with transaction.atomic():
        result = run_transition(
            GROUP_INVITATION_WORKFLOW,
            invitation,
            "cancel",
            actor=actor,
            allowed=lambda locked: permissions.can_manage_group_invitation(actor, locked),
        )
    return result.obj


def group_invitation_refusal(invitation: GroupInvitation, user=None) -> str | None:
    """Why the invitation cannot be accepted (by ``user``, if signed in), in words for the
    person holding the link; None if it can. Pure: reads the objects only."""
    if invitation.status == GroupInvitation.Status.ACCEPTED:
        return _(
            "This invitation has already been used. If you accepted it, sign in with the "
            "account you created."
        )
    if invitation.status == GroupInvitation.Status.CANCELLED:
        return _(
            "This invitation has been cancelled by the municipality. Contact the municipality "
            "if your group still needs an account."
        )
    if invitation.is_expired():
        return _("This invitation has expired. Ask %(municipality)s to send it again.") % {
            "municipality": invitation.municipality.name
        }
    if user is not None and user.is_authenticated:
        if user.role != Role.NONE:
            if invitation.role == GroupInvitation.Role.MEMBER:
                return _(
                    "Your account already has a role on the portal, so it cannot accept an "
                    "invitation for a 協力隊 member."
                )
            return _(
                "Your account already has a role on the portal, so it cannot accept an "
                "invitation for a local group."
            )
        if user.email.lower() != invitation.email.lower():
            return _(
                "This invitation was sent to another email address. Sign out, then create an "
                "account or sign in with the address the invitation was sent to."
            )
    return None


def group_invitation_accept(*, invitation: GroupInvitation, user: User) -> User:
    """The invitee, signed in with the invited address and with no role yet, becomes the
    local group of the inviting municipality at once: the municipality vouched for it.

    Raises ValidationError (with the words of ``group_invitation_refusal``) for a used,
    cancelled or expired invitation or the wrong account. Accepting twice is harmless. Side
    effects: audit events on the invitation and the account; a notice to the inviting staff
    after commit.
    """
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        locked = (
            GroupInvitation.objects.select_for_update()
            .select_related("municipality")
            .get(pk=invitation.pk)
        )
        if locked.status == GroupInvitation.Status.ACCEPTED and locked.accepted_by_id == account.pk:
            return account
        refusal = group_invitation_refusal(locked, account)
        if refusal:
            raise ValidationError(refusal, code="refused")

        def apply(obj: GroupInvitation):
            obj.accepted_by = account
            obj.accepted_at = timezone.now()
            return ["accepted_by", "accepted_at"]

        run_transition(
            GROUP_INVITATION_WORKFLOW,
            locked,
            "accept",
            actor=account,
            allowed=lambda obj: permissions.can_accept_group_invitation(account, obj),
            apply=apply,
        )
        before = account.role
        member = locked.role == GroupInvitation.Role.MEMBER
        if member:
            # A member acts for nobody: no municipality on the account, so no scope of the
            # town's records; their own register entry is found through this invitation.
            account.role = Role.MEMBER
            account.municipality = None
            account.department = ""
            account.name = account.name or locked.group_name
        else:
            account.role = Role.GROUP
            account.municipality_id = locked.municipality_id
            account.department = locked.group_name
        account.bureau = None
        account.is_staff = False
        account.save(
            update_fields=["role", "municipality", "bureau", "department", "is_staff", "name"]
        )
        audit(
            account,
            actor=account,
            action="set_role",
            from_status=before,
            to_status=account.role,
            extra={"group_invitation": locked.pk, "municipality": locked.municipality_id},
        )
        notify(
            recipient=locked.invited_by,
            kind="member_invitation.accepted" if member else "group_invitation.accepted",
            subject=_("%(group)s accepted your invitation"),
            subject_params={"group": locked.group_name},
            template="portal/email/member_invitation_accepted.txt"
            if member
            else "portal/email/group_invitation_accepted.txt",
            context={"invitation": locked, "account": account},
            dedupe_key=f"group_invitation:{locked.pk}:accepted",
            url=reverse("portal:mypage") if member else reverse("portal:group_list"),
        )
    return account
