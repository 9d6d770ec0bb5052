"""Reads of notices (お知らせ・事務連絡): the public list and feed, a recipient's inbox and
to-do items, one notice for whoever may read it, and the sender's view of the receipts.

A notice reaches the web only once sent. Its readers: everyone for a public notice that is
still sent; its recipients (the staff of a recipient municipality, the account of a recipient
cooperative) while sent or withdrawn; and its sender's scope (HQ, the sending bureau), who
may also look at a draft as the recipients will see it. Anyone else gets 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from portal.models import Role, User
from portal.permissions import is_active_user
from portal.selectors import NOTHING

from ..models.notices import Notice, NoticeReceipt, NoticeStatus, NoticeVisibility
from ..permissions.notices import can_manage_notice
from .recipients import people_by_recipient

DELIVERED = (NoticeStatus.SENT, NoticeStatus.WITHDRAWN)


def notices_public() -> QuerySet[Notice]:
    """Sent public notices, newest first (the public page, the feed, the home panel)."""
    return (
        Notice.objects.filter(status=NoticeStatus.SENT, visibility=NoticeVisibility.PUBLIC)
        .select_related("sender_bureau")
        .order_by("-sent_at", "-pk")
    )


def _recipient_q(user, prefix: str = "") -> Q:
    """The receipts addressed to ``user``: their municipality's, or their cooperatives'."""
    if not is_active_user(user):
        return NOTHING
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return Q(**{f"{prefix}municipality_id": user.municipality_id})
    if user.role == Role.COOPERATIVE:
        return Q(**{f"{prefix}cooperative__user": user})
    return NOTHING


def receipts_for(user) -> QuerySet[NoticeReceipt]:
    """The user's inbox: receipts of delivered notices, newest first, one query."""
    return (
        NoticeReceipt.objects.filter(_recipient_q(user), notice__status__in=DELIVERED)
        .select_related("notice__sender_bureau")
        .order_by("-notice__sent_at", "-pk")
    )


def receipts_to_confirm_for(user) -> QuerySet[NoticeReceipt]:
    """要確認 notices the user's municipality (or cooperative) has not confirmed yet."""
    return receipts_for(user).filter(
        notice__status=NoticeStatus.SENT,
        notice__requires_confirmation=True,
        confirmed_at__isnull=True,
    )


def receipt_for(user, notice: Notice) -> NoticeReceipt | None:
    if notice.status not in DELIVERED:
        return None
    return NoticeReceipt.objects.filter(_recipient_q(user), notice=notice).first()


def notice_get_for(user, pk) -> tuple[Notice, NoticeReceipt | None]:
    """The notice and the user's receipt of it (None for a reader who is not a recipient);
    404 for anyone who may not read it."""
    notice = (
        Notice.objects.select_related("sender_bureau", "audience_bureau", "audience_region")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if notice is None:
        raise Http404
    receipt = receipt_for(user, notice)
    if receipt is not None or notice.is_public or can_manage_notice(user, notice):
        return notice, receipt
    raise Http404


def notice_get_public(pk) -> Notice:
    notice = notices_public().filter(pk=pk).first() if str(pk).isdigit() else None
    if notice is None:
        raise Http404
    return notice


# --- The sender's view ---------------------------------------------------------------------

RECEIPT_STATES = ("unread", "read", "unconfirmed", "confirmed")


def receipt_counts(notice: Notice) -> dict:
    """How many recipients, how many have read and confirmed it: one query."""
    return NoticeReceipt.objects.filter(notice=notice).aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
    )


def receipts_of(notice: Notice, *, state: str = "", bureau: str = "") -> QuerySet:
    """The receipts of a notice for the sender, narrowed to a state and a bureau; one query."""
    receipts = NoticeReceipt.objects.filter(notice=notice).select_related(
        "municipality__bureau", "cooperative__municipality__bureau", "read_by", "confirmed_by"
    )
    if state == "unread":
        receipts = receipts.filter(read_at__isnull=True)
    elif state == "read":
        receipts = receipts.filter(read_at__isnull=False)
    elif state == "unconfirmed":
        receipts = receipts.filter(confirmed_at__isnull=True)
    elif state == "confirmed":
        receipts = receipts.filter(confirmed_at__isnull=False)
    if bureau:
        receipts = receipts.filter(
            Q(municipality__bureau__code=bureau) | Q(cooperative__municipality__bureau__code=bureau)
        )
    return receipts.order_by("municipality__bureau__order", "municipality__code", "pk")


def staff_of_recipients(receipts) -> list[User]:
    """Who is mailed a notice: the people of every recipient, each once. One query."""
    people = {user.pk: user for users in people_by_recipient(receipts).values() for user in users}
    return [people[pk] for pk in sorted(people)]
