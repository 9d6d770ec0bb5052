"""ほっかいどう応援団会議 matching: municipalities post projects seeking support; companies
browse them and express interest; the municipality accepts or declines.

What a company sees of a project is its public contact point (department, shared email
address and phone); never the name or address of a member of staff.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.actions import error_text, forbidden, not_found, run_action
from portal.models import AuditEvent, Role
from portal.permissions import is_hq
from portal.workflow import InvalidTransition

from ...filters.furusato import MyProjectFilter, SupportProjectFilter
from ...forms.furusato import InterestAnswerForm, InterestForm, SupportProjectForm
from ...models.furusato import ACTIVE_INTEREST_STATUSES, SupportProject
from ...permissions import applications as permissions
from ...selectors.furusato import (
    active_interest_of,
    company_of,
    interest_counts,
    interest_get_for,
    interests_visible_to,
    support_project_get_for,
    support_projects_of_municipality,
    support_projects_open,
)
from ...services import matching as services
from ...workflows.furusato import INTEREST_WORKFLOW, SUPPORT_PROJECT_WORKFLOW
from ..public import PAGE_SIZE, query_without_page

REFUSED = gettext_lazy("You cannot do this with this project now.")


def _may_browse(user) -> bool:
    return is_hq(user) or user.role in (Role.BUREAU, Role.MUNICIPAL, Role.COMPANY)


# --- Browsing -------------------------------------------------------------------------------


@login_required
@require_GET
def project_list(request):
    """Projects seeking support, for companies (and staff) to browse."""
    user = request.user
    if not _may_browse(user):
        raise Http404
    filterset = SupportProjectFilter(
        request.GET, queryset=support_projects_open(user).order_by("-published_at", "-pk")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/furusato/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "is_company": permissions.is_company_user(user),
            "can_post": permissions.can_post_support_project(user),
        },
    )


@login_required
@require_GET
def project_mine(request):
    """The municipality's own projects, drafts included, with the interest each received."""
    user = request.user
    if not permissions.can_post_support_project(user):
        raise Http404
    filterset = MyProjectFilter(
        request.GET,
        queryset=support_projects_of_municipality(user).order_by("-created_at", "-pk"),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = interest_counts(page)
    return render(
        request,
        "grants/furusato/project_mine.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(project, counts.get(project.pk, {})) for project in page],
            "query": query_without_page(request),
        },
    )


def _timeline(obj, workflow):
    events = AuditEvent.objects.for_object(obj).order_by("created_at", "pk")
    return [{"event": e, "label": workflow.label_for(e.action)} for e in events]


@login_required
def project_detail(request, pk):
    """One project. Its municipality's staff see the interest received; a company sees the
    public contact point and can express interest."""
    user = request.user
    project = support_project_get_for(user, pk)
    is_owner = permissions.can_move_support_project(user, project)
    company = company_of(user)
    mine = active_interest_of(company, project)
    form = None
    if permissions.can_express_interest(user, project) and (
        mine is None or mine.status not in ACTIVE_INTEREST_STATUSES
    ):
        form = InterestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            expressed = {}

            def express():
                expressed["interest"] = services.interest_express(
                    project=project,
                    actor=user,
                    message=form.cleaned_data["message"],
                    pledged_amount=form.cleaned_data["pledged_amount"],
                )

            done = _("Your interest has been sent to %(municipality)s.") % {
                "municipality": project.municipality.display_name
            }
            if run_action(request, express, form=form, on_refused=not_found, done=done) and (
                expressed
            ):
                return redirect("grants:interest_detail", pk=expressed["interest"].pk)
    elif request.method == "POST":
        raise Http404
    interests = (
        list(interests_visible_to(user).filter(project=project).order_by("-created_at", "-pk"))
        if (is_owner or is_hq(user) or user.role == Role.BUREAU)
        else []
    )
    return render(
        request,
        "grants/furusato/project_detail.html",
        {
            "project": project,
            "form": form,
            "mine": mine,
            "is_owner": is_owner,
            "is_company": permissions.is_company_user(user),
            "can_edit": permissions.can_edit_support_project(user, project),
            "actions": SUPPORT_PROJECT_WORKFLOW.available(project, user) if is_owner else [],
            "interests": interests,
            # Staff see who did what; companies see the steps only.
            "timeline": _timeline(project, SUPPORT_PROJECT_WORKFLOW)
            if is_owner or is_hq(user) or user.role == Role.BUREAU
            else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- The municipality's side ----------------------------------------------------------------


def _save(request, form, *, creating: bool):
    save = partial(services.support_project_save, project=form.instance, actor=request.user)
    done = (
        _("The project was saved as a draft. Publish it when it is ready.")
        if creating
        else _("The project was saved.")
    )
    if run_action(request, save, form=form, on_refused=not_found, done=done):
        return redirect("grants:furusato_project_detail", pk=form.instance.pk)
    return None


@login_required
def project_create(request):
    if not permissions.can_post_support_project(request.user):
        raise Http404
    municipality = request.user.municipality
    form = SupportProjectForm(
        request.POST or None,
        instance=SupportProject(municipality=municipality),
        initial={"contact_department": request.user.department},
    )
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, creating=True)
        if response is not None:
            return response
    return render(
        request,
        "grants/furusato/project_form.html",
        {"form": form, "project": None},
        status=400 if form.errors else 200,
    )


@login_required
def project_edit(request, pk):
    project = support_project_get_for(request.user, pk)
    if not permissions.can_edit_support_project(request.user, project):
        raise Http404
    form = SupportProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, creating=False)
        if response is not None:
            return response
    return render(
        request,
        "grants/furusato/project_form.html",
        {"form": form, "project": project},
        status=400 if form.errors else 200,
    )


PROJECT_ACTIONS = {
    "publish": (
        services.support_project_publish,
        gettext_lazy("The project is now seeking support."),
    ),
    "close": (services.support_project_close, gettext_lazy("The project no longer seeks support.")),
    "reopen": (services.support_project_reopen, gettext_lazy("The project seeks support again.")),
}


@login_required
@require_POST
def project_action(request, pk):
    project = support_project_get_for(request.user, pk)
    if not permissions.can_move_support_project(request.user, project):
        raise Http404
    action = PROJECT_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("You cannot do this with this project now."))
    else:
        service, done = action
        move = partial(service, project=project, actor=request.user)
        run_action(request, move, refused=REFUSED, done=done, on_refused=not_found)
    return redirect("grants:furusato_project_detail", pk=project.pk)


# --- Expressions of interest ----------------------------------------------------------------


@login_required
def interest_detail(request, pk):
    """One expression of interest: the municipality answers here, the company follows it."""
    user = request.user
    interest = interest_get_for(user, pk)
    can_answer = permissions.can_respond_to_interest(user, interest)
    form = InterestAnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "accept":
                    services.interest_accept(interest=interest, actor=user, note=data["note"])
                    messages.success(
                        request,
                        _("You accepted the support of %(company)s. The company was told.")
                        % {"company": interest.company.name},
                    )
                else:
                    services.interest_decline(interest=interest, actor=user, note=data["note"])
                    messages.success(request, _("Your answer was sent to the company."))
            except (ValidationError, InvalidTransition) as error:
                form.add_error(None, error_text(error, REFUSED))
            except PermissionDenied:
                raise Http404 from None
            else:
                return redirect("grants:interest_detail", pk=interest.pk)
    is_company = permissions.is_company_user(user)
    return render(
        request,
        "grants/furusato/interest_detail.html",
        {
            "interest": interest,
            "project": interest.project,
            "company": interest.company,
            "form": form,
            "is_company": is_company,
            "can_withdraw": permissions.can_withdraw_interest(user, interest),
            "timeline": _timeline(interest, INTEREST_WORKFLOW),
            # Staff see who answered; a company sees the public contact point only.
            "show_people": not is_company,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def interest_withdraw(request, pk):
    interest = interest_get_for(request.user, pk)
    if not permissions.can_withdraw_interest(request.user, interest):
        raise Http404
    withdraw = partial(services.interest_withdraw, interest=interest, actor=request.user)
    done = _("Your interest was withdrawn. The municipality was told.")
    run_action(request, withdraw, refused=REFUSED, done=done, on_refused=forbidden)
    return redirect("grants:interest_detail", pk=interest.pk)
