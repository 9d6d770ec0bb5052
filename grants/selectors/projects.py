"""Scoped reads of the bureau policy projects (F2)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from portal.models import Consultation, Role
from portal.selectors import NOTHING, consultations_visible_to

from ..models.projects import PUBLIC_PROJECT_STATUSES, PolicyProject


def policy_project_scope(user) -> Q:
    """HQ sees every project; a bureau the projects it runs, takes part in or that serve
    its municipalities; municipal staff the projects serving their municipality."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    through_municipalities = PolicyProject.municipalities.through.objects
    if user.role == Role.BUREAU and user.bureau_id:
        partner = PolicyProject.partner_bureaus.through.objects.filter(bureau_id=user.bureau_id)
        served = through_municipalities.filter(municipality__bureau_id=user.bureau_id)
        # Subqueries, not joins: a project serving five of the bureau's towns is one row.
        return (
            Q(bureau_id=user.bureau_id)
            | Q(pk__in=partner.values("policyproject_id"))
            | Q(pk__in=served.values("policyproject_id"))
        )
    if user.role == Role.MUNICIPAL and user.municipality_id:
        served = through_municipalities.filter(municipality_id=user.municipality_id)
        return Q(pk__in=served.values("policyproject_id"))
    return NOTHING


def policy_projects_visible_to(user) -> QuerySet[PolicyProject]:
    return PolicyProject.objects.filter(policy_project_scope(user)).select_related(
        "bureau", "region", "theme"
    )


def policy_project_get_for(user, pk) -> PolicyProject:
    try:
        return (
            policy_projects_visible_to(user)
            .prefetch_related("municipalities__bureau", "partner_bureaus")
            .get(pk=pk)
        )
    except (PolicyProject.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def policy_projects_public() -> QuerySet[PolicyProject]:
    """Completed (and evaluated) projects with their results: for residents."""
    return PolicyProject.objects.filter(status__in=PUBLIC_PROJECT_STATUSES).select_related(
        "bureau", "region", "theme"
    )


def policy_project_get_public(pk) -> PolicyProject:
    try:
        return policy_projects_public().prefetch_related("municipalities").get(pk=pk)
    except (PolicyProject.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def policy_project_parts(project: PolicyProject) -> dict:
    """Partners, budget (with totals), milestones and KPIs of one project: four queries."""
    budget = list(project.budget_lines.all())
    return {
        "partners": list(project.partners.all()),
        "budget": budget,
        "budget_planned": sum(line.planned for line in budget),
        "budget_spent": sum(line.spent for line in budget),
        "milestones": list(project.milestones.all()),
        "kpis": list(project.kpis.all()),
    }


def policy_project_budget_totals(projects) -> dict[int, dict]:
    """Planned and spent totals of many projects in one query, by project id."""
    from ..models.projects import ProjectBudgetLine

    rows = (
        ProjectBudgetLine.objects.filter(project__in=[p.pk for p in projects])
        .order_by()
        .values("project_id")
        .annotate(planned=Sum("planned"), spent=Sum("spent"))
    )
    return {row["project_id"]: row for row in rows}


def consultations_about(obj, user) -> QuerySet[Consultation]:
    """Consultations linked to ``obj`` (an application or a project) that ``user`` may see."""
    return consultations_visible_to(user).filter(
        related_type=ContentType.objects.get_for_model(obj), related_id=str(obj.pk)
    )


def policy_projects_proposed_as_case_studies() -> QuerySet[PolicyProject]:
    """Finished projects their bureau proposed for the journal, newest proposal first (for
    the casebook pillar, with ``grants.services.projects.project_case_study_material``)."""
    return (
        policy_projects_public()
        .filter(case_study_proposed_at__isnull=False)
        .order_by("-case_study_proposed_at", "-pk")
    )
