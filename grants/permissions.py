"""Who may do what with grant applications: pure predicates on the objects' keys."""

from portal.models import Role
from portal.permissions import is_bureau_officer_of, is_hq

from .models.applications import EDITABLE_STATUSES, Status


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_applicant_staff(user, application) -> bool:
    """Staff of the applying (lead) municipality."""
    return (
        _active(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id == application.municipality_id
    )


def is_group_applicant(user, application) -> bool:
    return _active(user) and user.role == Role.GROUP and application.group_user_id == user.pk


def is_partner_staff(user, application) -> bool:
    if not _active(user) or user.role != Role.MUNICIPAL:
        return False
    return any(m.pk == user.municipality_id for m in application.partners.all())


def can_view_application(user, application) -> bool:
    return (
        is_hq(user)
        or is_bureau_officer_of(user, application.bureau_id)
        or is_applicant_staff(user, application)
        or is_group_applicant(user, application)
        or is_partner_staff(user, application)
    )


def can_edit_application(user, application) -> bool:
    if application.status not in EDITABLE_STATUSES:
        return False
    if application.group_user_id:
        # A group's application is edited by the group; its municipality comments.
        return is_group_applicant(user, application)
    return is_applicant_staff(user, application)


def can_apply_to_call(user, call) -> bool:
    """Municipal staff and local groups of the call's bureau, while the call is open."""
    return (
        _active(user)
        and user.role in (Role.MUNICIPAL, Role.GROUP)
        and user.municipality is not None
        and user.municipality.bureau_id == call.bureau_id
        and call.is_open()
    )


def can_start_application(user, call, applicant_kind) -> bool:
    if not can_apply_to_call(user, call):
        return False
    if applicant_kind.via_municipality:
        return user.role == Role.GROUP
    return user.role == Role.MUNICIPAL


def can_forward_application(user, application) -> bool:
    return application.status == Status.MUNICIPAL_REVIEW and is_applicant_staff(user, application)


def can_withdraw_application(user, application) -> bool:
    if application.group_user_id:
        return is_group_applicant(user, application) or (
            is_applicant_staff(user, application) and application.status == Status.MUNICIPAL_REVIEW
        )
    return is_applicant_staff(user, application)


def can_confirm_as_partner(user, application) -> bool:
    return is_partner_staff(user, application) and application.status not in (
        Status.WITHDRAWN,
        Status.REJECTED,
    )


def can_review_application(user, application) -> bool:
    """Officers of the application's bureau review and decide (the 振興局長's authority)."""
    return is_bureau_officer_of(user, application.bureau_id)


def can_act_after_decision(user, application) -> bool:
    """Change requests, the performance report and the claim come from the municipality."""
    return is_applicant_staff(user, application)
