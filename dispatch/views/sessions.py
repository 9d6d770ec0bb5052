"""Sessions (visits and online) and the activity reports after them: scheduling,
cancelling, filing a report, and the municipality's confirmation with a rating."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.actions import run_action
from portal.services.attachments import attachments_of
from portal.uploads import keep_uploads

from ..forms.requests import (
    CancelSessionForm,
    ConfirmReportForm,
    ReasonForm,
    ReportForm,
    SessionForm,
)
from ..permissions import requests as permissions
from ..selectors import requests as selectors
from ..services import reports as report_services
from ..services import sessions as services
from ..workflows.requests import REPORT_WORKFLOW
from .common import REFUSED, files, posted, refuse, to_request


def _to_session(session):
    return redirect("dispatch:session_detail", pk=session.pk)


# The service speaks of the session's start and end; the form asks for them as times.
SERVICE_TO_FORM = {"starts_at": "start_time", "ends_at": "end_time"}


def _on_session_form(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {SERVICE_TO_FORM.get(field, field): items for field, items in error.error_dict.items()}
    )


@login_required
def session_create(request, pk):
    user = request.user
    obj = selectors.request_get_for(user, pk)
    if not permissions.can_schedule_session(user, obj):
        return refuse(request, obj)
    people = [a.person for a in obj.assignments.all() if a.cancelled_at is None]
    mine = permissions.live_assignment_of(user, obj)
    initial = {"people": [mine.person] if mine else people}
    form = SessionForm(posted(request), people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scheduled = []

        def schedule():
            try:
                session = services.session_schedule(
                    request=obj,
                    actor=user,
                    mode=data["mode"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    people=list(data["people"]),
                    place=data["place"],
                    online_details=data["online_details"],
                    participants=data["participants"],
                    agenda=data["agenda"],
                )
            except ValidationError as error:
                raise _on_session_form(error) from error
            scheduled.append(session)

        done = _("The session has been scheduled and everyone told.")
        if run_action(request, schedule, form=form, refused=REFUSED, done=done):
            # Scheduled: to the session; refused (with its message): back to the request.
            return _to_session(scheduled[0]) if scheduled else to_request(obj)
    return render(request, "dispatch/session_form.html", {"obj": obj, "form": form})


@login_required
def session_detail(request, pk):
    user = request.user
    session = selectors.session_get_for(user, pk)
    obj = session.request
    reports = list(session.reports.all())
    for report in reports:
        report.files = list(attachments_of(report))
        report.can_confirm = permissions.can_confirm_report(user, report)
        report.can_correct = permissions.can_correct_report(user, report)
    return render(
        request,
        "dispatch/session_detail.html",
        {
            "session": session,
            "obj": obj,
            "people": list(session.people.all()),
            "reports": reports,
            "can_report": permissions.can_report_on_session(user, session)
            and not any(
                r.person_id == getattr(permissions.person_of(user), "pk", None) for r in reports
            ),
            "can_cancel": permissions.can_cancel_session(user, session) and not reports,
            "report_workflow": REPORT_WORKFLOW,
            "show_online": session.online_details
            and (
                permissions.is_bureau_staff_for(user, obj)
                or permissions.is_requester_staff(user, obj)
                or permissions.is_assigned(user, obj)
            ),
        },
    )


@login_required
def session_cancel(request, pk):
    session = selectors.session_get_for(request.user, pk)
    if not permissions.can_cancel_session(request.user, session):
        return refuse(request, session.request)
    form = CancelSessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        cancel = partial(
            services.session_cancel,
            session=session,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        done = _("The session has been cancelled and everyone told.")
        if run_action(request, cancel, form=form, refused=REFUSED, done=done):
            return _to_session(session)
    return render(
        request,
        "dispatch/session_cancel.html",
        {"session": session, "obj": session.request, "form": form},
    )


@login_required
def report_create(request, pk):
    """The person who attended files the activity report of the session."""
    session = selectors.session_get_for(request.user, pk)
    if not permissions.can_report_on_session(request.user, session):
        messages.error(request, _("You cannot file a report for this session."))
        return _to_session(session)
    form = keep_uploads(ReportForm(posted(request), files(request)), request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submit = partial(
            report_services.activity_report_submit,
            session=session,
            actor=request.user,
            summary=data["summary"],
            hours=data["hours"],
            next_steps=data["next_steps"],
            uploads=data["attachments"],
        )
        done = _("Your report has been filed. The municipality will confirm it.")
        if run_action(request, submit, form=form, refused=REFUSED, done=done):
            return _to_session(session)
    return render(
        request,
        "dispatch/report_form.html",
        {"session": session, "obj": session.request, "form": form, "report": None},
    )


@login_required
def report_correct(request, pk):
    report = selectors.report_get_for(request.user, pk)
    session = report.session
    if not permissions.can_correct_report(request.user, report):
        messages.error(request, _("You cannot change this report."))
        return _to_session(session)
    initial = {"summary": report.summary, "hours": report.hours, "next_steps": report.next_steps}
    form = keep_uploads(ReportForm(posted(request), files(request), initial=initial), request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        correct = partial(
            report_services.activity_report_correct,
            report=report,
            actor=request.user,
            summary=data["summary"],
            hours=data["hours"],
            next_steps=data["next_steps"],
            uploads=data["attachments"],
        )
        done = _("Your corrected report has been filed.")
        if run_action(request, correct, form=form, refused=REFUSED, done=done):
            return _to_session(session)
    return render(
        request,
        "dispatch/report_form.html",
        {"session": session, "obj": session.request, "form": form, "report": report},
    )


@login_required
def report_confirm(request, pk):
    """The municipality confirms the report and rates the support, or returns it."""
    report = selectors.report_get_for(request.user, pk)
    session = report.session
    if not permissions.can_confirm_report(request.user, report):
        messages.error(request, _("This report cannot be confirmed now."))
        return _to_session(session)
    returning = request.POST.get("action") == "return" or request.GET.get("action") == "return"
    if returning:
        form = ReasonForm(
            posted(request),
            label=_("What should be corrected"),
            help_text=_("The author reads this."),
        )
    else:
        form = ConfirmReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if returning:
            move = partial(
                report_services.activity_report_return,
                report=report,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            done = _("The report has been returned to its author.")
        else:
            move = partial(
                report_services.activity_report_confirm,
                report=report,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            done = _("Thank you. The report is confirmed and counts in the yearly figures.")
        if run_action(request, move, form=form, refused=REFUSED, done=done):
            return _to_session(session)
    return render(
        request,
        "dispatch/report_confirm.html",
        {
            "session": session,
            "obj": session.request,
            "report": report,
            "files": list(attachments_of(report)),
            "form": form,
            "returning": returning,
        },
    )
