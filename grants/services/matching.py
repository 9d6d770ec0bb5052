"""ほっかいどう応援団会議 matching (F4): municipalities post projects seeking a company's
support; registered companies express interest; the municipality accepts or declines.

Companies never receive municipal staff's personal data: what they are told names the
project's public contact point only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import fiscal_year, yen
from portal.models import Role, User
from portal.services.notifications import notify, notify_many
from portal.workflow import audit, run_transition

from ..models.furusato import (
    KIGYO_MINIMUM,
    Company,
    CompanyStatus,
    Interest,
    SupportKind,
    SupportProject,
)
from ..permissions import applications as permissions
from ..rules.furusato import forbidden_benefits_in
from ..workflows.furusato import INTEREST_WORKFLOW, SUPPORT_PROJECT_WORKFLOW

PROJECT_FIELDS = (
    "fiscal_year",
    "title",
    "theme",
    "kind",
    "amount_sought",
    "period_start",
    "period_end",
    "summary",
    "description",
    "regional_plan",
    "benefits",
    "contact_department",
    "contact_email",
    "contact_phone",
)


def support_project_problems(project: SupportProject) -> dict[str, str]:
    """What the scheme's rules say is wrong with the project, by field (empty: nothing)."""
    problems: dict[str, str] = {}
    if project.period_start and project.period_end and project.period_end < project.period_start:
        problems["period_end"] = _("The period must end on or after the day it starts.")
    if project.kind == SupportKind.KIGYO:
        if project.amount_sought is None or project.amount_sought < KIGYO_MINIMUM:
            problems["amount_sought"] = _(
                "A corporate hometown tax donation is at least %(minimum)s: enter the amount "
                "sought."
            ) % {"minimum": yen(KIGYO_MINIMUM)}
        if not (project.regional_plan or "").strip():
            problems["regional_plan"] = _(
                "Corporate hometown tax donations support projects of an approved regional "
                "revitalisation plan (地域再生計画): give its name."
            )
        forbidden = forbidden_benefits_in(project.benefits)
        if forbidden:
            problems["benefits"] = _(
                "A donation may not be rewarded with an economic benefit. Remove: %(words)s."
            ) % {"words": "、".join(forbidden)}
    if project.contact_email and User.objects.filter(email__iexact=project.contact_email).exists():
        problems["contact_email"] = _(
            "This is a person's account address. Give the section's shared address: companies "
            "see the public contact point only."
        )
    return problems


def support_project_save(*, project: SupportProject, actor) -> SupportProject:
    """Create (as a draft) or update a project of the actor's municipality.

    Raises ``ValidationError`` keyed by field when the scheme's rules are not met.
    """
    creating = project.pk is None
    if creating:
        if not permissions.can_post_support_project(actor):
            raise PermissionDenied
        project.municipality_id = actor.municipality_id
        project.created_by = actor
        if not project.fiscal_year:
            project.fiscal_year = fiscal_year()
    problems = support_project_problems(project)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if creating:
            project.save()
        else:
            locked = SupportProject.objects.select_for_update().get(pk=project.pk)
            if not permissions.can_edit_support_project(actor, locked):
                raise PermissionDenied
            project.municipality_id = locked.municipality_id
            project.save(update_fields=[*PROJECT_FIELDS, "updated_at"])
        audit(
            project,
            actor=actor,
            action="create" if creating else "update",
            to_status=project.status if creating else "",
        )
    return project


def _municipality_staff(actor):
    return lambda locked: permissions.can_move_support_project(actor, locked)


def support_project_publish(*, project: SupportProject, actor) -> SupportProject:
    """Draft → seeking support: companies can find it from now on."""
    problems = support_project_problems(project)
    if problems:
        raise ValidationError(list(problems.values()))

    def apply(locked):
        if locked.published_at is None:
            locked.published_at = timezone.now()
            return ["published_at"]
        return []

    return run_transition(
        SUPPORT_PROJECT_WORKFLOW,
        project,
        "publish",
        actor=actor,
        allowed=_municipality_staff(actor),
        apply=apply,
    ).obj


def support_project_close(*, project: SupportProject, actor) -> SupportProject:
    """No longer seeking support. Interest already expressed can still be answered."""
    return run_transition(
        SUPPORT_PROJECT_WORKFLOW, project, "close", actor=actor, allowed=_municipality_staff(actor)
    ).obj


def support_project_reopen(*, project: SupportProject, actor) -> SupportProject:
    return run_transition(
        SUPPORT_PROJECT_WORKFLOW,
        project,
        "reopen",
        actor=actor,
        allowed=_municipality_staff(actor),
    ).obj


# --- Interest -------------------------------------------------------------------------------


def _project_contacts(project: SupportProject) -> list[User]:
    """Who at the municipality hears of new interest: the staff who posted the project, or
    (if they have left) every active staff member of the municipality."""
    creator = project.created_by
    if (
        creator is not None
        and creator.is_active
        and creator.municipality_id == project.municipality_id
    ):
        return [creator]
    return list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=project.municipality_id, is_active=True
        )
    )


def interest_express(
    *,
    project: SupportProject,
    actor: User,
    message: str,
    pledged_amount: int | None = None,
) -> Interest:
    """A registered company tells the municipality it would like to support the project.

    Preconditions: the actor's company is approved; the project seeks support; the company
    has no interest in it awaiting an answer or accepted; a corporate hometown tax donation
    does not go to the municipality of the company's head office. The municipality's staff
    are notified after commit.
    """
    if not permissions.can_express_interest(actor, project):
        raise PermissionDenied
    company = Company.objects.filter(user=actor, status=CompanyStatus.APPROVED).first()
    if company is None:
        raise PermissionDenied
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a message to the municipality.")})
    if project.kind == SupportKind.KIGYO and (
        company.head_office_municipality_id == project.municipality_id
    ):
        raise ValidationError(
            _(
                "A company cannot make a corporate hometown tax donation to the municipality "
                "of its head office."
            ),
            code="head_office",
        )
    try:
        with transaction.atomic():
            locked = SupportProject.objects.select_for_update().get(pk=project.pk)
            if not permissions.can_express_interest(actor, locked):
                raise ValidationError(
                    _("This project is no longer seeking support."), code="closed"
                )
            interest = Interest.objects.create(
                project=locked, company=company, message=message, pledged_amount=pledged_amount
            )
            audit(interest, actor=actor, action="express", to_status=interest.status)
            notify_many(
                _project_contacts(locked),
                kind="support_interest.expressed",
                subject=gettext_lazy("%(company)s is interested in your project %(title)s"),
                subject_params={"company": company.name, "title": locked.title},
                template="grants/email/interest_expressed.txt",
                context={"interest": interest, "project": locked, "company": company},
                dedupe_key=f"support_interest:{interest.pk}:expressed",
                url=reverse("grants:interest_detail", args=[interest.pk]),
            )
    except IntegrityError:
        raise ValidationError(
            _("Your company has already expressed interest in this project."), code="duplicate"
        ) from None
    return interest


def _notify_company(interest: Interest, kind: str, subject) -> None:
    notify(
        recipient=interest.company.user,
        kind=f"support_interest.{kind}",
        subject=subject,
        subject_params={"title": interest.project.title},
        template=f"grants/email/interest_{kind}.txt",
        context={"interest": interest, "project": interest.project},
        dedupe_key=f"support_interest:{interest.pk}:{kind}",
        url=reverse("grants:interest_detail", args=[interest.pk]),
    )


def _answer(interest: Interest, action: str, actor: User, note: str) -> Interest:
    def apply(locked):
        locked.response_note = note
        locked.responded_at = timezone.now()
        locked.responded_by = actor
        return ["response_note", "responded_at", "responded_by"]

    with transaction.atomic():
        result = run_transition(
            INTEREST_WORKFLOW,
            interest,
            action,
            actor=actor,
            comment=note,
            allowed=lambda locked: permissions.can_respond_to_interest(actor, locked),
            apply=apply,
        )
        if result.changed:
            subject = (
                gettext_lazy("Your support was accepted: %(title)s")
                if action == "accept"
                else gettext_lazy("The municipality answered your interest: %(title)s")
            )
            _notify_company(result.obj, "accepted" if action == "accept" else "declined", subject)
    return result.obj


def interest_accept(*, interest: Interest, actor: User, note: str = "") -> Interest:
    """The municipality accepts: a match. The company is told, with the public contact."""
    return _answer(interest, "accept", actor, (note or "").strip())


def interest_decline(*, interest: Interest, actor: User, note: str) -> Interest:
    """The municipality declines, with a reason the company reads."""
    INTEREST_WORKFLOW.ensure_possible(interest, "decline")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Give the company the reason.")})
    return _answer(interest, "decline", actor, note)


def interest_withdraw(*, interest: Interest, actor: User) -> Interest:
    """The company withdraws interest not yet answered; the municipality is told."""
    with transaction.atomic():
        result = run_transition(
            INTEREST_WORKFLOW,
            interest,
            "withdraw",
            actor=actor,
            allowed=lambda locked: permissions.can_withdraw_interest(actor, locked),
        )
        if result.changed:
            notify_many(
                _project_contacts(result.obj.project),
                kind="support_interest.withdrawn",
                subject=gettext_lazy("%(company)s withdrew its interest in %(title)s"),
                subject_params={
                    "company": result.obj.company.name,
                    "title": result.obj.project.title,
                },
                template="grants/email/interest_withdrawn.txt",
                context={"interest": result.obj, "project": result.obj.project},
                dedupe_key=f"support_interest:{interest.pk}:withdrawn",
                url=reverse("grants:interest_detail", args=[interest.pk]),
            )
    return result.obj
