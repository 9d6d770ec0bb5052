"""Companies of ほっかいどう応援団会議 (F4): a signed-up account registers its company; HQ
approves it, which gives the account the company role, or declines it with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Role, User
from portal.services.accounts import user_set_role
from portal.services.decisions import decide, required_note
from portal.services.notifications import hq_staff, notify, notify_many
from portal.workflow import audit

from ..models.furusato import Company
from ..permissions import applications as permissions
from ..rules.furusato import corporate_number_is_valid
from ..workflows.furusato import COMPANY_WORKFLOW

COMPANY_FIELDS = (
    "name",
    "name_kana",
    "corporate_number",
    "head_office_address",
    "head_office_municipality",
    "industry",
    "website",
    "description",
    "contact_department",
    "contact_phone",
)


def company_register(*, user: User, themes=(), **fields) -> Company:
    """The account registers its company; HQ staff are notified after commit.

    Preconditions: the account has no role yet and no registration awaiting a decision or
    approved; the corporate number is valid and not registered by another account.
    """
    if not permissions.can_register_company(user):
        raise PermissionDenied
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"unknown company fields: {sorted(unknown)}")
    if not corporate_number_is_valid(fields.get("corporate_number", "")):
        raise ValidationError(
            {"corporate_number": _("Enter the 13-digit corporate number (法人番号) as issued.")}
        )
    try:
        with transaction.atomic():
            company = Company.objects.create(user=user, **fields)
            company.themes.set(themes)
            audit(company, actor=user, action="submit", to_status=company.status)
            notify_many(
                hq_staff(),
                kind="company.registered",
                subject=gettext_lazy("Company registration to approve: %(name)s"),
                subject_params={"name": company.name},
                template="grants/email/company_registered.txt",
                context={"company": company},
                dedupe_key=f"company:{company.pk}:registered",
                url=reverse("admin:grants_company_change", args=[company.pk]),
            )
    except IntegrityError:
        if Company.objects.filter(user=user, status__in=["pending", "approved"]).exists():
            message = _("Your company's registration is already awaiting a decision.")
        else:
            message = _("A company with this corporate number is already registered.")
        raise ValidationError(message, code="duplicate") from None
    return company


def company_approve(*, company: Company, actor: User, note: str = "") -> Company:
    """HQ approves: the account gets the company role and is told by email."""

    def check(locked):
        if locked.user.role not in (Role.NONE, Role.COMPANY):
            raise ValidationError(
                _(
                    "This account already has another role; ask the company to use a "
                    "separate account."
                ),
                code="has_role",
            )

    with transaction.atomic():
        result = decide(
            COMPANY_WORKFLOW,
            company,
            "approve",
            actor=actor,
            note=note,
            allowed=lambda locked: permissions.can_decide_company(actor, locked),
            check=check,
        )
        if result.changed:
            user_set_role(user=result.obj.user, role=Role.COMPANY, actor=actor)
            notify(
                recipient=result.obj.user,
                kind="company.approved",
                subject=gettext_lazy("Your company is registered: %(name)s"),
                subject_params={"name": result.obj.name},
                template="grants/email/company_approved.txt",
                context={"company": result.obj},
                dedupe_key=f"company:{company.pk}:approved",
                url=reverse("grants:furusato_project_list"),
            )
    return result.obj


def company_decline(*, company: Company, actor: User, note: str) -> Company:
    """HQ declines with a reason the company reads; it may register again."""
    note = required_note(note)
    with transaction.atomic():
        result = decide(
            COMPANY_WORKFLOW,
            company,
            "decline",
            actor=actor,
            note=note,
            allowed=lambda locked: permissions.can_decide_company(actor, locked),
        )
        if result.changed:
            notify(
                recipient=result.obj.user,
                kind="company.declined",
                subject=gettext_lazy("Your company registration was declined"),
                template="grants/email/company_declined.txt",
                context={"company": result.obj},
                dedupe_key=f"company:{company.pk}:declined",
                url=reverse("grants:company_home"),
            )
    return result.obj
