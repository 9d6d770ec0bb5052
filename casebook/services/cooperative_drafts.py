"""I3 certification, the decision's documents: the certificate and the notice of refusal as
drafts (案), shown to HQ before it decides (no number drawn, nothing saved, published or
sent), and the guard that the decided one is numbered once."""

from __future__ import annotations

import copy

from django.utils import timezone

from portal.services.documents import DRAFT_NUMBER, DocumentDraft
from portal.services.issuance import fingerprint, issue_claim
from portal.workflow import InvalidTransition

from ..models.cooperative_applications import ApplicationKind, CertificationApplication

CERTIFICATE_TEMPLATE = "casebook/cooperatives/pdf/certificate.html"
REFUSAL_TEMPLATE = "casebook/cooperatives/pdf/refusal.html"
LAW = "地域人口の急減に対処するための特定地域づくり事業の推進に関する法律"


def certificate_title(app: CertificationApplication) -> str:
    if app.kind == ApplicationKind.CHANGE:
        return "特定地域づくり事業協同組合変更認定書"
    return "特定地域づくり事業協同組合認定書"


REFUSAL_TITLE = "特定地域づくり事業協同組合の認定をしない旨の通知書"


def _draft_of(app: CertificationApplication, **changes) -> CertificationApplication:
    draft = copy.copy(app)
    draft.document_number = DRAFT_NUMBER
    draft.decided_on = timezone.localdate()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def certificate_draft(*, application: CertificationApplication) -> DocumentDraft:
    """The certificate as a draft (案): no number drawn, nothing saved or published."""
    title = certificate_title(application)
    return DocumentDraft(
        template_name=CERTIFICATE_TEMPLATE,
        context={
            "application": _draft_of(application),
            "title": title,
            "area_names": "、".join(m.name for m in application.area.order_by("code")),
            "law": LAW,
        },
        title=f"案_{title}",
    )


def refusal_draft(*, application: CertificationApplication, reasons: str) -> DocumentDraft:
    """The notice of refusal as a draft (案) with the reasons typed on the step."""
    return DocumentDraft(
        template_name=REFUSAL_TEMPLATE,
        context={
            "application": _draft_of(application, decision_reason=reasons),
            "title": REFUSAL_TITLE,
            "law": LAW,
        },
        title=f"案_{REFUSAL_TITLE}",
    )


def claim_document(obj: CertificationApplication, kind: str, actor, statement: dict):
    """The database's guard that the decision's document is numbered once."""
    issue, created = issue_claim(
        owner=obj, kind=kind, fingerprint=fingerprint(statement), actor=actor
    )
    if not created:
        raise InvalidTransition
    return issue
