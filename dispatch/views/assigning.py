"""The officer's side after approval: suggested people with their reasons, assigning one
or several, releasing, and the numbered dispatch notice; the activity summary PDF."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.actions import run_action
from portal.kessai import run_or_draft
from portal.previews import draft_response
from portal.services.documents import document_draft_pdf
from portal.views.files import document_response

from .. import matching
from ..forms.requests import AssignForm, NoticeIssueForm, PeriodForm, ReasonForm
from ..kessai import ISSUE_ACTION
from ..models import Assignment
from ..permissions import requests as permissions
from ..selectors import requests as selectors
from ..services import assignments as services
from ..services import notices as notice_services
from ..services import reports as report_services
from .common import REFUSED, posted, refuse, to_request


@login_required
def request_candidates(request, pk):
    """Suggestions ranked by skill match, area and load, each explained; the officer ticks
    one or several and assigns them for a period."""
    user = request.user
    obj = selectors.request_get_for(user, pk)
    if not permissions.is_bureau_staff_for(user, obj):
        raise Http404
    if not permissions.can_assign_people(user, obj):
        return refuse(request, obj)
    default_start, default_end = matching.default_period(obj)
    period = PeriodForm(request.GET or None, initial={"start": default_start, "end": default_end})
    start, end = default_start, default_end
    if period.is_bound and period.is_valid():
        start = period.cleaned_data.get("start") or start
        end = period.cleaned_data.get("end") or end
    if request.method == "POST":
        form_period = PeriodForm(
            {"start": request.POST.get("starts_on"), "end": request.POST.get("ends_on")}
        )
        if form_period.is_valid():
            start = form_period.cleaned_data.get("start") or start
            end = form_period.cleaned_data.get("end") or end
    end = max(start, end)
    suggestions = matching.suggest(obj, start=start, end=end, viewer=user)
    form = AssignForm(
        posted(request),
        candidates=[s.person for s in suggestions],
        initial={"starts_on": start, "ends_on": end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def assign():
            created = services.dispatch_request_assign(
                request=obj,
                actor=user,
                people=list(data["people"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                lead=data["lead"],
                note=data["note"],
            )
            return _("Assigned: %(names)s.") % {"names": "、".join(a.person.name for a in created)}

        if run_action(request, assign, form=form, refused=REFUSED):
            return to_request(obj)
    chosen = {str(value) for value in (form["people"].value() or [])}
    return render(
        request,
        "dispatch/request_candidates.html",
        {
            "obj": obj,
            "suggestions": suggestions,
            "chosen": chosen,
            "form": form,
            "period": period,
            "start": start,
            "end": end,
            "wanted": list(obj.skills.all()),
        },
    )


@login_required
def assignment_release(request, pk):
    assignment = Assignment.objects.filter(pk=pk).select_related("person").first()
    if assignment is None:
        raise Http404
    obj = selectors.request_get_for(request.user, assignment.request_id)
    if not permissions.is_bureau_staff_for(request.user, obj):
        raise Http404
    form = ReasonForm(
        posted(request),
        label=_("Reason for the release"),
        help_text=_("The person and the request's history show it."),
    )
    if request.method == "POST" and form.is_valid():
        release = partial(
            services.assignment_release,
            assignment=assignment,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        done = _("%(name)s has been released.") % {"name": assignment.person.name}
        if run_action(request, release, form=form, refused=REFUSED, done=done):
            return to_request(obj)
    return render(
        request,
        "dispatch/assignment_release.html",
        {"obj": obj, "assignment": assignment, "form": form},
    )


def _notice_request(request, pk):
    """The request (404 outside scope) and whether the user may issue its notice now."""
    obj = selectors.request_get_for(request.user, pk)
    return obj, permissions.can_issue_notice(request.user, obj)


@login_required
def notice_issue(request, pk):
    """Preview → confirm → number: the draft (案) one click away, the box 「内容を確認しました」,
    then the notice is numbered and sent — once. After that, only a re-issue (with a
    reason) when the people or periods it states have changed."""
    obj, may_issue = _notice_request(request, pk)
    if not may_issue:
        return refuse(request, obj)
    issued = list(selectors.notices_of(obj))
    reissue = bool(issued) and notice_services.notice_reissue_offered(obj)
    if issued and not reissue:
        messages.info(
            request,
            _("Notice %(number)s has already been issued and states the people as they are.")
            % {"number": issued[0].document_number},
        )
        return to_request(obj)
    form = NoticeIssueForm(posted(request), reissue=reissue)
    if request.method == "POST" and form.is_valid():
        if reissue:
            call = partial(
                notice_services.dispatch_notice_reissue,
                request=obj,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )

            def issue():
                notice = call()
                return _("Notice %(number)s has been issued and the municipality told.") % {
                    "number": notice.document_number
                }

        else:
            # Drafted (起案) when the bureau's route for 派遣決定 needs approvers; else issued.
            issue = partial(run_or_draft, request, ISSUE_ACTION, obj, form, None)

        if run_action(request, issue, form=form, refused=REFUSED):
            return to_request(obj)
    return render(
        request,
        "dispatch/notice_issue.html",
        {
            "obj": obj,
            "form": form,
            "reissue": reissue,
            "issued": issued,
            "people": obj.assignments.filter(cancelled_at__isnull=True).select_related("person"),
            "preview_url": reverse("dispatch:notice_preview", args=[obj.pk]),
        },
    )


@login_required
@require_GET
def notice_preview(request, pk):
    """The draft (案) of the notice with today's people: no number, nothing stored or sent."""
    obj, may_issue = _notice_request(request, pk)
    if not may_issue:  # the draft is the issuing officers' alone: 404 to anyone else
        raise Http404
    try:
        draft = notice_services.dispatch_notice_draft(request=obj)
    except ValidationError:
        raise Http404 from None
    return draft_response(document_draft_pdf(draft), draft.title)


@login_required
def notice_pdf(request, pk):
    notice = selectors.notice_get_for(request.user, pk)
    return document_response(
        request,
        notice.document,
        back_url=reverse("dispatch:request_detail", args=[notice.request_id]),
    )


@login_required
def summary_pdf(request, pk):
    obj = selectors.request_get_for(request.user, pk)
    if not obj.reference:
        raise Http404
    document = report_services.activity_summary_document(request=obj, actor=request.user)
    return document_response(
        request, document, back_url=reverse("dispatch:request_detail", args=[obj.pk])
    )
