"""Pure permission predicates: ``can_<verb>_<noun>(user, obj) -> bool``. No queries beyond
the objects' own foreign keys; scoping of lists lives in selectors."""

from ..models import AccessRequest, Consultation, GroupInvitation, Municipality, Role


def is_active_user(user) -> bool:
    """A signed-in account that has not been deactivated: where every other predicate starts."""
    return user is not None and user.is_authenticated and user.is_active


def is_hq(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role == Role.HQ)


def is_bureau_officer_of(user, bureau_id) -> bool:
    return is_active_user(user) and user.role == Role.BUREAU and user.bureau_id == bureau_id


def is_staff_for_municipality(user, municipality: Municipality) -> bool:
    """HQ, or an officer of the municipality's bureau."""
    return is_hq(user) or is_bureau_officer_of(user, municipality.bureau_id)


def can_use_admin(user) -> bool:
    return is_active_user(user) and user.is_staff and (is_hq(user) or user.role == Role.BUREAU)


def can_view_municipality_records(user, municipality: Municipality) -> bool:
    if is_staff_for_municipality(user, municipality):
        return True
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id == municipality.pk
    )


def can_request_access(user) -> bool:
    return is_active_user(user) and user.role == Role.NONE


def can_decide_access_request(user, request: AccessRequest) -> bool:
    """Staff requests go to the bureau (or HQ); a local group's to its municipality's staff,
    who know the groups of their town (or HQ), never to the bureau."""
    if request.role == Role.GROUP:
        return is_hq(user) or is_municipal_staff_of(user, request.municipality_id)
    return is_staff_for_municipality(user, request.municipality)


def is_municipal_staff_of(user, municipality_id) -> bool:
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and municipality_id is not None
        and user.municipality_id == municipality_id
    )


def can_invite_group(user, municipality: Municipality | None) -> bool:
    """Only a municipality's own staff vouch for a group of their town."""
    return municipality is not None and is_municipal_staff_of(user, municipality.pk)


def can_manage_group_invitation(user, invitation: GroupInvitation) -> bool:
    """Send again or cancel: the inviting municipality's staff, or HQ."""
    return is_hq(user) or is_municipal_staff_of(user, invitation.municipality_id)


def can_accept_group_invitation(user, invitation: GroupInvitation) -> bool:
    """The person the invitation was mailed to, signed in with that address, with no role yet."""
    return (
        can_request_access(user)
        and invitation.is_open
        and user.email.lower() == invitation.email.lower()
    )


def can_ask_consultation(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL


def is_answering_municipality_staff(user, consultation: Consultation) -> bool:
    """Staff of the municipality a question was routed or handed over to."""
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and consultation.answering_municipality_id is not None
        and consultation.answering_municipality_id == user.municipality_id
    )


def can_answer_consultation(user, consultation: Consultation) -> bool:
    if is_hq(user):
        return True
    if is_answering_municipality_staff(user, consultation):
        return True
    if not is_active_user(user) or user.role != Role.BUREAU:
        return False
    if (
        consultation.answering_municipality_id is not None
        and consultation.answering_municipality.bureau_id == user.bureau_id
    ):
        return True
    if consultation.bureau_id is not None:
        return consultation.bureau_id == user.bureau_id
    return (
        consultation.municipality is not None
        and consultation.municipality.bureau_id == user.bureau_id
    )


def can_hand_over_consultation(user, consultation: Consultation) -> bool:
    """HQ, or an officer of the bureau answering it, hands a question over to a
    municipality (of that bureau, for an officer): the town's staff then answer it too."""
    if is_hq(user):
        return True
    return (
        is_active_user(user)
        and user.role == Role.BUREAU
        and can_answer_consultation(user, consultation)
    )


def can_follow_up_consultation(user, consultation: Consultation) -> bool:
    """The asker, or a colleague of the asker's municipality."""
    if not is_active_user(user):
        return False
    if consultation.asker_id == user.pk:
        return True
    return (
        user.role == Role.MUNICIPAL
        and consultation.municipality_id is not None
        and consultation.municipality_id == user.municipality_id
    )


def can_view_consultation(user, consultation: Consultation) -> bool:
    return can_answer_consultation(user, consultation) or can_follow_up_consultation(
        user, consultation
    )


def can_manage_user(actor, user) -> bool:
    """HQ manages accounts, but only a superuser manages a superuser: otherwise HQ staff
    could set a superuser's password or address and take over the account."""
    return is_hq(actor) and (actor.is_superuser or not user.is_superuser)
