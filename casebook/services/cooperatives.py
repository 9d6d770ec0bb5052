"""I3 特定地域づくり事業協同組合: every write of the certification.

- A signed-up account registers its cooperative; HQ approves (the account gets the
  cooperative role) or declines, as companies are approved in grants.
- The cooperative fills in an application (認定, or 変更認定 once certified) section by section,
  attaches the statutory documents, and submits; submission is refused until every required
  document is there. It may ask the consultation desk first (事前相談).
- The bureau of the area's main municipality reviews (criteria checklist, comments, return
  for correction) and sends it to HQ with its opinion; HQ certifies — numbering the
  certificate, rendering it as PDF and publishing the notice — or refuses with reasons.
After certification, notifications of changes (届出) and annual reports are in
``cooperative_changes``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.concurrency import bump_version
from portal.japanese import fiscal_year, nendo_short, wareki
from portal.models import ConsultationCategory, Role, User
from portal.services.accounts import user_set_role
from portal.services.attachments import attachment_store, attachments_of
from portal.services.consultations import consultation_open_guest
from portal.services.decisions import decide, required_note
from portal.services.documents import document_request
from portal.services.notifications import hq_staff, notify, notify_many, officers_of_bureau
from portal.workflow import audit, run_transition

from .. import cooperative_sections as sections
from .. import permissions_cooperatives as permissions
from ..models.cooperatives import (
    ApplicationKind,
    ApplicationStatus,
    CertificationApplication,
    Cooperative,
    CooperativeNumber,
    RegistrationStatus,
)
from ..selectors.cooperatives import application_readiness
from ..workflow_cooperatives import (
    CERTIFICATION_WORKFLOW,
    REGISTRATION_WORKFLOW,
)

CONSULTATION_CATEGORY = "cooperative"
EMAIL_TEMPLATE = "casebook/email/cooperative.txt"
CERTIFICATE_TEMPLATE = "casebook/cooperatives/pdf/certificate.html"
REFUSAL_TEMPLATE = "casebook/cooperatives/pdf/refusal.html"
LAW = "地域人口の急減に対処するための特定地域づくり事業の推進に関する法律"


def next_number(scope: str) -> int:
    """The next gap-free number of ``scope``. Call inside the transaction that uses it."""
    try:
        with transaction.atomic():
            CooperativeNumber.objects.get_or_create(scope=scope)
    except IntegrityError:  # created by a concurrent transaction: it exists now
        pass
    sequence = CooperativeNumber.objects.select_for_update().get(scope=scope)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


# --- Notifications to the parties -------------------------------------------------------------


def notify_cooperative(cooperative: Cooperative, *, kind: str, subject, message, url: str, key):
    if not cooperative.user.is_active:
        return
    notify(
        recipient=cooperative.user,
        kind=kind,
        subject=subject,
        subject_params={"name": cooperative.name},
        template=EMAIL_TEMPLATE,
        context={"message": message},
        dedupe_key=f"cooperative:{cooperative.pk}:{key}",
        url=url,
    )


def notify_staff(recipients, *, kind: str, subject, params: dict, message, url: str, key: str):
    notify_many(
        recipients,
        kind=kind,
        subject=subject,
        subject_params=params,
        template=EMAIL_TEMPLATE,
        context={"message": message},
        dedupe_key=key,
        url=url,
    )


def _application_url(application) -> str:
    return reverse("casebook:cooperative_application_detail", args=[application.pk])


def _admin_url(application) -> str:
    return reverse("admin:casebook_certificationapplication_change", args=[application.pk])


# --- Registration ---------------------------------------------------------------------------

REGISTRATION_FIELDS = (
    "name",
    "name_kana",
    "corporate_number",
    "address",
    "municipality",
    "representative",
    "contact_phone",
)


def cooperative_register(*, user: User, **fields) -> Cooperative:
    """The account registers its cooperative; HQ staff are told after commit.

    Preconditions: the account has no role and no registration awaiting a decision or
    approved.
    """
    if not permissions.can_register_cooperative(user) or user.role != Role.NONE:
        raise PermissionDenied
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown cooperative fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            cooperative = Cooperative.objects.create(user=user, **fields)
            audit(cooperative, actor=user, action="submit", to_status=cooperative.status)
            notify_staff(
                hq_staff(),
                kind="cooperative.registered",
                subject=gettext_lazy("Cooperative registration to approve: %(name)s"),
                params={"name": cooperative.name},
                message=gettext_lazy("A cooperative registered its account and awaits approval."),
                url=reverse("admin:casebook_cooperative_change", args=[cooperative.pk]),
                key=f"cooperative:{cooperative.pk}:registered",
            )
    except IntegrityError:
        raise ValidationError(
            _("Your cooperative's registration is already awaiting a decision."),
            code="duplicate",
        ) from None
    return cooperative


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


# --- Pre-consultation (事前相談) ------------------------------------------------------------


def preconsultation_open(*, cooperative: Cooperative, actor: User, subject: str, question: str):
    """Ask the consultation desk before (or while) applying. The desk of the bureau of the
    cooperative's office answers; the cooperative follows the thread under its account."""
    if not permissions.owns(actor, cooperative):
        raise PermissionDenied
    if not subject.strip() or not question.strip():
        raise ValidationError(_("Write a subject and a question."), code="empty")
    category = ConsultationCategory.objects.filter(code=CONSULTATION_CATEGORY).first()
    if category is None:
        category = ConsultationCategory.objects.get(code="general")
    with translation.override(settings.LANGUAGE_CODE):  # the desk reads Japanese
        header = _("Pre-consultation from %(name)s (%(municipality)s)") % {
            "name": cooperative.name,
            "municipality": cooperative.municipality.name,
        }
    return consultation_open_guest(
        category=category,
        name=cooperative.name,
        email=actor.email,
        subject=subject[:200],
        question=f"{header}\n\n{question}"[:10000],
        # Routed to the bureau of the office's municipality, not to the municipality itself:
        # its staff must not read another organisation's consultation with the prefecture.
        municipality=None,
        bureau=cooperative.municipality.bureau,
        asker=actor,
    )


# --- The application --------------------------------------------------------------------------


def application_start(
    *, cooperative: Cooperative, actor: User, kind: str
) -> CertificationApplication:
    """Start a draft: a certification, or once certified a change certification (prefilled
    with the certified particulars)."""
    if (
        not permissions.owns(actor, cooperative)
        or cooperative.status != RegistrationStatus.APPROVED
    ):
        raise PermissionDenied
    if kind == ApplicationKind.CHANGE and not cooperative.is_certified:
        raise ValidationError(
            _("A change certification is possible once the cooperative is certified."),
            code="not_certified",
        )
    if kind == ApplicationKind.INITIAL and cooperative.is_certified:
        raise ValidationError(
            _("The cooperative is already certified; apply for a change certification."),
            code="already_certified",
        )
    try:
        with transaction.atomic():
            application = CertificationApplication.objects.create(
                cooperative=cooperative,
                kind=kind,
                name=cooperative.name,
                address=cooperative.address,
                representative=cooperative.representative,
                officers=cooperative.officers,
                office=cooperative.office,
                business_plan=cooperative.business,
                dispatches_workers=cooperative.dispatches_workers,
                main_municipality=cooperative.municipality,
                bureau=cooperative.municipality.bureau,
                created_by=actor,
            )
            if kind == ApplicationKind.CHANGE:
                application.area.set(cooperative.area.all())
            audit(application, actor=actor, action="create", to_status=application.status)
    except IntegrityError:
        raise ValidationError(
            _("Your cooperative already has an application in progress."), code="open_exists"
        ) from None
    return application


def _editable(application: CertificationApplication, actor) -> CertificationApplication:
    locked = CertificationApplication.objects.select_for_update().get(pk=application.pk)
    if not permissions.owns(actor, locked.cooperative):
        raise PermissionDenied
    if not locked.is_editable:
        raise ValidationError(
            _("The application can no longer be changed (status: %(status)s).")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    return locked


def application_save_section(
    *,
    application: CertificationApplication,
    actor,
    section: str,
    data: dict,
    version: int | None = None,
) -> CertificationApplication:
    """Save a section's validated fields. The area must contain its main municipality.

    ``version``: the section's version the page was opened at; if someone saved the section
    since, raises ``StaleVersion`` and saves nothing. None (the demo, scripts): not checked.
    """
    spec = sections.get_section(application, section)
    if spec is None:
        raise ValidationError(_("Unknown section."), code="section")
    with transaction.atomic():
        locked = _editable(application, actor)
        if locked.section_version(section) is not None:
            field = f"{section}_version"
            bump_version(CertificationApplication, pk=locked.pk, expected=version, field=field)
            locked.refresh_from_db(fields=[field])
        fields = []
        for name in spec.fields:
            if name not in data:
                continue
            if name == "area":
                area = list(data["area"])
                main = data.get("main_municipality")
                if main is not None and main.pk not in {m.pk for m in area}:
                    raise ValidationError(
                        {"area": _("The area must include its main municipality.")},
                        code="main_outside_area",
                    )
                locked.area.set(area)
                continue
            setattr(locked, name, data[name])
            fields.append(name)
        if "main_municipality" in fields and locked.main_municipality is not None:
            locked.bureau = locked.main_municipality.bureau
            fields.append("bureau")
        drafts = dict(locked.section_drafts or {})
        if drafts.pop(section, None) is not None:
            locked.section_drafts = drafts
            fields.append("section_drafts")
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def application_keep_draft(*, application, actor, section: str, raw: dict) -> None:
    """Keep what was typed in a section that did not validate, so that nothing is lost:
    the section shows it again (with its errors) and counts as in progress."""
    if sections.get_section(application, section) is None:
        raise ValidationError(_("Unknown section."), code="section")
    with transaction.atomic():
        locked = _editable(application, actor)
        drafts = dict(locked.section_drafts or {})
        # PostgreSQL cannot store NUL in JSON text; the form reports it, the rest is kept.
        drafts[section] = {k: _without_nul(v) for k, v in raw.items()}
        locked.section_drafts = drafts
        locked.save(update_fields=["section_drafts", "updated_at"])


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return [_without_nul(v) for v in value]
    return value


def application_add_attachment(*, application, actor, upload, code: str):
    if code not in sections.REQUIREMENTS_BY_CODE:
        raise ValidationError(_("Unknown document."), code="document")
    with transaction.atomic():
        locked = _editable(application, actor)
        return attachment_store(upload=upload, owner=locked, uploaded_by=actor, label=code)


def application_remove_attachment(*, application, actor, attachment_id) -> None:
    with transaction.atomic():
        locked = _editable(application, actor)
        attachment = attachments_of(locked).filter(pk=attachment_id).first()
        if attachment is not None:
            attachment.file.delete(save=False)
            attachment.delete()


def _require_ready(application: CertificationApplication) -> None:
    readiness = application_readiness(application)
    problems = []
    for row in readiness["sections"]:
        if row["status"] != sections.COMPLETED and row["section"].key != "attachments":
            problems.append(
                _("Complete the section “%(title)s”.") % {"title": row["section"].title}
            )
    if readiness["missing"]:
        problems.append(
            _("Attach the required documents: %(documents)s.")
            % {"documents": "、".join(r.title for r in readiness["missing"])}
        )
    if problems:
        raise ValidationError([ValidationError(p, code="incomplete") for p in problems])


def application_submit(*, application: CertificationApplication, actor) -> CertificationApplication:
    """Submit (or resubmit after correction) to the bureau of the area's main municipality.

    Refused (``ValidationError`` code ``incomplete``, listing what is missing) until every
    section is complete and every required document attached. Numbers the application on
    first submission (e.g. 協R7-石狩-0001) and tells the bureau's officers.
    """
    with transaction.atomic():
        locked = _editable(application, actor)
        _require_ready(locked)
        action = "resubmit" if locked.status == ApplicationStatus.RETURNED else "submit"

        def apply(obj):
            fields = ["submitted_at"]
            obj.submitted_at = timezone.now()
            if not obj.reference:
                year = fiscal_year()
                number = next_number(f"reference:{obj.bureau_id}:{year}")
                obj.reference = f"協{nendo_short(year)}-{obj.bureau.short_name}-{number:04d}"
                fields.append("reference")
            return fields

        result = run_transition(CERTIFICATION_WORKFLOW, locked, action, actor=actor, apply=apply)
        if result.changed:
            app = result.obj
            notify_staff(
                officers_of_bureau(app.bureau_id),
                kind="cooperative.submitted",
                subject=gettext_lazy("Cooperative application %(ref)s: %(name)s"),
                params={"ref": app.reference, "name": app.name},
                message=gettext_lazy("A cooperative submitted an application for certification."),
                url=_admin_url(app),
                key=f"coop_application:{app.pk}:{action}:{app.submitted_at:%s}",
            )
    application.refresh_from_db()
    return result.obj


def application_withdraw(*, application, actor, reason: str = "") -> CertificationApplication:
    with transaction.atomic():
        result = run_transition(
            CERTIFICATION_WORKFLOW,
            application,
            "withdraw",
            actor=actor,
            comment=reason,
            allowed=lambda locked: permissions.owns(actor, locked.cooperative),
        )
        if result.changed and result.obj.submitted_at:
            notify_staff(
                officers_of_bureau(result.obj.bureau_id),
                kind="cooperative.withdrawn",
                subject=gettext_lazy("Cooperative application %(ref)s was withdrawn"),
                params={"ref": result.obj.reference},
                message=reason or gettext_lazy("The cooperative withdrew its application."),
                url=_admin_url(result.obj),
                key=f"coop_application:{result.obj.pk}:withdrawn",
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
                url=_application_url(app),
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
                url=_admin_url(result.obj),
                key=f"coop_application:{result.obj.pk}:forwarded:{result.event.pk}",
            )
    return result.obj


def _public_notice(app: CertificationApplication, area_names: str) -> str:
    verb = "変更認定" if app.kind == ApplicationKind.CHANGE else "認定"
    return (
        f"{LAW}の規定により、次のとおり特定地域づくり事業協同組合の{verb}をしたので公表する。\n"
        f"{wareki(app.decided_on)}　北海道知事\n"
        f"一　名称　{app.name}\n"
        f"二　主たる事務所の所在地　{app.address}\n"
        f"三　代表者の氏名　{app.representative}\n"
        f"四　地区　{area_names}\n"
        f"五　{verb}の年月日　{wareki(app.decided_on)}"
    )


def application_certify(*, application, actor) -> CertificationApplication:
    """HQ certifies: the certificate (文書番号, 和暦 date) is numbered and rendered as PDF,
    the public notice written, the cooperative's certified particulars and area updated
    (it appears in the public register) and the cooperative told."""
    CERTIFICATION_WORKFLOW.ensure_possible(application, "certify")
    with transaction.atomic():
        today = timezone.localdate()

        def apply(obj):
            number = next_number(f"certificate:{fiscal_year(today)}")
            obj.decided_at = timezone.now()
            obj.decided_on = today
            obj.document_number = f"地政第{number}号"
            area = list(obj.area.order_by("code"))
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
            cooperative = Cooperative.objects.select_for_update().get(pk=app.cooperative_id)
            area = list(app.area.order_by("code"))
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
            title = (
                "特定地域づくり事業協同組合変更認定書"
                if app.kind == ApplicationKind.CHANGE
                else ("特定地域づくり事業協同組合認定書")
            )
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
                url=_application_url(app),
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
            number = next_number(f"certificate:{fiscal_year(today)}")
            obj.decided_at = timezone.now()
            obj.decided_on = today
            obj.decision_reason = reasons
            obj.document_number = f"地政第{number}号"
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
            title = "特定地域づくり事業協同組合の認定をしない旨の通知書"
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
                url=_application_url(app),
                key=f"application:{app.pk}:refused",
            )
    return app
