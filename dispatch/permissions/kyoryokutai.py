"""Who may do what with a 協力隊 member's own account (H3): the member sees only their own
register entry, reports and threads; the municipality invites them and reads their reports
(its bureau and HQ read them too, as they read the register)."""

from portal.models import Role
from portal.permissions import is_active_user

from ..models.volunteers import CHOSEN_STATUSES, SERVING_STATUSES
from . import requests as register


def is_member(user) -> bool:
    return is_active_user(user) and user.role == Role.MEMBER


def is_member_of(user, volunteer) -> bool:
    """The account that accepted the invitation sent from this entry."""
    invitation = volunteer.invitation
    return (
        is_member(user)
        and invitation is not None
        and invitation.status == "accepted"
        and invitation.accepted_by_id == user.pk
    )


def has_member_account(volunteer) -> bool:
    invitation = volunteer.invitation
    return invitation is not None and invitation.status == "accepted"


def can_invite_member(user, volunteer) -> bool:
    """The municipality invites a member it commissioned, once they have a name and a term,
    while no account is linked to the entry."""
    return (
        register.can_keep_register(user, volunteer)
        and volunteer.status in CHOSEN_STATUSES
        and not has_member_account(volunteer)
    )


def can_file_report(user, volunteer) -> bool:
    return is_member_of(user, volunteer) and volunteer.status in SERVING_STATUSES


def can_read_reports(user, volunteer) -> bool:
    return is_member_of(user, volunteer) or register.can_view_volunteer(user, volunteer)
