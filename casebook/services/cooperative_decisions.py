"""I3 特定地域づくり事業協同組合: the staff's decisions.

- HQ approves a registered cooperative (the account gets the cooperative role) or declines it.
- The bureau of the area's main municipality reviews an application (criteria checklist,
  comments, return for correction) and sends it to HQ with its opinion; HQ certifies —
  numbering the certificate, rendering it as PDF and publishing the notice — or refuses
  with reasons.
The cooperative's own writes are in ``cooperatives``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import fiscal_year, wareki_date
from portal.models import Role, User
from portal.services.accounts import user_set_role
from portal.services.decisions import decide, required_note
from portal.services.documents import document_request
from portal.services.issuance import issue_numbered
from portal.services.notifications import hq_staff
from portal.services.numbering import next_number
from portal.workflow import audit, run_transition

from ..models.cooperative_applications import (
    ApplicationKind,
    ApplicationStatus,
    CertificationApplication,
)
from ..models.cooperatives import Cooperative
from ..permissions import cooperatives as permissions
from ..workflows.cooperatives import (
    CERTIFICATION_WORKFLOW,
    REGISTRATION_WORKFLOW,
)
from .cooperative_common import (
    application_admin_url,
    application_url,
    notify_cooperative,
    notify_staff,
)
from .cooperative_drafts import (
    CERTIFICATE_TEMPLATE,
    LAW,
    REFUSAL_TEMPLATE,
    REFUSAL_TITLE,
    certificate_title,
    claim_document,
)

# --- Registration ---------------------------------------------------------------------------


def cooperative_approve(*, cooperative: Cooperative, actor: User, note: str = "") -> Cooperative:
    """HQ approves: the account gets the cooperative role and is told."""

    def check(locked):
        if locked.user.role not in (Role.NONE, Role.COOPERATIVE):
            raise ValidationError(
                _("This account already has another role; ask for a separate account."),
                code="has_role",
            )

    with transaction.atomic():
        result = decide(
            REGISTRATION_WORKFLOW,
            cooperative,
            "approve",
            actor=actor,
            note=note,
            allowed=lambda locked: permissions.can_decide_registration(actor, locked),
            check=check,
        )
        if result.changed:
            user_set_role(user=result.obj.user, role=Role.COOPERATIVE, actor=actor)
            notify_cooperative(
                result.obj,
                kind="cooperative.approved",
                subject=gettext_lazy("Your cooperative is registered: %(name)s"),
                message=gettext_lazy(
                    "Your cooperative's account is approved. You can now apply for certification."
                ),
                url=reverse("casebook:cooperative_home"),
                key="approved",
            )
    return result.obj


def cooperative_decline(*, cooperative: Cooperative, actor: User, note: str) -> Cooperative:
    """HQ declines with a reason the cooperative reads; it may register again."""
    note = required_note(note)
    with transaction.atomic():
        result = decide(
            REGISTRATION_WORKFLOW,
            cooperative,
            "decline",
            actor=actor,
            note=note,
            allowed=lambda locked: permissions.can_decide_registration(actor, locked),
        )
        if result.changed:
            notify_cooperative(
                result.obj,
                kind="cooperative.declined",
                subject=gettext_lazy("Your cooperative registration was declined"),
                message=note,
                url=reverse("casebook:cooperative_home"),
                key="declined",
            )
    return result.obj


# --- Review ---------------------------------------------------------------------------------


def _reviewer(actor, locked) -> bool:
    return permissions.is_reviewer_of(actor, locked)


def application_start_review(*, application, actor) -> CertificationApplication:
    with transaction.atomic():
        result = run_transition(
            CERTIFICATION_WORKFLOW,
            application,
            "start_review",
            actor=actor,
            allowed=lambda locked: _reviewer(actor, locked),
        )
    return result.obj


def application_comment(*, application, actor, comment: str) -> None:
    """A review comment, kept in the application's history (officers only see it)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Write a comment."), code="empty")
    if not permissions.is_reviewer_of(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        audit(application, actor=actor, action="comment", comment=comment)


def application_save_checklist(*, application, actor, criteria: dict) -> CertificationApplication:
    """Record which certification criteria the reviewer found met."""
    with transaction.atomic():
        locked = CertificationApplication.objects.select_for_update().get(pk=application.pk)
        if not permissions.is_reviewer_of(actor, locked):
            raise PermissionDenied
        if locked.status not in (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.FORWARDED):
            raise ValidationError(
                _("Start the review before checking the criteria."), code="not_in_review"
            )
        changed = {
            name: bool(criteria.get(name))
            for name in CertificationApplication.CRITERIA
            if bool(criteria.get(name)) != getattr(locked, name)
        }
        if changed:
            for name, value in changed.items():
                setattr(locked, name, value)
            locked.save(update_fields=[*changed, "updated_at"])
            audit(locked, actor=actor, action="checklist", extra=changed)
    return locked


def application_return(*, application, actor, reason: str) -> CertificationApplication:
    """Return for correction with what to correct; the cooperative is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tell the cooperative what to correct."), code="reason_required")

    def apply(obj):
        obj.return_reason = reason
        return ["return_reason"]

    with transaction.atomic():
        result = run_transition(
            CERTIFICATION_WORKFLOW,
            application,
            "return",
            actor=actor,
            comment=reason,
            allowed=lambda locked: _reviewer(actor, locked),
            apply=apply,
        )
        if result.changed:
            app = result.obj
            notify_cooperative(
                app.cooperative,
                kind="cooperative.returned",
                subject=gettext_lazy("Your application was returned for correction: %(name)s"),
                message=reason,
                url=application_url(app),
                key=f"application:{app.pk}:returned:{result.event.pk}",
            )
    return result.obj


def application_forward(*, application, actor, opinion: str) -> CertificationApplication:
    """The bureau sends the application to HQ with its opinion, every criterion checked."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError(_("Write the bureau's opinion."), code="opinion_required")
    CERTIFICATION_WORKFLOW.ensure_possible(application, "forward")

    def apply(obj):
        unmet = [n for n in CertificationApplication.CRITERIA if not getattr(obj, n)]
        if unmet:
            raise ValidationError(
                _("Check every certification criterion first: %(criteria)s.")
                % {
                    "criteria": "、".join(
                        str(CertificationApplication._meta.get_field(n).verbose_name) for n in unmet
                    )
                },
                code="criteria_unmet",
            )
        obj.bureau_opinion = opinion
        return ["bureau_opinion"]

    with transaction.atomic():
        result = run_transition(
            CERTIFICATION_WORKFLOW,
            application,
            "forward",
            actor=actor,
            comment=opinion,
            allowed=lambda locked: _reviewer(actor, locked),
            apply=apply,
        )
        if result.changed:
            notify_staff(
                hq_staff(),
                kind="cooperative.forwarded",
                subject=gettext_lazy("Cooperative application %(ref)s awaits certification"),
                params={"ref": result.obj.reference},
                message=opinion,
                url=application_admin_url(result.obj),
                key=f"coop_application:{result.obj.pk}:forwarded:{result.event.pk}",
            )
    return result.obj


def _public_notice(app: CertificationApplication, area_names: str) -> str:
    verb = "変更認定" if app.kind == ApplicationKind.CHANGE else "認定"
    return (
        f"{LAW}の規定により、次のとおり特定地域づくり事業協同組合の{verb}をしたので公表する。\n"
        f"{wareki_date(app.decided_on, language='ja')}　北海道知事\n"
        f"一　名称　{app.name}\n"
        f"二　主たる事務所の所在地　{app.address}\n"
        f"三　代表者の氏名　{app.representative}\n"
        f"四　地区　{area_names}\n"
        f"五　{verb}の年月日　{wareki_date(app.decided_on, language='ja')}"
    )


def _cooperative_take_certified(app: CertificationApplication, area: list) -> Cooperative:
    """The cooperative's particulars and area become the certified application's (and its
    certificate number and date, on a first certification)."""
    cooperative = Cooperative.objects.select_for_update().get(pk=app.cooperative_id)
    cooperative.name = app.name
    cooperative.address = app.address
    cooperative.representative = app.representative
    cooperative.officers = app.officers
    cooperative.office = app.office
    cooperative.business = app.business_plan
    cooperative.dispatches_workers = app.dispatches_workers
    fields = ["name", "address", "representative", "officers", "office", "business"]
    fields.append("dispatches_workers")
    if app.kind == ApplicationKind.INITIAL:
        cooperative.certified_on = app.decided_on
        cooperative.certificate_number = app.document_number
        fields += ["certified_on", "certificate_number"]
    cooperative.save(update_fields=fields)
    cooperative.area.set(area)
    return cooperative


def application_certify(*, application, actor) -> CertificationApplication:
    """HQ certifies: the certificate (文書番号, 和暦 date) is numbered and rendered as PDF,
    the public notice written, the cooperative's certified particulars and area updated
    (it appears in the public register) and the cooperative told."""
    CERTIFICATION_WORKFLOW.ensure_possible(application, "certify")
    with transaction.atomic():
        today = timezone.localdate()

        def apply(obj):
            area = list(obj.area.order_by("code"))
            statement = [obj.name, obj.address, obj.representative, [m.pk for m in area]]
            issue = claim_document(obj, "cooperative_certificate", actor, {"certify": statement})
            number = next_number("casebook.certificate", fiscal_year(today))
            obj.decided_at = timezone.now()
            obj.decided_on = today
            obj.document_number = f"地政第{number}号"
            issue_numbered(issue, obj.document_number)
            obj.public_notice = _public_notice(obj, "、".join(m.name for m in area))
            return ["decided_at", "decided_on", "document_number", "public_notice"]

        result = run_transition(
            CERTIFICATION_WORKFLOW,
            application,
            "certify",
            actor=actor,
            allowed=lambda locked: permissions.is_hq(actor),
            apply=apply,
        )
        app = result.obj
        if result.changed:
            area = list(app.area.order_by("code"))
            cooperative = _cooperative_take_certified(app, area)
            title = certificate_title(app)
            app.certificate = document_request(
                owner=app,
                kind="cooperative_certificate",
                title=f"{title}（{app.name}）",
                template_name=CERTIFICATE_TEMPLATE,
                context={
                    "application": app,
                    "title": title,
                    "area_names": "、".join(m.name for m in area),
                    "law": LAW,
                },
                requested_by=actor,
            )
            app.save(update_fields=["certificate"])
            notify_cooperative(
                cooperative,
                kind="cooperative.certified",
                subject=gettext_lazy("Your cooperative is certified: %(name)s"),
                message=gettext_lazy(
                    "The governor certified the application. The certificate can be downloaded "
                    "from the application's page."
                ),
                url=application_url(app),
                key=f"application:{app.pk}:certified",
            )
    return app


def application_refuse(*, application, actor, reasons: str) -> CertificationApplication:
    """HQ refuses with reasons; a notice of refusal is rendered and the cooperative told."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(_("Give the reasons for the refusal."), code="reason_required")
    CERTIFICATION_WORKFLOW.ensure_possible(application, "refuse")
    with transaction.atomic():
        today = timezone.localdate()

        def apply(obj):
            issue = claim_document(
                obj, "cooperative_refusal", actor, {"refuse": [obj.name, reasons]}
            )
            number = next_number("casebook.certificate", fiscal_year(today))
            obj.decided_at = timezone.now()
            obj.decided_on = today
            obj.decision_reason = reasons
            obj.document_number = f"地政第{number}号"
            issue_numbered(issue, obj.document_number)
            return ["decided_at", "decided_on", "decision_reason", "document_number"]

        result = run_transition(
            CERTIFICATION_WORKFLOW,
            application,
            "refuse",
            actor=actor,
            comment=reasons,
            allowed=lambda locked: permissions.is_hq(actor),
            apply=apply,
        )
        app = result.obj
        if result.changed:
            title = REFUSAL_TITLE
            app.certificate = document_request(
                owner=app,
                kind="cooperative_refusal",
                title=f"{title}（{app.name}）",
                template_name=REFUSAL_TEMPLATE,
                context={"application": app, "title": title, "law": LAW},
                requested_by=actor,
            )
            app.save(update_fields=["certificate"])
            notify_cooperative(
                app.cooperative,
                kind="cooperative.refused",
                subject=gettext_lazy("Your application was not certified: %(name)s"),
                message=reasons,
                url=application_url(app),
                key=f"application:{app.pk}:refused",
            )
    return app
