"""Reads of liaison meetings: staff of the bureau and HQ see their meetings; municipal
staff the meetings their municipality was invited to; the public only public minutes."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.models import AuditEvent, Role
from portal.permissions import is_hq
from portal.selectors import NOTHING, get_in_scope

from ..models import ActionItem, LiaisonMeeting


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
