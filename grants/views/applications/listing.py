"""Starting an application from a call, and the municipality's list of applications with
what to do now and the coming deadlines."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.actions import refusal_on_form, run_action
from portal.models import Role

from ...filters.applications import ApplicationFilterForm
from ...forms.applications import ApplicationStartForm
from ...models.applications import Status
from ...permissions import applications as permissions
from ...selectors.applicant_pages import (
    application_years_visible_to,
    applications_to_act_on_for,
    applications_to_confirm_for,
    calls_closing_for,
    reports_due_for,
)
from ...selectors.applications import applications_visible_to, call_get_public, status_counts
from ...services import applications as services
from .common import to_detail

PAGE_SIZE = 50
ACTION_LIMIT = 50
DEADLINE_LIMIT = 10

# --- Starting -------------------------------------------------------------------------------


def _kinds_for(user, call):
    if user.role == Role.MUNICIPAL:
        return call.eligible_applicant_kinds.filter(via_municipality=False)
    if user.role == Role.GROUP:
        return call.eligible_applicant_kinds.filter(via_municipality=True)
    return call.eligible_applicant_kinds.none()


# The applicant kind of a municipality applying itself: chosen in advance for its staff.
MUNICIPALITY_KIND = "municipality"


@login_required
def application_start(request, pk):
    """Choose who applies (and the group's name) and start a draft of the call. Sent
    without a choice, the form says so (error summary and the field's error)."""
    call = call_get_public(pk)
    kinds = _kinds_for(request.user, call)
    form = ApplicationStartForm(request.POST if request.method == "POST" else None, kinds=kinds)
    choices = list(kinds)
    form.fields["applicant_kind"].initial = _preselected(request.user, choices)
    if request.method == "POST" and form.is_valid():
        return _start(
            request,
            call,
            form,
            kind=form.cleaned_data["applicant_kind"],
            name=form.cleaned_data["applicant_name"],
        )
    return _start_page(request, call, form, choices)


def _preselected(user, choices):
    """The only choice; for municipal staff, their municipality applying itself."""
    if len(choices) == 1:
        return choices[0].pk
    if user.role == Role.MUNICIPAL:
        return next((k.pk for k in choices if k.code == MUNICIPALITY_KIND), None)
    return None


def _start(request, call, form, *, kind, name):
    started = {}

    def start():
        started["application"] = services.application_create(
            call=call, actor=request.user, applicant_kind=kind, applicant_name=name
        )

    refused = _(
        "Your account cannot start this application. The call is for municipalities "
        "of %(bureau)s and their local groups."
    ) % {"bureau": call.bureau.display_name}
    done = _("Your application has been started. Complete each section, then check and submit.")
    on_refused = refusal_on_form(form, refused)
    if run_action(request, start, form=form, on_refused=on_refused, done=done) and started:
        return to_detail(started["application"])
    return _start_page(request, call, form, list(form.fields["applicant_kind"].queryset))


def _start_page(request, call, form, choices):
    user = request.user
    # Shown before anyone fills in the form; the service decides.
    other_bureau = bool(user.municipality_id) and user.municipality.bureau_id != call.bureau_id
    return render(
        request,
        "grants/application_start.html",
        {
            "call": call,
            "form": form,
            "can_start": bool(choices) and not other_bureau,
            "other_bureau": other_bureau,
        },
    )


# --- The municipality's list ----------------------------------------------------------------


def _action_for(user, app) -> str | None:
    """What the user must do now with ``app``, if anything (pure: no queries)."""
    if app.status == Status.DRAFT and permissions.can_edit_application(user, app):
        return _("Finish and submit the application")
    if app.status == Status.RETURNED and permissions.can_edit_application(user, app):
        return _("Revise and resubmit the returned application")
    if app.status == Status.MUNICIPAL_REVIEW and permissions.can_forward_application(user, app):
        return _("Check and forward the group's application")
    if app.status == Status.APPROVED and permissions.can_act_after_decision(user, app):
        return _("Submit the performance report (実績報告)")
    if app.status == Status.AMOUNT_FIXED and permissions.can_act_after_decision(user, app):
        return _("Claim the payment (請求)")
    return None


def _actions(user) -> list[dict]:
    items = []
    for app in applications_to_act_on_for(user, limit=ACTION_LIMIT):
        label = _action_for(user, app)
        if label is None:
            continue
        due = None
        if app.status == Status.DRAFT:
            due = app.call.closes_at
        elif app.status == Status.APPROVED:
            due = app.report_due
        items.append({"label": label, "application": app, "due": due})
    items.extend(
        {
            "label": _("Confirm your part in the joint application"),
            "application": app,
            "due": None,
        }
        for app in applications_to_confirm_for(user, limit=ACTION_LIMIT)
    )
    return items


def _deadlines(user) -> list[dict]:
    """Open calls of the municipality's bureau, and reports due, soonest first."""
    items = [
        {
            "date": call.closes_at,
            "label": _("Applications close: %(title)s") % {"title": call.title},
            "url": reverse("grants:call_detail", args=[call.pk]),
        }
        for call in calls_closing_for(user, limit=DEADLINE_LIMIT)
    ]
    items.extend(
        {
            "date": app.report_due,
            "label": _("Performance report due: %(title)s") % {"title": app.title},
            "url": reverse("grants:application_detail", args=[app.pk]),
        }
        for app in reports_due_for(user, limit=DEADLINE_LIMIT)
    )
    return sorted(items, key=lambda item: _as_date(item["date"]))


def _as_date(value) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


@login_required
def application_list(request):
    """The municipality's applications by status and 年度, deadlines, and what to do now."""
    visible = applications_visible_to(request.user)
    form = ApplicationFilterForm(
        request.GET or None, years=application_years_visible_to(request.user)
    )
    chosen = visible
    status = year = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data.get("fiscal_year")
        status = form.cleaned_data.get("status") or None
        if year:
            chosen = chosen.filter(fiscal_year=year)
    # In the order of the lifecycle, not of the status codes.
    order = {value: index for index, value in enumerate(Status.values)}
    counts = sorted(status_counts(chosen), key=lambda row: order.get(row["status"], len(order)))
    labels = dict(Status.choices)
    for row in counts:
        row["label"] = labels.get(row["status"], row["status"])
    if status:
        chosen = chosen.filter(status=status)
    page = Paginator(chosen.order_by("-fiscal_year", "-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/application_list.html",
        {
            "filter_form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": counts,
            "year": year,
            "actions": _actions(request.user),
            "deadlines": _deadlines(request.user),
            "municipality_id": request.user.municipality_id,
        },
    )
