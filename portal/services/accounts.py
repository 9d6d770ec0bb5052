"""Access requests and roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import AccessRequest, Municipality, Role, User
from ..workflow import ACCESS_REQUEST_WORKFLOW, audit, run_transition
from .notifications import notify, notify_many, officers_of_bureau


def access_request_submit(
    *,
    user: User,
    municipality: Municipality,
    department: str,
    position: str = "",
    phone: str = "",
    reason: str = "",
) -> AccessRequest:
    """A signed-up user with no role asks to act for ``municipality``.

    Side effects: the officers of the municipality's bureau are notified after commit.
    """
    if not permissions.can_request_access(user):
        raise PermissionDenied
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                user=user,
                municipality=municipality,
                department=department,
                position=position,
                phone=phone,
                reason=reason,
            )
            audit(request, actor=user, action="submit", to_status=request.status)
            notify_many(
                officers_of_bureau(municipality.bureau_id),
                kind="access_request.submitted",
                subject=_("Access request from %(name)s (%(municipality)s)"),
                subject_params={"name": user.get_full_name(), "municipality": municipality.name},
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
    """Approve: the user becomes staff of the requested municipality.

    Preconditions: the request is pending; the actor is an officer of the municipality's
    bureau or HQ; the user has no role yet. Notifies the user after commit.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=request.user_id)

        def apply(locked: AccessRequest):
            if user.role != Role.NONE:
                raise ValidationError(
                    _("This user already has a role; change it in the user list instead."),
                    code="has_role",
                )
            locked.decided_by = actor
            locked.decided_at = timezone.now()
            locked.decision_note = note
            return ["decided_by", "decided_at", "decision_note"]

        result = run_transition(
            ACCESS_REQUEST_WORKFLOW,
            request,
            "approve",
            actor=actor,
            comment=note,
            allowed=lambda locked: permissions.can_decide_access_request(actor, locked),
            apply=apply,
        )
        if result.changed:
            user.role = Role.MUNICIPAL
            user.municipality_id = result.obj.municipality_id
            user.department = result.obj.department
            user.is_staff = False
            user.save(update_fields=["role", "municipality", "department", "is_staff"])
            notify(
                recipient=user,
                kind="access_request.approved",
                subject=_("Your access to the portal has been approved"),
                template="portal/email/access_request_approved.txt",
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

    with transaction.atomic():
        result = run_transition(
            ACCESS_REQUEST_WORKFLOW,
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
                template="portal/email/access_request_declined.txt",
                context={"request": result.obj},
                dedupe_key=f"access_request:{request.pk}:declined",
                url=reverse("portal:mypage"),
            )
    return result.obj


def user_set_role(*, user: User, role: str, actor: User, municipality=None, bureau=None) -> User:
    """Give ``user`` a role (HQ only). Admin access follows the role: officers and HQ."""
    if not permissions.is_hq(actor):
        raise PermissionDenied
    if role == Role.MUNICIPAL and municipality is None:
        raise ValidationError(_("Municipal staff need a municipality."), code="municipality")
    if role == Role.BUREAU and bureau is None:
        raise ValidationError(_("Bureau officers need a bureau."), code="bureau")
    with transaction.atomic():
        before = user.role
        user.role = role
        user.municipality = municipality if role == Role.MUNICIPAL else None
        user.bureau = bureau if role == Role.BUREAU else None
        user.is_staff = role in (Role.BUREAU, Role.HQ) or user.is_superuser
        user.save(update_fields=["role", "municipality", "bureau", "is_staff"])
        audit(user, actor=actor, action="set_role", from_status=before, to_status=role)
    return user
