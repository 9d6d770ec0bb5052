"""Who may write, send and read notices (お知らせ・事務連絡): pure predicates."""

from __future__ import annotations

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq

from ..models.notices import NoticeStatus


def can_create_notice(user) -> bool:
    """HQ and bureau officers write notices (in the admin)."""
    return is_hq(user) or (is_active_user(user) and user.role == Role.BUREAU and user.bureau_id)


def can_manage_notice(user, notice) -> bool:
    """Edit, send, withdraw and follow the receipts: HQ for every notice, a bureau officer
    for the bureau's own notices."""
    if is_hq(user):
        return True
    return notice.sender_bureau_id is not None and is_bureau_officer_of(
        user, notice.sender_bureau_id
    )


def can_edit_notice(user, notice) -> bool:
    """A sent notice is a record: only a draft is edited."""
    return notice.status == NoticeStatus.DRAFT and can_manage_notice(user, notice)


def may_receive_notices(user) -> bool:
    """Those with an inbox: municipal staff and cooperatives."""
    return is_active_user(user) and user.role in (Role.MUNICIPAL, Role.COOPERATIVE)
