"""Access requests and roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions, selectors
from ..models import AccessRequest, Municipality, Role, User
from ..workflow import (
    ACCESS_REQUEST_WORKFLOW,
    GROUP_ACCESS_REQUEST_WORKFLOW,
    audit,
    run_transition,
)
from .groups import group_request_notify_municipality
from .notifications import notify, notify_many, officers_of_bureau


def access_request_submit(
    *,
    user: User,
    municipality: Municipality,
    department: str,
    position: str = "",
    phone: str = "",
    reason: str = "",
    role: str = Role.MUNICIPAL,
    group_name: str = "",
) -> AccessRequest:
    """A signed-up user with no role asks to act for ``municipality``: as its staff, or
    (``role`` GROUP, with ``group_name``) as one of its local groups.

    Side effects after commit: a staff request is sent to the officers of the municipality's
    bureau; a group's request to the municipality's own staff (HQ if it has none yet).
    """
    if not permissions.can_request_access(user):
        raise PermissionDenied
    is_group = role == Role.GROUP
    if role not in (Role.MUNICIPAL, Role.GROUP):
        raise ValidationError(_("Choose whether you are municipal staff or a local group."))
    if is_group and not group_name.strip():
        raise ValidationError(_("Enter the name of your group."), code="group_name")
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                user=user,
                municipality=municipality,
                role=role,
                department="" if is_group else department,
                group_name=group_name.strip() if is_group else "",
                position=position,
                phone=phone,
                reason=reason,
            )
            audit(request, actor=user, action="submit", to_status=request.status)
            if is_group:
                group_request_notify_municipality(request)
            else:
                notify_many(
                    officers_of_bureau(municipality.bureau_id),
                    kind="access_request.submitted",
                    subject=_("Access request from %(name)s (%(municipality)s)"),
                    subject_params={
                        "name": user.get_full_name(),
                        "municipality": municipality.name,
                    },
                    template="portal/email/access_request_submitted.txt",
                    context={"request": request},
                    dedupe_key=f"access_request:{request.pk}:submitted",
                    url=reverse("admin:portal_accessrequest_change", args=[request.pk]),
                )
    except IntegrityError:
        raise ValidationError(
            _("You already have a request awaiting a decision."), code="duplicate"
        ) from None
    return request


def access_request_approve(*, request: AccessRequest, actor: User, note: str = "") -> AccessRequest:
    """Approve: the user becomes staff (or the local group) of the requested municipality.

    Preconditions: the request is pending; the actor is an officer of the municipality's
    bureau or HQ (for a group's request: staff of the municipality, or HQ); the user has no
    role yet. Notifies the user after commit.
    """
    is_group = request.role == Role.GROUP
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=request.user_id)

        def apply(locked: AccessRequest):
            if user.role != Role.NONE:
                raise ValidationError(
                    _("This person already has a role on the portal; decline the request.")
                    if is_group
                    else _("This user already has a role; change it in the user list instead."),
                    code="has_role",
                )
            locked.decided_by = actor
            locked.decided_at = timezone.now()
            locked.decision_note = note
            return ["decided_by", "decided_at", "decision_note"]

        result = run_transition(
            GROUP_ACCESS_REQUEST_WORKFLOW if is_group else ACCESS_REQUEST_WORKFLOW,
            request,
            "approve",
            actor=actor,
            comment=note,
            allowed=lambda locked: permissions.can_decide_access_request(actor, locked),
            apply=apply,
        )
        if result.changed:
            # A group's account carries the group's name where staff have their department.
            user.role = result.obj.role
            user.municipality_id = result.obj.municipality_id
            user.department = result.obj.group_name if is_group else result.obj.department
            user.is_staff = False
            user.save(update_fields=["role", "municipality", "department", "is_staff"])
            notify(
                recipient=user,
                kind="access_request.approved",
                subject=_("Your access to the portal has been approved"),
                template=(
                    "portal/email/group_request_approved.txt"
                    if is_group
                    else "portal/email/access_request_approved.txt"
                ),
                context={"request": result.obj},
                dedupe_key=f"access_request:{request.pk}:approved",
                url=reverse("portal:mypage"),
            )
    return result.obj


def access_request_decline(*, request: AccessRequest, actor: User, note: str) -> AccessRequest:
    """Decline with a reason the user will read. Notifies the user after commit."""
    if not note.strip():
        raise ValidationError(_("Give the reason for declining."), code="reason_required")

    def apply(locked: AccessRequest):
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        return ["decided_by", "decided_at", "decision_note"]

    is_group = request.role == Role.GROUP
    with transaction.atomic():
        result = run_transition(
            GROUP_ACCESS_REQUEST_WORKFLOW if is_group else ACCESS_REQUEST_WORKFLOW,
            request,
            "decline",
            actor=actor,
            comment=note,
            allowed=lambda locked: permissions.can_decide_access_request(actor, locked),
            apply=apply,
        )
        if result.changed:
            notify(
                recipient=result.obj.user,
                kind="access_request.declined",
                subject=_("Your access request was declined"),
                template=(
                    "portal/email/group_request_declined.txt"
                    if is_group
                    else "portal/email/access_request_declined.txt"
                ),
                context={"request": result.obj},
                dedupe_key=f"access_request:{request.pk}:declined",
                url=reverse("portal:mypage"),
            )
    return result.obj


# Roles that act for one municipality: its staff, and its local groups (which apply for
# grants through it). Every other role has no municipality.
MUNICIPALITY_ROLES = frozenset({Role.MUNICIPAL, Role.GROUP})


def user_set_role(*, user: User, role: str, actor: User, municipality=None, bureau=None) -> User:
    """Give ``user`` a role (HQ only). Admin access follows the role: officers and HQ.

    Municipal staff and local groups keep (and need) their municipality, bureau officers their
    bureau; other roles lose both. Raises ValidationError, never a database error, when the
    role's scope is missing.
    """
    if not permissions.is_hq(actor):
        raise PermissionDenied
    if role == Role.MUNICIPAL and municipality is None:
        raise ValidationError(_("Municipal staff need a municipality."), code="municipality")
    if role == Role.GROUP and municipality is None:
        raise ValidationError(_("A local group needs a municipality."), code="municipality")
    if role == Role.BUREAU and bureau is None:
        raise ValidationError(_("Bureau officers need a bureau."), code="bureau")
    with transaction.atomic():
        # The admin hands over an instance its form has already changed: the role before
        # the change is the one stored.
        before = User.objects.select_for_update().values_list("role", flat=True).get(pk=user.pk)
        user.role = role
        user.municipality = municipality if role in MUNICIPALITY_ROLES else None
        user.bureau = bureau if role == Role.BUREAU else None
        user.is_staff = role in (Role.BUREAU, Role.HQ) or user.is_superuser
        user.save(update_fields=["role", "municipality", "bureau", "is_staff"])
        audit(user, actor=actor, action="set_role", from_status=before, to_status=role)
    return user


# --- Local groups: requests decided by their municipality, and invitations ----------------


def user_change_email(*, user: User, email: str, actor: User) -> User:
    """Change the address ``user`` signs in with (HQ, from the user admin).

    The new address becomes the account's only allauth address, primary and verified: HQ
    changes an address on the person's or the municipality's request and vouches for it,
    and an unverified address would lock the person out until they find the confirmation
    mail. The old address stops signing in and receiving password resets at once.

    Preconditions: the actor may manage the user (superusers only by superusers); no other
    account uses the address. Side effects: an audit event with both addresses; a notice to
    the OLD address after commit, so that its owner can object if the change was not theirs.
    Calling again with the same address changes and sends nothing.
    """
    from allauth.account.models import EmailAddress
    from django.core.validators import validate_email

    if not permissions.can_manage_user(actor, user):
        raise PermissionDenied
    new = User.objects.normalize_email(email.strip()).lower()
    validate_email(new)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old = locked.email
        addresses = EmailAddress.objects.filter(user=locked)
        in_step = list(addresses.values_list("email", "primary", "verified")) == [(new, True, True)]
        if old == new and in_step:
            return locked
        if selectors.user_email_taken(new, user=locked):
            raise ValidationError(
                _("Another account already uses this email address."), code="email_taken"
            )
        locked.email = new
        locked.save(update_fields=["email"])
        addresses.exclude(email=new).delete()
        EmailAddress.objects.update_or_create(
            user=locked, email=new, defaults={"primary": True, "verified": True}
        )
        event = audit(
            locked,
            actor=actor,
            action="change_email",
            extra={"old_email": old, "new_email": new},
        )
        if old and old != new:
            notify(
                recipient=locked,
                email=old,
                kind="account.email_changed",
                subject=_("The email address you sign in with has been changed"),
                template="portal/email/account_email_changed.txt",
                context={"changed_at": event.created_at},
                dedupe_key=f"user:{locked.pk}:email_changed:{event.pk}",
            )
    user.email = new
    return locked
