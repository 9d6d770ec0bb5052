"""Official notices (交付決定通知書 …): a gap-free 文書番号 and a PDF rendered by a task.

Each act issues its notice once: ``notice_issue`` claims the issue in the kernel's guard
(``portal.services.issuance``) before it draws the number, so a second submit or a
concurrent one returns the notice already issued. ``notice_draft`` is the same document as a
draft (案) with no number, built from the values typed on the step, for the preview.
"""

from __future__ import annotations

import copy

from django.utils import timezone

from portal.selectors import notice_issuer
from portal.services.documents import DRAFT_NUMBER, DocumentDraft, document_request
from portal.services.issuance import fingerprint, issue_claim, issue_numbered
from portal.services.numbering import next_number

from ..models import Notice
from ..selectors.applications import amounts_for_fixing

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
# What an act's notice is about: the application, or for a change its change request (an
# application may have several changes, each decided by its own notice).
CHANGE_KINDS = {Notice.Kind.CHANGE_APPROVAL, Notice.Kind.CHANGE_REJECTION}


def _title(application, kind: str) -> str:
    return TITLES[kind].replace("地域づくり総合交付金", application.call.programme.name, 1)


def _context(application, kind: str, notice, extra: dict | None) -> dict:
    return {
        "notice": notice,
        "title": _title(application, kind),
        "application": application,
        "call": application.call,
        "bureau": application.bureau,
        "issuer": notice_issuer(application.bureau),
        "municipality": application.municipality,
        **(extra or {}),
    }


def _statement(application, kind: str, extra: dict | None) -> dict:
    """What the notice states besides its number and date (its fingerprint's data)."""
    change = (extra or {}).get("change")
    return {
        "kind": kind,
        "title": application.title,
        "holder": application.display_name,
        "approved": application.approved_amount,
        "requested": application.requested_amount,
        "conditions": application.conditions,
        "reason": application.decision_reason,
        "period": [application.start_date, application.end_date, application.report_due],
        "change": [change.pk, change.reason, change.decision_note] if change else None,
        "figures": (extra or {}).get("figures"),
    }


def notice_issue(*, application, kind: str, actor, extra: dict | None = None) -> Notice:
    """Number and issue a notice, once per act; call inside the decision's transaction.
    Already issued (a second submit): the notice issued then, no new number."""
    bureau = application.bureau
    subject = extra["change"] if kind in CHANGE_KINDS else application
    issue, created = issue_claim(
        owner=subject,
        kind=f"grant_notice_{kind}",
        fingerprint=fingerprint(_statement(application, kind, extra)),
        actor=actor,
    )
    if not created:
        return application.notices.get(kind=kind, document_number=issue.document_number)
    number = next_number("grants.notice", bureau.pk, application.fiscal_year)
    notice = Notice.objects.create(
        application=application,
        kind=kind,
        number=number,
        document_number=f"{bureau.notice_prefix}第{number}号",
        issued_on=timezone.localdate(),
    )
    issue_numbered(issue, notice.document_number)
    notice.document = document_request(
        owner=notice,
        kind=f"grant_notice_{kind}",
        title=f"{_title(application, kind)}（{application.reference}）",
        template_name=TEMPLATES[kind],
        context=_context(application, kind, notice, extra),
        requested_by=actor,
    )
    notice.save(update_fields=["document"])
    return notice


def notice_draft(*, application, kind: str, extra: dict | None = None, **changes) -> DocumentDraft:
    """The notice as a draft (案): ``changes`` are the values typed on the step, set on a
    copy of the application (nothing is saved); the number reads 「（番号は決定時に付番）」."""
    draft_application = copy.copy(application)
    for name, value in changes.items():
        setattr(draft_application, name, value)
    notice = Notice(
        application=application,
        kind=kind,
        number=0,
        document_number=DRAFT_NUMBER,
        issued_on=timezone.localdate(),
    )
    return DocumentDraft(
        template_name=TEMPLATES[kind],
        context=_context(draft_application, kind, notice, extra),
        title=f"案_{_title(application, kind)}",
    )


def amount_fixed_draft(application) -> DocumentDraft:
    figures = amounts_for_fixing(application)
    return notice_draft(
        application=application,
        kind=Notice.Kind.AMOUNT_FIXED,
        extra={"figures": figures},
        fixed_amount=figures["fixed"],
    )
