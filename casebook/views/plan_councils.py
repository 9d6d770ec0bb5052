"""A plan's 協議会 (#22 point 2): the municipality's staff name the council, add members
and record meetings with their minutes; the bureau's officers and HQ read it. Outside
scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.actions import not_found, run_action
from portal.uploads import keep_uploads

from ..forms.plan_councils import CouncilForm, MeetingForm, MemberForm
from ..permissions import challenges as perms
from ..selectors import plan_councils as councils
from ..selectors import plans as selectors
from ..services import plan_councils as services


def _url(plan) -> str:
    return reverse("casebook:plan_council", args=[plan.pk])


def _page(request, plan, council, *, forms=None, status=200):
    can_edit = perms.can_edit_plan(request.user, plan)
    forms = forms or {}
    initial = {"name": council.name, "legal_basis": council.legal_basis} if council else None
    return render(
        request,
        "casebook/plans/plan_council.html",
        {
            "plan": plan,
            "council": council,
            "members": councils.council_members(council),
            "meetings": councils.council_meetings(council),
            "can_edit": can_edit,
            "council_form": forms.get("council")
            or (CouncilForm(initial=initial) if can_edit else None),
            "member_form": forms.get("member")
            or (MemberForm(prefix="member") if can_edit else None),
            "meeting_form": forms.get("meeting")
            or (MeetingForm(prefix="meeting") if can_edit else None),
            "trail": [
                (reverse("casebook:plan_list"), _("Plans")),
                (plan.get_absolute_url(), plan.title),
            ],
        },
        status=status,
    )


def _editable(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_edit_plan(request.user, plan):
        raise Http404
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_council(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    council = councils.council_of(plan)
    if request.method == "GET":
        return _page(request, plan, council)
    plan = _editable(request, pk)
    form = CouncilForm(request.POST)
    if form.is_valid():

        def save():
            services.council_save(plan=plan, actor=request.user, data=form.cleaned_data)

        if run_action(
            request, save, form=form, done=_("The council was saved."), on_refused=not_found
        ):
            return redirect(_url(plan))
    return _page(request, plan, council, forms={"council": form}, status=400)


def _council_or_404(plan):
    council = councils.council_of(plan)
    if council is None:
        raise Http404
    return council


@login_required
@require_POST
def plan_council_member_add(request, pk):
    plan = _editable(request, pk)
    council = _council_or_404(plan)
    form = MemberForm(request.POST, prefix="member")
    if form.is_valid():

        def add():
            services.member_add(council=council, actor=request.user, data=form.cleaned_data)

        if run_action(
            request, add, form=form, done=_("The member was added."), on_refused=not_found
        ):
            return redirect(f"{_url(plan)}#members")
    return _page(request, plan, council, forms={"member": form}, status=400)


@login_required
@require_POST
def plan_council_member_remove(request, pk, member_pk):
    plan = _editable(request, pk)
    member = councils.member_of(_council_or_404(plan), member_pk)

    def remove():
        services.member_remove(member=member, actor=request.user)

    run_action(request, remove, done=_("The member was removed."), on_refused=not_found)
    return redirect(f"{_url(plan)}#members")


@login_required
@require_POST
def plan_council_meeting_add(request, pk):
    plan = _editable(request, pk)
    council = _council_or_404(plan)
    form = keep_uploads(MeetingForm(request.POST, request.FILES, prefix="meeting"), request)
    if form.is_valid():

        def add():
            services.meeting_add(
                council=council,
                actor=request.user,
                data=form.cleaned_data,
                uploads=form.cleaned_data["minutes"],
            )

        if run_action(
            request, add, form=form, done=_("The meeting was recorded."), on_refused=not_found
        ):
            return redirect(f"{_url(plan)}#meetings")
    return _page(request, plan, council, forms={"meeting": form}, status=400)
