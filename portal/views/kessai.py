"""決裁 pages: the signed-in user's 決裁 box, one draft with its route and buttons, its
summary (起案用紙) as PDF, a person's stand-ins, and a municipality's own routes."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..actions import run_action
from ..forms.kessai import DelegationForm, RouteForm, StampForm
from ..kessai import kind_choices, perform_act, routed_act
from ..models import ApprovalRoute, Delegation, Role, Unit
from ..permissions.kessai import can_edit_routes, is_step_holder
from ..selectors import kessai as selectors
from ..selectors.kessai import route_rows
from ..services import kessai as services
from ..services import kessai_routes as route_services
from ..services.documents import document_request
from ..services.kessai_routes import approval_route_set
from .files import document_response


@login_required
def kessai_box(request):
    if request.user.role not in (Role.MUNICIPAL, Role.BUREAU, Role.HQ):
        raise Http404
    return render(request, "portal/kessai_box.html", selectors.kessai_box(request.user))


def _approve(request, kessai, comment):
    result = services.kessai_approve(
        kessai=kessai,
        actor=request.user,
        comment=comment,
        perform=lambda locked: perform_act(request, locked),
    )
    if kessai.status == kessai.Status.APPROVED:  # the last approval: the act was performed
        return _("Approved and decided (決裁). %(result)s") % {"result": result or ""}
    return _("Approved. The draft goes on to the next approver.")


def _then(service, done):
    """A stamp's service, answering with ``done`` as the success message."""

    def run(request, kessai, comment):
        service(kessai=kessai, actor=request.user, comment=comment)
        return done

    return run


def _withdraw(request, kessai, comment):
    services.kessai_withdraw(kessai=kessai, actor=request.user)
    return _("The draft was withdrawn.")


# The buttons of a draft's page: the posted ``op`` -> what it does.
OPERATIONS = {
    "approve": _approve,
    "return": _then(services.kessai_return, _("The draft was returned to the drafter.")),
    "afterwards": _then(services.kessai_afterwards, _("You read the draft afterwards (後閲).")),
    "withdraw": _withdraw,
}


@login_required
def kessai_detail(request, pk):
    kessai = selectors.kessai_get_for(request.user, pk)  # outside its organisation: 404
    form = StampForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        operation = OPERATIONS.get(request.POST.get("op"))
        if operation is None:
            raise Http404
        call = partial(operation, request, kessai, form.cleaned_data["comment"])
        if run_action(request, call, form=form, error_field="comment"):
            return redirect("portal:kessai_detail", pk=kessai.pk)
    user = request.user
    act = routed_act(kessai.kind)
    obj = kessai.subject
    waiting = kessai.status == kessai.Status.IN_PROGRESS
    holds = is_step_holder(user, kessai, kessai.current_step) or any(
        is_step_holder(a, kessai, kessai.current_step) for a in selectors.stood_in_for(user)
    )
    may_stamp = waiting and kessai.drafted_by_id != user.pk and holds
    return render(
        request,
        "portal/kessai_detail.html",
        {
            "kessai": kessai,
            "act": act,
            "rows": route_rows(kessai),
            "holders": services.step_holders(kessai, kessai.current_step) if waiting else [],
            "form": form,
            "may_stamp": may_stamp,
            "may_afterwards": bool(services.afterwards_steps(kessai, user)),
            "may_withdraw": kessai.is_open and kessai.drafted_by_id == user.pk,
            "object_url": act.object_url(user, obj) if act and obj else "",
            "draft_url": act.draft_url(obj, kessai.payload.get("_target") or {})
            if act and obj and kessai.status == kessai.Status.RETURNED
            else "",
        },
    )


@login_required
def kessai_pdf(request, pk):
    kessai = selectors.kessai_get_for(request.user, pk)
    document = document_request(
        owner=kessai,
        kind="kessai_summary",
        title=f"起案用紙 {kessai.title}",
        template_name="portal/pdf/kessai.html",
        context={"kessai": kessai, "rows": route_rows(kessai), "act": routed_act(kessai.kind)},
        requested_by=request.user,
    )
    return document_response(
        request, document, back_url=reverse("portal:kessai_detail", args=[kessai.pk])
    )


@login_required
def delegation_list(request):
    """The signed-in person's stand-ins (代決): who decides for them while they are away."""
    user = request.user
    if user.role not in (Role.MUNICIPAL, Role.BUREAU, Role.HQ):
        raise Http404
    form = DelegationForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and request.POST.get("delete"):
        if route_services.delegation_remove(user=user, delegation_id=request.POST["delete"]):
            messages.success(request, _("The stand-in was removed."))
        else:
            messages.error(request, _("This stand-in is not one of yours (any more)."))
        return redirect("portal:delegation_list")
    if request.method == "POST" and form.is_valid():
        route_services.delegation_save(user=user, form=form)
        messages.success(request, _("Your stand-in was saved."))
        return redirect("portal:delegation_list")
    return render(
        request,
        "portal/delegation_list.html",
        {
            "form": form,
            "delegations": Delegation.objects.filter(user=user).select_related("stand_in"),
            "standing_in": Delegation.objects.filter(stand_in=user).select_related("user"),
        },
    )


def _own_municipality(user):
    if user.role != Role.MUNICIPAL or not user.municipality_id:
        raise Http404
    if not can_edit_routes(user, user.municipality_id, None):
        raise PermissionDenied
    return user.municipality_id


@login_required
def route_list(request):
    """A municipality's routes, kept by its own administrator (bureaus use the admin)."""
    municipality_id = _own_municipality(request.user)
    routes = {
        r.kind: r
        for r in ApprovalRoute.objects.filter(municipality_id=municipality_id).prefetch_related(
            "steps__unit__parent"
        )
    }
    kinds = [
        {"kind": kind, "label": label, "route": routes.get(kind)}
        for kind, label in kind_choices("municipality")
    ]
    return render(request, "portal/kessai_route_list.html", {"kinds": kinds})


@login_required
def route_edit(request, kind):
    municipality_id = _own_municipality(request.user)
    if kind not in dict(kind_choices("municipality")):
        raise Http404
    units = Unit.objects.filter(municipality_id=municipality_id, is_active=True).select_related(
        "parent"
    )
    route = ApprovalRoute.objects.filter(municipality_id=municipality_id, kind=kind).first()
    initial = {}
    if route is not None:
        for step in route.steps.all():
            initial[f"position_{step.order}"] = str(step.position)
            initial[f"unit_{step.order}"] = str(step.unit_id or "")
    form = RouteForm(
        request.POST if request.method == "POST" else None, units=units, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        save = partial(
            approval_route_set,
            kind=kind,
            municipality_id=municipality_id,
            steps=form.cleaned_data["steps"],
            actor=request.user,
        )
        if run_action(request, save, form=form, done=_("The route was saved.")):
            return redirect("portal:kessai_route_list")
    label = dict(kind_choices("municipality"))[kind]
    return render(request, "portal/kessai_route_form.html", {"form": form, "label": label})
