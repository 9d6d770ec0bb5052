"""The to-do items and the マイページ card of notices (お知らせ・事務連絡): each 要確認 notice
the user's municipality (or cooperative) has not confirmed yet; the card leads to the inbox
(registered with the kernel in ``plugins.py``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import TodoItem, WorkCard

from ..permissions.notices import may_receive_notices
from ..selectors.notices import receipts_for, receipts_to_confirm_for

LIMIT = 20


def notice_todos(user) -> list[TodoItem]:
    if not may_receive_notices(user):
        return []
    receipts = (
        receipts_to_confirm_for(user)
        .select_related(None)
        .select_related("notice")
        .only("pk", "notice_id", "notice__id", "notice__title")[:LIMIT]
    )
    return [
        TodoItem(
            _("Confirm the notice: %(title)s") % {"title": receipt.notice.title},
            reverse("casebook:notice_detail", args=[receipt.notice_id]),
        )
        for receipt in receipts
    ]


def notice_card(user) -> WorkCard | None:
    """お知らせ・事務連絡 on マイページ: the notices the user's municipality received."""
    if not may_receive_notices(user):
        return None
    return WorkCard(
        key="notices",
        title=_("Notices from the prefecture"),
        count=receipts_for(user).count(),
        url=reverse("casebook:notice_inbox"),
        order=50,
    )
