"""The numbered dispatch notice (派遣決定通知書 / 派遣確認書): its draft, its issue — once per
request — and its re-issue when the people or periods it states have changed.

The issue is claimed in the kernel's guard (``portal.services.issuance``) before the number
is drawn, so a second click or a concurrent one returns the notice already issued and tells
no one again. A re-issue is its own act with a reason; it draws a new 文書番号 (the changed
notice is a new document of the bureau; the earlier one stays on the request's page).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.selectors import notice_issuer
from portal.services.documents import DRAFT_NUMBER, DocumentDraft, document_request
from portal.services.issuance import (
    fingerprint,
    issue_claim,
    issue_numbered,
    latest_issue,
    reissue_audit,
    reissue_claim,
)
from portal.services.numbering import next_number
from portal.workflow import audit

from ..models import DispatchNotice, DispatchRequest
from ..permissions import requests as permissions
from .common import desk_for, notify_municipality

NOTICE_KIND = "dispatch_notice"
NOTICE_TEMPLATE = "dispatch/pdf/notice.html"
NOTICE_TITLES = {
    "regional": "地域振興派遣決定通知書",
    "visit": "地域創生出張サポート派遣確認書",
    "dx": "市町村DXアドバイザー派遣確認書",
}


def _assignments(request: DispatchRequest) -> list:
    return list(
        request.assignments.filter(cancelled_at__isnull=True)
        .select_related("person")
        .order_by("-is_lead", "starts_on", "pk")
    )


def _people(assignments) -> list[dict]:
    return [
        {
            "name": a.person.name,
            "organisation": a.person.organisation,
            "kind": a.person.kind,
            "starts_on": a.starts_on.isoformat(),
            "ends_on": a.ends_on.isoformat(),
            "is_lead": a.is_lead,
        }
        for a in assignments
    ]


def _fingerprint(request: DispatchRequest, people: list[dict]) -> str:
    """What the notice states besides its number and date: the kind, the addressee and the
    people with their periods."""
    return fingerprint({"kind": request.kind, "to": request.municipality_id, "people": people})


def notice_reissue_offered(request: DispatchRequest) -> bool:
    """Issued, and the people or periods have changed since (someone still assigned)."""
    people = _people(_assignments(request))
    latest = request.notices.order_by("-pk").first()
    if not people or latest is None:
        return False
    issue = latest_issue(request, NOTICE_KIND)
    stated = issue.fingerprint if issue else _fingerprint(request, latest.people)
    return stated != _fingerprint(request, people)


def _context(request, notice, assignments) -> dict:
    return {
        "notice": notice,
        "title": NOTICE_TITLES[request.kind],
        "request": request,
        "assignments": assignments,
        "municipality": request.municipality,
        "bureau": request.bureau,
        "issuer": notice_issuer(request.bureau),
    }


def dispatch_notice_draft(*, request: DispatchRequest) -> DocumentDraft:
    """The notice as a draft (案): today's people, no number, nothing saved or sent."""
    assignments = _assignments(request)
    if not assignments:
        raise ValidationError(_("Assign people before issuing the notice."), code="nobody")
    notice = DispatchNotice(
        request=request, number=0, document_number=DRAFT_NUMBER, issued_on=timezone.localdate()
    )
    return DocumentDraft(
        template_name=NOTICE_TEMPLATE,
        context=_context(request, notice, assignments),
        title=f"案_{NOTICE_TITLES[request.kind]}",
    )


def _locked(request: DispatchRequest, actor):
    locked = (
        DispatchRequest.objects.select_for_update()
        .select_related("municipality", "bureau")
        .get(pk=request.pk)
    )
    if not permissions.can_issue_notice(actor, locked):
        raise PermissionDenied
    assignments = _assignments(locked)
    if not assignments:
        raise ValidationError(_("Assign people before issuing the notice."), code="nobody")
    return locked, assignments


def _adopt_earlier_notice(locked: DispatchRequest) -> None:
    """A notice issued before the guard existed counts as the first issue."""
    earlier = locked.notices.order_by("-pk").first()
    if earlier is not None and latest_issue(locked, NOTICE_KIND) is None:
        issue, created = issue_claim(
            owner=locked,
            kind=NOTICE_KIND,
            fingerprint=_fingerprint(locked, earlier.people),
            actor=None,
        )
        if created:
            issue_numbered(issue, earlier.document_number)


def _issue(locked, assignments, issue, actor) -> DispatchNotice:
    """Draw the number, store the notice and its document, tell the municipality."""
    desk = desk_for(locked.bureau)
    number = next_number("dispatch.notice", locked.bureau_id, locked.fiscal_year)
    notice = DispatchNotice.objects.create(
        request=locked,
        number=number,
        document_number=f"{desk.prefix}第{number}号",
        issued_on=timezone.localdate(),
        issued_by=actor,
        people=_people(assignments),
    )
    issue_numbered(issue, notice.document_number)
    title = NOTICE_TITLES[locked.kind]
    notice.document = document_request(
        owner=notice,
        kind=f"dispatch_notice_{locked.kind}",
        title=f"{title}（{locked.reference}）",
        template_name=NOTICE_TEMPLATE,
        context=_context(locked, notice, assignments),
        requested_by=actor,
    )
    notice.save(update_fields=["document"])
    notify_municipality(
        locked,
        kind="notice",
        subject=gettext_lazy("Support request %(ref)s: dispatch notice issued"),
        template="dispatch/email/notice.txt",
        key=f"notice:{notice.pk}",
        extra={"notice": notice, "title": title},
    )
    return notice


def dispatch_notice_issue(*, request: DispatchRequest, actor) -> DispatchNotice:
    """Number and issue the notice sent to the municipality: who is dispatched, when.
    Once per request: issued already (a second click), the notice issued then is returned,
    with no new number and no message to the municipality. Side effects: the PDF is
    typeset by a task; the municipality is notified."""
    with transaction.atomic():
        locked, assignments = _locked(request, actor)
        _adopt_earlier_notice(locked)
        issue, created = issue_claim(
            owner=locked,
            kind=NOTICE_KIND,
            fingerprint=_fingerprint(locked, _people(assignments)),
            actor=actor,
        )
        if not created:
            return locked.notices.get(document_number=issue.document_number)
        notice = _issue(locked, assignments, issue, actor)
        audit(locked, actor=actor, action="notice", comment=notice.document_number)
    return notice


def dispatch_notice_reissue(*, request: DispatchRequest, actor, reason: str) -> DispatchNotice:
    """Re-issue the notice after its people or periods changed: a reason is required, a new
    文書番号 is drawn, the reason and both numbers go to the request's history, and the
    municipality is told. Refused (ValidationError) when nothing stated has changed."""
    with transaction.atomic():
        locked, assignments = _locked(request, actor)
        _adopt_earlier_notice(locked)
        issue, previous = reissue_claim(
            owner=locked,
            kind=NOTICE_KIND,
            fingerprint=_fingerprint(locked, _people(assignments)),
            actor=actor,
            reason=reason,
        )
        notice = _issue(locked, assignments, issue, actor)
        reissue_audit(owner=locked, actor=actor, issue=issue, previous=previous)
    return notice
