"""Who may do what with challenges, liaison meetings and plans (I1, I4): pure predicates
on the objects' keys. Lists are scoped in the selectors; these decide single objects."""

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq

from ..models.challenges import Sharing


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


# --- Sharing among neighbours (#22 point 3) ---------------------------------------------


def can_share_challenge(user, challenge) -> bool:
    """Only the owning municipality's staff choose who else may read their challenge."""
    return _municipal_of(user, challenge.municipality_id)


def is_neighbour_of(user, challenge, *, bureau_id, region_id) -> bool:
    """Municipal staff of another municipality within the area the challenge is shared with
    (``bureau_id`` and ``region_id`` are the user's municipality's)."""
    if not can_submit_challenge(user) or user.municipality_id == challenge.municipality_id:
        return False
    if challenge.sharing == Sharing.BUREAU:
        return bureau_id == challenge.bureau_id
    if challenge.sharing == Sharing.REGION:
        return region_id == challenge.bureau.region_id
    return False


def can_view_clusters(user) -> bool:
    return is_staff(user)


# --- Strategy meetings attended (#22 point 3) ----------------------------------------------


def can_record_attendance(user, attendance=None) -> bool:
    if attendance is None or attendance.bureau_id is None:
        return is_staff(user)
    return is_hq(user) or is_bureau_officer_of(user, attendance.bureau_id)


def may_attend_for(person, bureau_id) -> bool:
    """Who can be recorded as attending for a bureau: its officers, or HQ's staff."""
    return person.role == Role.HQ or (person.role == Role.BUREAU and person.bureau_id == bureau_id)


def can_view_attendance_of(user, municipality) -> bool:
    """The bureau of the municipality and HQ; the municipality's own staff read only."""
    return (
        is_hq(user)
        or is_bureau_officer_of(user, municipality.bureau_id)
        or _municipal_of(user, municipality.pk)
    )


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
