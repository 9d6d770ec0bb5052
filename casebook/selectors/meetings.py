"""Reads of liaison meetings: staff of the bureau and HQ see their meetings; municipal
staff the meetings their municipality was invited to; the public only public minutes."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from portal.models import AuditEvent, Municipality, Role, User
from portal.permissions import is_hq
from portal.selectors import NOTHING, get_in_scope, scope_q

from ..models import ActionItem, LiaisonMeeting, StrategyMeetingAttendance
from ..permissions import challenges as perms


def _meeting_scope(user) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if is_hq(user):
        return Q()
    if user.role == Role.BUREAU and user.bureau_id:
        return Q(bureau_id=user.bureau_id)
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return Q(
            pk__in=LiaisonMeeting.invited_municipalities.through.objects.filter(
                municipality_id=user.municipality_id
            ).values("liaisonmeeting_id")
        )
    return NOTHING


def meetings_visible_to(user) -> QuerySet[LiaisonMeeting]:
    return LiaisonMeeting.objects.filter(_meeting_scope(user)).select_related("bureau")


def meeting_get_for(user, pk) -> LiaisonMeeting:
    return get_in_scope(meetings_visible_to(user), pk=pk)


def meeting_details(meeting: LiaisonMeeting) -> dict:
    return {
        "invited": list(meeting.invited_municipalities.order_by("code")),
        "attended": list(meeting.attended_municipalities.order_by("code")),
        "action_items": list(meeting.action_items.select_related("owner", "closed_by")),
        "challenges": list(meeting.challenges.select_related("municipality", "theme")),
    }


def meeting_events(meeting: LiaisonMeeting) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(meeting).select_related("actor")


def minutes_public() -> QuerySet[LiaisonMeeting]:
    """Meetings whose minutes were made public: the only ones the public site shows."""
    return LiaisonMeeting.objects.filter(minutes_public=True).select_related("bureau")


def minutes_get_public(pk) -> LiaisonMeeting:
    try:
        return minutes_public().get(pk=pk)
    except (LiaisonMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def action_items_open_for(user, *, limit: int = 50) -> QuerySet[ActionItem]:
    if user is None or not user.is_authenticated:
        return ActionItem.objects.none()
    return (
        ActionItem.objects.filter(owner=user, closed_at__isnull=True)
        .select_related("meeting")
        .order_by("due_date", "pk")[:limit]
    )


def action_item_get_for(user, pk) -> ActionItem:
    """The owner's own item, or any item of a meeting the user sees."""
    items = ActionItem.objects.select_related("meeting", "owner").filter(
        Q(owner_id=getattr(user, "pk", None)) | Q(meeting__in=meetings_visible_to(user))
    )
    return get_in_scope(items, pk=pk)


def owner_choices_for(meeting: LiaisonMeeting | None, bureau_id=None):
    """People who may own an action item: the bureau's officers, HQ, and staff of the
    invited municipalities."""
    from portal.models import User

    bureau_id = meeting.bureau_id if meeting is not None else bureau_id
    q = Q(role=Role.HQ) | Q(role=Role.BUREAU, bureau_id=bureau_id)
    if meeting is not None and meeting.pk:
        q |= Q(
            role=Role.MUNICIPAL,
            municipality_id__in=meeting.invited_municipalities.values("pk"),
        )
    return User.objects.filter(q, is_active=True).order_by("role", "name", "pk")


# --- Strategy meetings attended (#22 point 3) ----------------------------------------------


def attendances_visible_to(user) -> QuerySet[StrategyMeetingAttendance]:
    """The bureau's records and HQ's all (the admin); municipal staff their municipality's."""
    return StrategyMeetingAttendance.objects.filter(
        scope_q(user, municipality="municipality", bureau="bureau")
    ).select_related("municipality", "bureau")


def attendance_of_municipality(user, code: str):
    """(municipality, its records with the officers who attended) for its bureau, HQ and its
    own staff; 404 for anyone else. Three queries."""
    municipality = Municipality.objects.select_related("bureau").filter(pk=code).first()
    if municipality is None or not perms.can_view_attendance_of(user, municipality):
        raise Http404
    records = (
        StrategyMeetingAttendance.objects.filter(municipality=municipality)
        .select_related("bureau")
        .prefetch_related(
            Prefetch("attendees", queryset=User.objects.order_by("name", "pk").only("pk", "name"))
        )
        .order_by("-date", "-id")
    )
    return municipality, records


def attendance_officer_choices(bureau_id: int | None) -> QuerySet[User]:
    """Who may be recorded as attending: the bureau's active officers (HQ: every officer and
    HQ's staff)."""
    users = User.objects.filter(is_active=True).order_by("bureau_id", "name", "pk")
    if bureau_id is None:
        return users.filter(Q(role=Role.HQ) | Q(role=Role.BUREAU))
    return users.filter(role=Role.BUREAU, bureau_id=bureau_id)
