"""Who may do what with challenges, liaison meetings and plans (I1, I4): pure predicates
on the objects' keys. Lists are scoped in the selectors; these decide single objects."""

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq


def _municipal_of(user, municipality_id) -> bool:
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id is not None
        and user.municipality_id == municipality_id
    )


def is_staff(user) -> bool:
    return is_hq(user) or (
        is_active_user(user) and user.role == Role.BUREAU and bool(user.bureau_id)
    )


# --- Challenges ---------------------------------------------------------------------------


def can_submit_challenge(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


def can_triage_challenge(user, challenge) -> bool:
    return is_hq(user) or is_bureau_officer_of(user, challenge.bureau_id)


def can_view_challenge(user, challenge) -> bool:
    return can_triage_challenge(user, challenge) or _municipal_of(user, challenge.municipality_id)


# --- Liaison meetings ---------------------------------------------------------------------


def can_manage_meeting(user, meeting) -> bool:
    return is_hq(user) or is_bureau_officer_of(user, meeting.bureau_id)


def can_create_meeting(user) -> bool:
    return is_staff(user)


def can_close_action_item(user, item) -> bool:
    if item.closed_at is not None:
        return False
    return (is_active_user(user) and item.owner_id == user.pk) or can_manage_meeting(
        user, item.meeting
    )


def can_reopen_action_item(user, item) -> bool:
    """A closed item is reopened by those who could have closed it."""
    if item.closed_at is None:
        return False
    return (is_active_user(user) and item.owner_id == user.pk) or can_manage_meeting(
        user, item.meeting
    )


# --- Plans --------------------------------------------------------------------------------


def can_register_plan(user) -> bool:
    return can_submit_challenge(user)


def can_edit_plan(user, plan) -> bool:
    return _municipal_of(user, plan.municipality_id)


def can_advise_plan(user, plan) -> bool:
    return is_hq(user) or is_bureau_officer_of(user, plan.bureau_id)


def can_view_plan(user, plan) -> bool:
    return can_advise_plan(user, plan) or can_edit_plan(user, plan)


def can_comment_plan(user, plan) -> bool:
    return can_view_plan(user, plan)
