"""Who may do what in the human-support pillar: predicates on the objects and their keys.

Two predicates read a little more than the object itself, and say so: whether a user is
assigned to a request walks its (prefetched) assignments, and the bureau chief's authority
is a row HQ keeps per bureau (DispatchDesk).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from portal.models import Role
from portal.permissions import (
    can_view_municipality_records,
    is_active_user,
    is_bureau_officer_of,
    is_hq,
)

from ..models.requests import EDITABLE_STATUSES, Kind, Status
from ..workflows.requests import REQUEST_WORKFLOW


def person_of(user):
    """The roster entry linked to ``user``'s account, if any (cached on the user object)."""
    if not is_active_user(user):
        return None
    try:
        return user.dispatch_person
    except ObjectDoesNotExist:
        return None


def is_staff(user) -> bool:
    """Bureau officers and HQ staff."""
    return is_hq(user) or (is_active_user(user) and user.role == Role.BUREAU)


def is_requester_staff(user, request) -> bool:
    """Staff of the requesting municipality."""
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id == request.municipality_id
    )


def is_partner_staff(user, request) -> bool:
    if not is_active_user(user) or user.role != Role.MUNICIPAL:
        return False
    return any(m.pk == user.municipality_id for m in request.partners.all())


def is_bureau_staff_for(user, request) -> bool:
    return is_hq(user) or is_bureau_officer_of(user, request.bureau_id)


def live_assignment_of(user, request):
    """The user's own live assignment on ``request`` (through their roster entry)."""
    person = person_of(user)
    if person is None:
        return None
    for assignment in request.assignments.all():
        if assignment.person_id == person.pk and assignment.cancelled_at is None:
            return assignment
    return None


def is_assigned(user, request) -> bool:
    return live_assignment_of(user, request) is not None


def can_view_request(user, request) -> bool:
    if is_requester_staff(user, request):
        return True
    # Drafts are the municipality's working papers until first submitted.
    if request.first_submitted_at is not None and (
        is_bureau_staff_for(user, request) or is_partner_staff(user, request)
    ):
        return True
    return is_assigned(user, request)


def can_edit_request(user, request) -> bool:
    return request.status in EDITABLE_STATUSES and is_requester_staff(user, request)


def can_withdraw_request(user, request) -> bool:
    return request.status in REQUEST_WORKFLOW.get("withdraw").sources and is_requester_staff(
        user, request
    )


def is_deciding_officer(user, request) -> bool:
    """Decisions on a request are its bureau's officers' (not HQ's)."""
    return is_bureau_officer_of(user, request.bureau_id)


def can_decide_request(user, request) -> bool:
    """Return or decline a submitted request: any officer of the request's bureau."""
    return request.status == Status.SUBMITTED and is_deciding_officer(user, request)


def holds_chief_authority(user, bureau_id) -> bool:
    """HQ has designated ``user`` to hold the bureau chief's authority (one query)."""
    if not is_bureau_officer_of(user, bureau_id):
        return False
    from ..models import DispatchDesk

    return DispatchDesk.objects.filter(bureau_id=bureau_id, chief_officers=user).exists()


def can_approve_request(user, request) -> bool:
    """Any officer of the bureau, except for 地域振興派遣: the chief's authority."""
    if not is_deciding_officer(user, request):
        return False
    return request.kind != Kind.REGIONAL or holds_chief_authority(user, request.bureau_id)


def can_assign_people(user, request) -> bool:
    return request.status in (Status.APPROVED, Status.ASSIGNED) and is_bureau_staff_for(
        user, request
    )


def can_issue_notice(user, request) -> bool:
    return request.status == Status.ASSIGNED and is_bureau_staff_for(user, request)


def can_schedule_session(user, request) -> bool:
    return request.status == Status.ASSIGNED and (
        is_bureau_staff_for(user, request)
        or is_requester_staff(user, request)
        or is_assigned(user, request)
    )


def can_cancel_session(user, session) -> bool:
    return session.cancelled_at is None and can_schedule_session(user, session.request)


def can_report_on_session(user, session, *, now=None) -> bool:
    """A person who attended (on the session, still assigned), once the session has begun."""
    if session.cancelled_at is not None or session.request.status != Status.ASSIGNED:
        return False
    if session.starts_at > (now or timezone.now()):
        return False
    person = person_of(user)
    if person is None or not any(p.pk == person.pk for p in session.people.all()):
        return False
    return is_assigned(user, session.request)


def can_correct_report(user, report) -> bool:
    person = person_of(user)
    return (
        person is not None
        and report.person_id == person.pk
        and report.status == "returned"
        and report.session.request.status == Status.ASSIGNED
    )


def can_confirm_report(user, report) -> bool:
    return report.status == "submitted" and is_requester_staff(user, report.session.request)


def can_view_report(user, report) -> bool:
    return can_view_request(user, report.session.request)


def can_complete_request(user, request) -> bool:
    return request.status == Status.ASSIGNED and is_requester_staff(user, request)


def can_view_person(user, person) -> bool:
    if is_staff(user):
        return True
    return is_active_user(user) and person.user_id == user.pk


def can_manage_person(user, person) -> bool:
    """HQ keeps the whole roster; a bureau keeps the entries of its own staff."""
    if is_hq(user):
        return True
    return (
        is_active_user(user)
        and user.role == Role.BUREAU
        and person.home_bureau_id is not None
        and person.home_bureau_id == user.bureau_id
    )


# --- Calendar subscription URLs ------------------------------------------------------------


def can_subscribe_calendar(user) -> bool:
    """Municipal staff (their municipality's sessions) and people on the roster (their own
    sessions) may have a private subscription URL."""
    if not is_active_user(user):
        return False
    if user.role == Role.MUNICIPAL and user.municipality_id is not None:
        return True
    return person_of(user) is not None


def calendar_scope_of(user) -> dict:
    """What a subscription URL is issued for: the user's role and scope at that moment."""
    person = person_of(user)
    return {
        "issued_role": user.role,
        "issued_municipality_id": user.municipality_id,
        "issued_bureau_id": user.bureau_id,
        "issued_person_id": person.pk if person is not None else None,
    }


def calendar_token_holds(token) -> bool:
    """A subscription URL speaks for its owner only while they are active and hold the very
    role and scope it was issued for; any change (role removed, another municipality or
    bureau, the roster entry unlinked, the account deactivated) ends it."""
    user = token.user
    if not can_subscribe_calendar(user):
        return False
    return all(getattr(token, key) == value for key, value in calendar_scope_of(user).items())


def can_view_municipality_dispatch(user, municipality) -> bool:
    return can_view_municipality_records(user, municipality)


def can_view_figures(user) -> bool:
    return is_staff(user)


def can_request_support(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


# --- 地域おこし協力隊 support (H3) ---------------------------------------------------------
# Positions and trial programmes are public once published; the municipality posts them,
# and its bureau and HQ may post for it. The register of volunteers is personal data: the
# municipality keeps it; only the municipality, its bureau and HQ read it.


def is_municipal_staff_of(user, municipality_id) -> bool:
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and municipality_id is not None
        and user.municipality_id == municipality_id
    )


def can_post_kyoryokutai(user) -> bool:
    """Municipal staff, bureau officers and HQ post positions and trial programmes."""
    if is_staff(user):
        return True
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


def can_manage_posting(user, posting) -> bool:
    """A position or trial programme: its municipality, the municipality's bureau, HQ."""
    return (
        is_hq(user)
        or is_bureau_officer_of(user, posting.bureau_id)
        or is_municipal_staff_of(user, posting.municipality_id)
    )


def can_view_posting(user, posting) -> bool:
    return posting.is_public or can_manage_posting(user, posting)


def can_view_register(user) -> bool:
    return can_post_kyoryokutai(user)


def can_add_volunteer(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


def can_view_volunteer(user, volunteer) -> bool:
    """Personal data: the municipality, its bureau and HQ; nobody else."""
    return (
        is_hq(user)
        or is_bureau_officer_of(user, volunteer.bureau_id)
        or is_municipal_staff_of(user, volunteer.municipality_id)
    )


def can_keep_register(user, volunteer) -> bool:
    """Only the municipality writes its register."""
    return is_municipal_staff_of(user, volunteer.municipality_id)


def can_import_register(user, bureau_id) -> bool:
    """Members entered from an Excel register: HQ, or an officer of the member's bureau."""
    return is_hq(user) or is_bureau_officer_of(user, bureau_id)


def can_record_settlement(user, volunteer) -> bool:
    return volunteer.has_ended and can_keep_register(user, volunteer)


def can_view_kyoryokutai_figures(user) -> bool:
    return is_staff(user)
