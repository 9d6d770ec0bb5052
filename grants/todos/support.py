"""What each user must do next in F2–F4 (shown on my page): HQ approves companies and helps
with consultations a bureau referred; municipal staff answer companies' interest; bureau
officers catch up with milestones past their date; a company waits for approval."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Role
from portal.permissions import is_hq
from portal.registry import TodoItem

from ..models.furusato import CompanyStatus
from ..models.national import NationalConsultation
from ..models.projects import ProjectMilestone, ProjectStatus
from ..selectors.furusato import (
    companies_pending,
    company_registration_of,
    interests_awaiting_answer_for,
)

LIMIT = 20


def support_todos(user) -> list[TodoItem]:
    if not user.is_authenticated or not user.is_active:
        return []
    if is_hq(user):
        return _hq(user)
    if user.role == Role.MUNICIPAL:
        return [
            TodoItem(
                _("Answer %(company)s about %(title)s")
                % {"company": interest.company.name, "title": interest.project.title},
                reverse("grants:interest_detail", args=[interest.pk]),
            )
            for interest in interests_awaiting_answer_for(user)[:LIMIT]
        ]
    if user.role == Role.BUREAU:
        return _milestones(user)
    if user.role == Role.NONE:
        registration = company_registration_of(user)
        if registration is not None and registration.status == CompanyStatus.PENDING:
            return [
                TodoItem(
                    _("Your company's registration awaits HQ's approval: %(name)s")
                    % {"name": registration.name},
                    reverse("grants:company_home"),
                )
            ]
    return []


def _hq(user) -> list[TodoItem]:
    items = [
        TodoItem(
            _("Approve or decline the company registration: %(name)s") % {"name": company.name},
            reverse("admin:grants_company_change", args=[company.pk]),
        )
        for company in companies_pending()[:LIMIT]
    ]
    referred = (
        NationalConsultation.objects.filter(
            hq_referred_at__isnull=False, consultation__status="open"
        )
        .select_related("consultation")
        .order_by("hq_referred_at")[:LIMIT]
    )
    items += [
        TodoItem(
            _("A bureau asks for your help: %(ref)s %(subject)s")
            % {"ref": info.consultation.reference, "subject": info.consultation.subject},
            reverse("portal:consultation_detail", args=[info.consultation.pk]),
        )
        for info in referred
    ]
    return items


def _milestones(user) -> list[TodoItem]:
    overdue = (
        ProjectMilestone.objects.filter(
            project__bureau_id=user.bureau_id,
            project__status__in=[ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS],
            done_on__isnull=True,
            due_on__lt=timezone.localdate(),
        )
        .select_related("project")
        .order_by("due_on", "pk")[:LIMIT]
    )
    return [
        TodoItem(
            _("Milestone past its date: %(milestone)s (%(project)s)")
            % {"milestone": milestone.title, "project": milestone.project.title},
            reverse("admin:grants_policyproject_change", args=[milestone.project_id]),
            milestone.due_on,
        )
        for milestone in overdue
    ]
