"""The to-do items of challenges and liaison meetings: open action items for their owner;
new challenges for the bureau (registered with the kernel in ``plugins.py``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Role
from portal.registry import TodoItem

LIMIT = 20


def challenge_todos(user) -> list[TodoItem]:
    from ..models import ActionItem, Challenge, ChallengeStatus

    if not user.is_authenticated:
        return []
    items = [
        TodoItem(
            _("Action item of %(meeting)s: %(title)s")
            % {"meeting": item.meeting.title, "title": item.title},
            reverse("casebook:meeting_detail", args=[item.meeting_id]),
            item.due_date,
        )
        for item in ActionItem.objects.filter(owner=user, closed_at__isnull=True)
        .select_related("meeting")
        .only("pk", "title", "due_date", "meeting__title", "meeting_id")
        .order_by("due_date", "pk")[:LIMIT]
    ]
    if user.role == Role.BUREAU and user.bureau_id:
        new = (
            Challenge.objects.filter(bureau_id=user.bureau_id, status=ChallengeStatus.NEW)
            .select_related("municipality")
            .only("pk", "title", "municipality__name", "created_at")
            .order_by("created_at", "pk")[:LIMIT]
        )
        items.extend(
            TodoItem(
                _("Triage the challenge of %(municipality)s: %(title)s")
                % {"municipality": c.municipality.name, "title": c.title},
                reverse("admin:casebook_challenge_change", args=[c.pk]),
            )
            for c in new
        )
    return items
