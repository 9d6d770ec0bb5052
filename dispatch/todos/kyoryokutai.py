"""What municipal staff must do next for their 協力隊 (shown on my page): plan the settling
of members whose term ends within 90 days, record where former members settled, follow up
a year later, finish draft positions, and see who has not filed the last activity report. A
member's own: the reports due."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.japanese import wareki_date
from portal.models import Role
from portal.registry import TodoItem

from ..models import Position, PostingStatus, Volunteer
from ..selectors import kyoryokutai as selectors
from ..selectors import volunteer_members as member_selectors

LIMIT = 20


def member_todos(user) -> list[TodoItem]:
    """A 協力隊 member's own: the activity reports that are due and not filed."""
    if not user.is_authenticated or user.role != Role.MEMBER:
        return []
    try:
        volunteer = member_selectors.member_volunteer_for(user)
    except Http404:
        return []
    items = []
    for period in member_selectors.report_periods(volunteer):
        if period.missing and volunteer.is_serving:
            items.append(
                TodoItem(
                    _("File your activity report for %(period)s")
                    % {"period": wareki_date(period.start, "month")},
                    reverse("dispatch:kyoryokutai_member_report_create")
                    + f"?period={period.start.isoformat()}",
                    period.due,
                )
            )
    return items[:LIMIT]


def kyoryokutai_todos(user) -> list[TodoItem]:
    if not user.is_authenticated or user.role != Role.MUNICIPAL or not user.municipality_id:
        return []
    own = Volunteer.objects.filter(municipality_id=user.municipality_id)
    items: list[TodoItem] = []
    for volunteer in member_selectors.members_missing_reports(own)[:LIMIT]:
        items.append(
            TodoItem(
                _("%(name)s has not filed the last activity report") % {"name": volunteer.name},
                reverse("dispatch:kyoryokutai_volunteer_detail", args=[volunteer.pk]),
            )
        )
    for volunteer in selectors.terms_ending_soon(own).order_by("term_end", "pk")[:LIMIT]:
        items.append(
            TodoItem(
                _("Plan the settlement support: the 協力隊 term of %(name)s ends on %(date)s")
                % {"name": volunteer.name, "date": wareki_date(volunteer.term_end)},
                reverse("dispatch:kyoryokutai_volunteer_detail", args=[volunteer.pk]),
                volunteer.term_end,
            )
        )
    for volunteer in selectors.ended_without_settlement(own).order_by("ended_on", "pk")[:LIMIT]:
        items.append(
            TodoItem(
                _("Record where %(name)s settled after the 協力隊 term") % {"name": volunteer.name},
                reverse("dispatch:kyoryokutai_settlement", args=[volunteer.pk]),
            )
        )
    due = selectors.followups_due().filter(volunteer__municipality_id=user.municipality_id)
    for settlement in due.order_by("followup_due_on", "pk")[:LIMIT]:
        items.append(
            TodoItem(
                _("Follow up on %(name)s, a year after leaving the 協力隊")
                % {"name": settlement.volunteer.name},
                reverse("dispatch:kyoryokutai_followup", args=[settlement.volunteer_id]),
                settlement.followup_due_on,
            )
        )
    drafts = Position.objects.filter(
        municipality_id=user.municipality_id, status=PostingStatus.DRAFT
    ).order_by("-created_at", "-pk")
    for position in drafts[:LIMIT]:
        items.append(
            TodoItem(
                _("Finish and publish the draft 協力隊 position: %(title)s")
                % {"title": position.title},
                reverse("dispatch:kyoryokutai_position_detail", args=[position.pk]),
            )
        )
    return items
