"""Reads of a plan's 協議会: the council with its members and meetings, each meeting with
its minutes (a fixed number of queries, whatever their number)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from portal.models import Attachment
from portal.selectors import get_in_scope

from ..models import PlanCouncil, PlanCouncilMeeting, PlanCouncilMember


def council_of(plan) -> PlanCouncil | None:
    return PlanCouncil.objects.filter(plan=plan).first()


def council_members(council: PlanCouncil | None) -> list[PlanCouncilMember]:
    return list(council.members.all()) if council is not None else []


def council_meetings(council: PlanCouncil | None) -> list[PlanCouncilMeeting]:
    """The meetings, latest first, each with ``minutes`` (its attachments): two queries."""
    if council is None:
        return []
    meetings = list(council.meetings.all())
    files: dict[int, list] = {}
    if meetings:
        kind = ContentType.objects.get_for_model(PlanCouncilMeeting)
        for attachment in Attachment.objects.filter(
            owner_type=kind, owner_id__in=[str(m.pk) for m in meetings]
        ).order_by("pk"):
            files.setdefault(int(attachment.owner_id), []).append(attachment)
    for meeting in meetings:
        meeting.minutes = files.get(meeting.pk, [])
    return meetings


def member_of(council: PlanCouncil, pk) -> PlanCouncilMember:
    return get_in_scope(PlanCouncilMember.objects.filter(council=council), pk=pk)
