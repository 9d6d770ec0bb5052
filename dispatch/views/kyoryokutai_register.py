"""The register of 協力隊 members (personal data): the list of the user's scope, a member's
page with the timeline, the municipality's forms for each step (commission, start, end of
term, leaving early, settlement, follow-up). The figures per 年度 are in
kyoryokutai_figures.py.

Municipal staff keep their municipality's register; their bureau and HQ read it. Anyone
else — another municipality, another bureau — gets 404.
"""

from __future__ import annotations

import datetime as dt
from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.actions import forbidden, not_found, run_action
from portal.workflow import InvalidTransition

from ..filters.kyoryokutai import VolunteerFilter
from ..forms.kyoryokutai import (
    CommissionForm,
    FollowupForm,
    ResignForm,
    SettlementForm,
    StartForm,
    VolunteerForm,
)
from ..models import VolunteerStatus
from ..permissions import requests as permissions
from ..selectors import kyoryokutai as selectors
from ..selectors import volunteer_members as member_selectors
from ..services import volunteers as services
from ..workflows.kyoryokutai import VOLUNTEER_WORKFLOW
from .common import REFUSED, posted, query_without_page

PAGE_SIZE = 25


def _register_reader(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_view_register(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _to_detail(volunteer):
    return redirect("dispatch:kyoryokutai_volunteer_detail", pk=volunteer.pk)


def _keeper(request, pk):
    """The entry, for its municipality's staff only (others who may read it are sent
    back to its page; anyone else gets 404)."""
    volunteer = selectors.volunteer_get_for(request.user, pk)
    if not permissions.can_keep_register(request.user, volunteer):
        messages.error(request, _("Only the municipality keeps its register."))
        return volunteer, _to_detail(volunteer)
    return volunteer, None


@_register_reader
def volunteer_list(request):
    user = request.user
    filterset = VolunteerFilter(
        request.GET,
        queryset=selectors.volunteers_visible_to(user).order_by(
            "municipality_id", "status", "term_end", "pk"
        ),
        user=user,
        years=selectors.volunteer_years_visible_to(user),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "today": timezone.localdate(),
            "can_add": permissions.can_add_volunteer(user),
            "can_see_figures": permissions.can_view_kyoryokutai_figures(user),
        },
    )


@_register_reader
def volunteer_create(request):
    if not permissions.can_add_volunteer(request.user):
        raise Http404
    form = VolunteerForm(posted(request), municipality_id=request.user.municipality_id)
    if request.method == "POST" and form.is_valid():
        created = []

        def create():
            created.append(services.volunteer_create(actor=request.user, data=form.cleaned_data))

        done = _("Added to the register as recruiting. Record the commission once chosen.")
        if run_action(request, create, form=form, done=done, on_refused=forbidden):
            return _to_detail(created[0])
    return render(request, "dispatch/kyoryokutai/volunteer_form.html", {"form": form})


@_register_reader
def volunteer_detail(request, pk):
    user = request.user
    volunteer = selectors.volunteer_get_for(user, pk)
    keeper = permissions.can_keep_register(user, volunteer)
    today = timezone.localdate()
    ending_soon = volunteer.is_serving and today <= volunteer.term_end <= today + dt.timedelta(
        days=selectors.TERM_END_NOTICE_DAYS
    )
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "settlement": getattr(volunteer, "settlement", None),
            "keeper": keeper,
            "actions": [t.action for t in VOLUNTEER_WORKFLOW.available(volunteer, user)]
            if keeper
            else [],
            "events": selectors.volunteer_events(volunteer),
            "workflow": VOLUNTEER_WORKFLOW,
            "ending_soon": ending_soon,
            "periods": member_selectors.report_periods(volunteer, today=today),
        },
    )


def _edit_initial(volunteer) -> dict:
    names = ["position", *services.DETAIL_FIELDS, *services.PERSON_FIELDS]
    initial = {name: getattr(volunteer, name) for name in names}
    initial.update(
        term_start=volunteer.term_start,
        term_end=volunteer.term_end,
        missions=list(volunteer.missions.all()),
        trainings=list(volunteer.trainings.all()),
    )
    return initial


@_register_reader
def volunteer_edit(request, pk):
    volunteer, refusal = _keeper(request, pk)
    if refusal is not None:
        return refusal
    form = VolunteerForm(
        posted(request),
        initial=_edit_initial(volunteer),
        municipality_id=volunteer.municipality_id,
        person=volunteer.status != VolunteerStatus.RECRUITING,
        term=volunteer.is_serving,
    )
    if request.method == "POST" and form.is_valid():
        save = partial(
            services.volunteer_save, volunteer=volunteer, actor=request.user, data=form.cleaned_data
        )
        done = _("Your changes have been saved.")
        if run_action(request, save, form=form, done=done, on_refused=not_found):
            return _to_detail(volunteer)
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_form.html",
        {"form": form, "volunteer": volunteer},
    )


STEPS = {
    "commission": {
        "form": CommissionForm,
        "title": gettext_lazy("Record the commission (委嘱)"),
        "done": gettext_lazy("The commission has been recorded."),
    },
    "start": {
        "form": StartForm,
        "title": gettext_lazy("Record the start of the activities"),
        "done": gettext_lazy("The member is now active."),
    },
    "complete": {
        "form": None,
        "title": gettext_lazy("Record the completion of the term"),
        "done": gettext_lazy(
            "The term has been recorded as completed. Now record where they settled."
        ),
    },
    "resign": {
        "form": ResignForm,
        "title": gettext_lazy("Record leaving before the end of the term"),
        "done": gettext_lazy("Leaving early has been recorded. Now record where they settled."),
    },
}


def _run_step(step, volunteer, actor, data):
    if step == "commission":
        return services.volunteer_commission(volunteer=volunteer, actor=actor, **data)
    if step == "start":
        return services.volunteer_start(volunteer=volunteer, actor=actor, **data)
    if step == "complete":
        return services.volunteer_complete(volunteer=volunteer, actor=actor)
    return services.volunteer_resign(volunteer=volunteer, actor=actor, **data)


@_register_reader
def volunteer_step(request, pk, step):
    """One move of the member's lifecycle, through its small form."""
    if step not in STEPS:
        raise Http404
    volunteer, refusal = _keeper(request, pk)
    if refusal is not None:
        return refusal
    if step not in [t.action for t in VOLUNTEER_WORKFLOW.available(volunteer, request.user)]:
        messages.error(request, str(InvalidTransition().message))
        return _to_detail(volunteer)
    config = STEPS[step]
    initial = {}
    if step == "commission":
        initial = {"commissioned_on": timezone.localdate()}
    elif step == "start":
        initial = {"started_on": volunteer.term_start}
    form_class = config["form"]
    form = form_class(posted(request), initial=initial) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        run = partial(_run_step, step, volunteer, request.user, form.cleaned_data if form else {})
        done = str(config["done"])
        if run_action(request, run, form=form, refused=REFUSED, done=done, on_refused=not_found):
            return _to_detail(volunteer)
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_step.html",
        {"volunteer": volunteer, "form": form, "step": step, "title": config["title"]},
    )


@_register_reader
def volunteer_settlement(request, pk):
    volunteer, refusal = _keeper(request, pk)
    if refusal is not None:
        return refusal
    if not volunteer.has_ended:
        messages.error(request, _("Record the settlement once the member's term has ended."))
        return _to_detail(volunteer)
    current = getattr(volunteer, "settlement", None)
    initial = {}
    if current is not None:
        initial = {
            name: getattr(current, name)
            for name in ("destination", "started_business", "took_job", "work", "note")
        }
        initial["settled_municipality"] = current.settled_municipality_id
    form = SettlementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        record = partial(
            services.volunteer_record_settlement,
            volunteer=volunteer,
            actor=request.user,
            **form.cleaned_data,
        )
        done = _("Where the member settled has been recorded.")
        if run_action(request, record, form=form, done=done, on_refused=not_found):
            return _to_detail(volunteer)
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_step.html",
        {
            "volunteer": volunteer,
            "form": form,
            "step": "settlement",
            "title": _("Where the member settled after the term"),
        },
    )


@_register_reader
def volunteer_followup(request, pk):
    volunteer, refusal = _keeper(request, pk)
    if refusal is not None:
        return refusal
    settlement = getattr(volunteer, "settlement", None)
    if settlement is None:
        messages.error(request, _("Record where the member settled first."))
        return _to_detail(volunteer)
    initial = {"destination": settlement.followup_destination or settlement.destination}
    if settlement.followup_at:
        initial["note"] = settlement.followup_note
    form = FollowupForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        record = partial(
            services.volunteer_record_followup,
            volunteer=volunteer,
            actor=request.user,
            **form.cleaned_data,
        )
        done = _("The follow-up has been recorded.")
        if run_action(request, record, form=form, done=done, on_refused=not_found):
            return _to_detail(volunteer)
    return render(
        request,
        "dispatch/kyoryokutai/volunteer_step.html",
        {
            "volunteer": volunteer,
            "form": form,
            "step": "follow_up",
            "title": _("Follow-up a year after leaving"),
        },
    )
