"""The request: the municipality's web form with drafts, check and submit; the request's
page for everyone involved; the bureau's decision; withdrawal and the completion report.

Views are thin: a scoped selector fetches (outside scope: 404), a form validates, one
service writes, and the browser is redirected; a refusal comes back as a message or as
an error on the form, never as a server error.
"""

from __future__ import annotations

import contextlib
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.actions import add_service_errors, error_text, refusal_on_form, run_action
from portal.concurrency import StaleVersion
from portal.kessai import history_seen_by
from portal.services.attachments import attachments_of
from portal.uploads import keep_uploads
from portal.workflow import InvalidTransition, Refusal

from ..figures.requests import figures_for_reports
from ..filters.requests import RequestFilter
from ..forms.requests import (
    CompletionForm,
    NoteForm,
    ReasonForm,
    RequestForm,
    RequestStartForm,
    SubmitForm,
    WithdrawForm,
)
from ..models import CompletionReport, ReportStatus, Status
from ..permissions import requests as permissions
from ..rules.completion import completion_blockers
from ..selectors import requests as selectors
from ..services import notices as notice_services
from ..services import reports as report_services
from ..services import requests as services
from ..workflows.requests import REQUEST_WORKFLOW
from .common import PAGE_SIZE, REFUSED, files, posted, query_without_page, refuse, to_request

# --- The list -----------------------------------------------------------------------------


@login_required
def request_list(request):
    user = request.user
    filterset = RequestFilter(
        request.GET,
        queryset=selectors.requests_visible_to(user).order_by("-created_at", "-id"),
        user=user,
        years=selectors.request_years_visible_to(user),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/request_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "can_request": permissions.can_request_support(user),
        },
    )


# --- Starting and filling in ----------------------------------------------------------------


@login_required
def request_start(request):
    if not permissions.can_request_support(request.user):
        messages.info(request, _("Only staff of a municipality can request support."))
        return redirect("dispatch:index")
    form = RequestStartForm(posted(request), initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.dispatch_request_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error, REFUSED))
        else:
            messages.success(
                request, _("Your draft has been started. Fill in the request and save it.")
            )
            return redirect("dispatch:request_edit", pk=obj.pk)
    return render(request, "dispatch/request_start.html", {"form": form})


def _initial(obj) -> dict:
    initial = {
        name: getattr(obj, name) for name in services.FORM_FIELDS if name not in services.MANY
    }
    initial["skills"] = list(obj.skills.all())
    initial["partners"] = list(obj.partners.all())
    initial["measures"] = list(obj.measures.all())
    return initial


def _raw(querydict) -> dict:
    """What was typed, kept as a draft: lists for the fields that take several values."""
    multi = {"skills", "partners", "measures"}
    return {
        key: values if key in multi else values[0]
        for key, values in querydict.lists()
        if key not in ("csrfmiddlewaretoken", "action")
    }


def _editable(request, obj):
    if permissions.can_edit_request(request.user, obj):
        return None
    if permissions.is_requester_staff(request.user, obj):
        return refuse(
            request,
            obj,
            InvalidTransition(
                _("The request can no longer be changed (status: %(status)s).")
                % {"status": obj.get_status_display()}
            ),
        )
    raise Http404


@login_required
def request_edit(request, pk):
    """The request on one page. "Save draft" keeps whatever was typed (answers may be
    missing); "Save and check" needs every required answer and opens the check page."""
    obj = selectors.request_get_for(request.user, pk)
    refusal = _editable(request, obj)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        action = request.POST.get("action", "draft")
        form = RequestForm(request.POST, municipality_id=obj.municipality_id)
        valid = form.is_valid()
        if action != "check":
            form.drop_required_errors()
            valid = not form.errors
        if valid:
            try:
                services.dispatch_request_save(
                    request=obj,
                    actor=request.user,
                    data=form.cleaned_data,
                    version=form.base_version,
                )
            except StaleVersion:
                current = selectors.request_get_for(request.user, obj.pk)
                form.refuse_stale(version=current.version, values=_initial(current))
            except ValidationError as error:
                add_service_errors(form, error)
            except (PermissionDenied, InvalidTransition) as error:
                return refuse(request, obj, error)
            else:
                if action == "check":
                    return redirect("dispatch:request_check", pk=obj.pk)
                messages.success(request, _("Your draft has been saved."))
                return redirect("dispatch:request_edit", pk=obj.pk)
        with contextlib.suppress(PermissionDenied, InvalidTransition):
            services.dispatch_request_keep_draft(
                request=obj, actor=request.user, raw=_raw(request.POST)
            )
    elif obj.form_draft:
        # What was typed last time comes back, with its errors.
        form = RequestForm(obj.form_draft, municipality_id=obj.municipality_id)
        form.is_valid()
        form.drop_required_errors()
    else:
        initial = _initial(obj)
        form = RequestForm(initial=initial, municipality_id=obj.municipality_id)
        form.stamp(version=obj.version, values=initial)
    return render(request, "dispatch/request_form.html", {"obj": obj, "form": form})


@login_required
def request_check(request, pk):
    """Check your answers, then submit (or resubmit a returned request)."""
    obj = selectors.request_get_for(request.user, pk)
    refusal = _editable(request, obj)
    if refusal is not None:
        return refusal
    form = SubmitForm(posted(request))
    if request.method == "POST" and form.is_valid():
        submitted = []

        def submit():
            submitted.append(services.dispatch_request_submit(request=obj, actor=request.user))

        if run_action(request, submit, form=form, refused=REFUSED):
            if not submitted:
                return to_request(obj)  # refused, with the message
            return redirect("dispatch:request_confirmation", pk=submitted[0].pk)
    return render(
        request,
        "dispatch/request_check.html",
        {"obj": obj, "form": form, "problems": services.request_problems(obj)},
    )


@login_required
def request_confirmation(request, pk):
    obj = selectors.request_get_for(request.user, pk)
    if obj.status != Status.SUBMITTED or not permissions.is_requester_staff(request.user, obj):
        return to_request(obj)
    return render(request, "dispatch/request_confirmation.html", {"obj": obj})


# --- The request's page ---------------------------------------------------------------------


@login_required
def request_detail(request, pk):
    user = request.user
    obj = selectors.request_get_for(user, pk)
    sessions = list(selectors.sessions_of(obj))
    reports = [r for s in sessions for r in s.reports.all()]
    confirmed = [r for r in reports if r.status == ReportStatus.CONFIRMED]
    completion = CompletionReport.objects.filter(request=obj).first()
    is_requester = permissions.is_requester_staff(user, obj)
    staff = permissions.is_bureau_staff_for(user, obj)
    assignments = list(obj.assignments.all())
    notices = list(selectors.notices_of(obj))
    may_issue = permissions.can_issue_notice(user, obj)
    may_complete = permissions.can_complete_request(user, obj)
    # What the completion report still waits for: the service's own list, so the page and
    # the refusal never disagree.
    blockers = completion_blockers(sessions, now=timezone.now()) if may_complete else []
    return render(
        request,
        "dispatch/request_detail.html",
        {
            "obj": obj,
            "assignments": [a for a in assignments if a.cancelled_at is None],
            "released": [a for a in assignments if a.cancelled_at is not None],
            "sessions": sessions,
            "figures": figures_for_reports(confirmed),
            "pending_reports": sum(1 for r in reports if r.status != ReportStatus.CONFIRMED),
            "notices": notices,
            "completion": completion,
            "blockers": blockers,
            "completion_files": list(attachments_of(completion)) if completion else [],
            "events": history_seen_by(request.user, selectors.request_events(obj)),
            "workflow": REQUEST_WORKFLOW,
            "applicant_view": not staff,
            "is_requester": is_requester,
            "is_staff": staff,
            "my_assignment": permissions.live_assignment_of(user, obj),
            "can": {
                "edit": permissions.can_edit_request(user, obj),
                "withdraw": permissions.can_withdraw_request(user, obj),
                "decide": permissions.can_decide_request(user, obj),
                "approve": obj.status == Status.SUBMITTED
                and permissions.can_approve_request(user, obj),
                "assign": permissions.can_assign_people(user, obj),
                "notice": may_issue and not notices,
                # Offered only when the people or periods the notice states have changed.
                "reissue": may_issue
                and bool(notices)
                and notice_services.notice_reissue_offered(obj),
                "schedule": permissions.can_schedule_session(user, obj),
                "complete": may_complete,
                "summary": obj.status in (Status.ASSIGNED, Status.CLOSED),
            },
        },
    )


@login_required
def request_withdraw(request, pk):
    obj = selectors.request_get_for(request.user, pk)
    if not permissions.can_withdraw_request(request.user, obj):
        return refuse(request, obj)
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        withdraw = partial(
            services.dispatch_request_withdraw,
            request=obj,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        done = _("The request has been withdrawn.")
        if run_action(request, withdraw, form=form, refused=REFUSED, done=done):
            return to_request(obj)
    return render(request, "dispatch/request_withdraw.html", {"obj": obj, "form": form})


DECISIONS = {
    "approve": (services.dispatch_request_approve, gettext_lazy("Approve the request")),
    "return": (
        services.dispatch_request_return,
        gettext_lazy("Return the request for more information"),
    ),
    "decline": (services.dispatch_request_decline, gettext_lazy("Decline the request")),
}


@login_required
def request_decide(request, pk, action):
    """The bureau's decision: approve (with a note), return or decline (with a reason)."""
    if action not in DECISIONS:
        raise Http404
    obj = selectors.request_get_for(request.user, pk)
    if not permissions.is_bureau_staff_for(request.user, obj):
        raise Http404
    if not permissions.is_deciding_officer(request.user, obj):
        return refuse(request, obj, Refusal(_("Only the bureau's officers decide.")))
    if obj.status != Status.SUBMITTED:
        return refuse(request, obj)
    service, title = DECISIONS[action]
    if action == "approve":
        form = NoteForm(posted(request))
    else:
        form = ReasonForm(
            posted(request),
            label=_("What the municipality should add")
            if action == "return"
            else _("Reason for declining"),
        )
    if request.method == "POST" and form.is_valid():
        kwargs = (
            {"note": form.cleaned_data["note"]}
            if action == "approve"
            else {"reason": form.cleaned_data["reason"]}
        )
        done = {
            "approve": _("The request has been approved. Now assign people to it."),
            "return": _("The request has been returned to the municipality."),
            "decline": _("The request has been declined."),
        }[action]
        decide = partial(service, request=obj, actor=request.user, **kwargs)
        # A refusal stays on the page, above the form, with what was typed.
        if run_action(
            request,
            decide,
            form=form,
            refused=REFUSED,
            done=done,
            on_refused=refusal_on_form(form, REFUSED),
        ):
            return to_request(obj)
    return render(
        request,
        "dispatch/request_decide.html",
        {
            "obj": obj,
            "form": form,
            "action": action,
            "title": title,
            "needs_chief": obj.kind == "regional" and action == "approve",
            "holds_chief": permissions.holds_chief_authority(request.user, obj.bureau_id),
        },
    )


@login_required
def request_complete(request, pk):
    """The completion report: the municipality's last word; the request closes."""
    obj = selectors.request_get_for(request.user, pk)
    if not permissions.can_complete_request(request.user, obj):
        return refuse(request, obj)
    form = keep_uploads(CompletionForm(posted(request), files(request)), request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submit = partial(
            report_services.completion_report_submit,
            request=obj,
            actor=request.user,
            outcomes=data["outcomes"],
            next_steps=data["next_steps"],
            rating=data["rating"],
            comment=data["comment"],
            uploads=data["attachments"],
        )
        done = _("Thank you. The completion report has been filed; the request is closed.")
        if run_action(request, submit, form=form, refused=REFUSED, done=done):
            return to_request(obj)
    blockers = completion_blockers(selectors.sessions_of(obj), now=timezone.now())
    return render(
        request,
        "dispatch/request_complete.html",
        {"obj": obj, "form": form, "blockers": blockers},
    )
