"""I3 特定地域づくり事業協同組合: the writes the cooperative makes itself.

- A signed-up account registers its cooperative (HQ approves or declines it, as companies
  are approved in grants: ``cooperative_decisions``).
- The cooperative fills in an application (認定, or 変更認定 once certified) section by section,
  attaches the statutory documents, and submits; submission is refused until every required
  document is there. It may ask the consultation desk first (事前相談).
The bureau's review and HQ's decision are in ``cooperative_decisions``; after certification,
notifications of changes (届出) and annual reports are in ``cooperative_changes``.
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
from portal.japanese import fiscal_year, nendo_short
from portal.models import ConsultationCategory, Role, User
from portal.services.attachments import attachment_store, attachments_of
from portal.services.consultations import consultation_open_guest
from portal.services.notifications import hq_staff, officers_of_bureau
from portal.services.numbering import next_number
from portal.tasklist import COMPLETED, draft_drop, draft_keep
from portal.workflow import audit, run_transition

from ..models.cooperative_applications import (
    ApplicationKind,
    ApplicationStatus,
    CertificationApplication,
)
from ..models.cooperatives import Cooperative, RegistrationStatus
from ..permissions import cooperatives as permissions
from ..rules import cooperatives as sections
from ..selectors.cooperatives import application_readiness
from ..workflows.cooperatives import (
    CERTIFICATION_WORKFLOW,
)
from .cooperative_common import (
    application_admin_url,
    notify_staff,
)

CONSULTATION_CATEGORY = "cooperative"

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
        if draft_drop(locked, section):
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
        draft_keep(locked, section, raw)
        locked.save(update_fields=["section_drafts", "updated_at"])


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
        if row["status"] != COMPLETED and row["section"].key != "attachments":
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
                number = next_number("casebook.cooperative", obj.bureau_id, year)
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
                url=application_admin_url(app),
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
                url=application_admin_url(result.obj),
                key=f"coop_application:{result.obj.pk}:withdrawn",
            )
    return result.obj
