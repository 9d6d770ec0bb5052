"""Bureau policy projects (F2): the internal list and page (HQ, bureaus, the municipalities
served), the one-page sheet as PDF, and the public list of finished projects with their
results. Officers record and move projects in the admin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.models import AuditEvent, Role
from portal.permissions import is_hq
from portal.views.files import document_response

from ..filters.projects import ProjectFilter, PublicProjectFilter
from ..models.projects import PUBLIC_PROJECT_STATUSES
from ..permissions import applications as permissions
from ..selectors.projects import (
    consultations_about,
    policy_project_get_for,
    policy_project_get_public,
    policy_project_parts,
    policy_projects_public,
    policy_projects_visible_to,
)
from ..services.projects import policy_project_sheet
from ..workflows.projects import PROJECT_WORKFLOW
from .public import PAGE_SIZE, query_without_page

ORDER = ("-fiscal_year", "bureau__order", "title", "pk")


def _may_list(user) -> bool:
    return is_hq(user) or user.role in (Role.BUREAU, Role.MUNICIPAL)


@login_required
@require_GET
def project_list(request):
    user = request.user
    if not _may_list(user):
        raise Http404
    filterset = ProjectFilter(
        request.GET, queryset=policy_projects_visible_to(user).order_by(*ORDER)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "can_record": permissions.can_record_policy_projects(user),
        },
    )


@login_required
@require_GET
def project_detail(request, pk):
    user = request.user
    project = policy_project_get_for(user, pk)
    return render(
        request,
        "grants/project_detail.html",
        {
            "project": project,
            **policy_project_parts(project),
            "municipalities": list(project.municipalities.all()),
            "partner_bureaus": list(project.partner_bureaus.all()),
            "consultations": list(consultations_about(project, user)[:20]),
            "events": AuditEvent.objects.for_object(project).select_related("actor"),
            "workflow": PROJECT_WORKFLOW,
            "can_edit": permissions.can_edit_policy_project(user, project),
            "admin_url": reverse("admin:grants_policyproject_change", args=[project.pk]),
            "is_public": project.status in PUBLIC_PROJECT_STATUSES,
        },
    )


@login_required
def project_sheet_pdf(request, pk):
    """The one-page project sheet (事業概要シート) for council briefings."""
    if request.method not in ("GET", "HEAD"):
        raise Http404
    project = policy_project_get_for(request.user, pk)
    try:
        document = policy_project_sheet(project=project, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    return document_response(
        request, document, back_url=reverse("grants:project_detail", args=[project.pk])
    )


# --- Public ---------------------------------------------------------------------------------


@require_GET
def project_results(request):
    filterset = PublicProjectFilter(
        request.GET,
        queryset=policy_projects_public().order_by(*ORDER).prefetch_related("municipalities"),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/project_results.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )


@require_GET
def project_result_detail(request, pk):
    project = policy_project_get_public(pk)
    return render(
        request,
        "grants/project_result_detail.html",
        {
            "project": project,
            **policy_project_parts(project),
            "municipalities": list(project.municipalities.all()),
            "partner_bureaus": list(project.partner_bureaus.all()),
        },
    )
