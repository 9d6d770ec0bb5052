"""Official notices (交付決定通知書 …): a gap-free 文書番号 and a PDF rendered by a task."""

from __future__ import annotations

from django.utils import timezone

from portal.services.documents import document_request
from portal.services.numbering import next_number

from ..models import Notice

TEMPLATES = {
    Notice.Kind.DECISION: "grants/pdf/notice_decision.html",
    Notice.Kind.REJECTION: "grants/pdf/notice_rejection.html",
    Notice.Kind.CHANGE_APPROVAL: "grants/pdf/notice_change.html",
    Notice.Kind.CHANGE_REJECTION: "grants/pdf/notice_change.html",
    Notice.Kind.AMOUNT_FIXED: "grants/pdf/notice_amount_fixed.html",
}
TITLES = {
    Notice.Kind.DECISION: "地域づくり総合交付金交付決定通知書",
    Notice.Kind.REJECTION: "地域づくり総合交付金不交付決定通知書",
    Notice.Kind.CHANGE_APPROVAL: "地域づくり総合交付金変更承認通知書",
    Notice.Kind.CHANGE_REJECTION: "地域づくり総合交付金変更不承認通知書",
    Notice.Kind.AMOUNT_FIXED: "地域づくり総合交付金額の確定通知書",
}


def notice_issue(*, application, kind: str, actor, extra: dict | None = None) -> Notice:
    """Number and issue a notice; call inside the decision's transaction."""
    bureau = application.bureau
    number = next_number("grants.notice", bureau.pk, application.fiscal_year)
    notice = Notice.objects.create(
        application=application,
        kind=kind,
        number=number,
        document_number=f"{bureau.notice_prefix}第{number}号",
        issued_on=timezone.localdate(),
    )
    title = TITLES[kind].replace("地域づくり総合交付金", application.call.programme.name, 1)
    notice.document = document_request(
        owner=notice,
        kind=f"grant_notice_{kind}",
        title=f"{title}（{application.reference}）",
        template_name=TEMPLATES[kind],
        context={
            "notice": notice,
            "title": title,
            "application": application,
            "call": application.call,
            "bureau": bureau,
            "municipality": application.municipality,
            **(extra or {}),
        },
        requested_by=actor,
    )
    notice.save(update_fields=["document"])
    return notice
