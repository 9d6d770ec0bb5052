"""Building notices for the tests of お知らせ・事務連絡: drafts and sent notices written
through the services, as HQ or a bureau officer would in the admin."""

from __future__ import annotations

from casebook.models import Notice, NoticeCategory, NoticeVisibility
from casebook.services import notices as services
from portal.audiences import AudienceKind
from portal.models import Bureau, Municipality

SAPPORO, EBETSU, HAKODATE, OTARU = "011002", "012173", "012025", "012033"


def draft(actor, *, title="実績報告の提出期限について", public=False, confirm=False, **audience):
    audience.setdefault("audience_kind", AudienceKind.BUREAU)
    if audience["audience_kind"] == AudienceKind.BUREAU and "audience_bureau" not in audience:
        audience["audience_bureau"] = actor.bureau or Bureau.objects.get(code="ishikari")
    chosen = audience.pop("chosen", ())
    notice = Notice(
        title=title,
        body="標記について、提出期限は4月10日です。",
        category=NoticeCategory.ADMINISTRATIVE,
        visibility=NoticeVisibility.PUBLIC if public else NoticeVisibility.INTERNAL,
        requires_confirmation=confirm,
        **audience,
    )
    services.notice_save(notice=notice, actor=actor)
    if chosen:
        notice.audience_municipalities.set(Municipality.objects.filter(code__in=chosen))
    return notice


def sent(actor, **kwargs):
    notice = draft(actor, **kwargs)
    return services.notice_send(notice=notice, actor=actor)
