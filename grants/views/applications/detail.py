"""One application: the task list while the user may edit it, its status page otherwise; the
confirmation after submitting; and the official notices as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from portal.services.attachments import attachments_of
from portal.tasklist import STATUS_LABELS
from portal.views.files import document_response

from ...forms.applications import PartnerConfirmForm
from ...permissions import applications as permissions
from ...selectors.applicant_pages import (
    application_events_for_applicant,
    notice_get_for,
    performance_report_of,
)
from ...selectors.applications import application_readiness
from ...workflows.applications import APPLICATION_WORKFLOW
from .common import content_of, get_application, is_possible, partner_rows, to_detail

# Audit events that are not moves of the workflow, in the applicant's words.
EVENT_LABELS = {
    "create": gettext_lazy("Application started"),
    "partner_confirm": gettext_lazy("Partner municipality confirmed its part"),
    "advance_payment": gettext_lazy("Advance payment made (概算払)"),
    "refund": gettext_lazy("Refund recorded (返還)"),
}


@login_required
def application_detail(request, pk):
    """The task list while the user may edit; otherwise the application's status page."""
    application = get_application(request, pk)
    if permissions.can_edit_application(request.user, application):
        return _task_list(request, application)
    return _status_page(request, application)


def _task_list(request, application):
    readiness = application_readiness(application)
    done = sum(1 for s in readiness["sections"] if s["status"] == "completed")
    return render(
        request,
        "grants/application_task_list.html",
        {
            "application": application,
            "readiness": readiness,
            "sections": [
                {**item, "label": STATUS_LABELS[item["status"]]} for item in readiness["sections"]
            ],
            "done": done,
            "total": len(readiness["sections"]),
            "partners": partner_rows(application),
            "can_withdraw": permissions.can_withdraw_application(request.user, application)
            and is_possible(application, "withdraw"),
        },
    )


def _status_actions(user, application, partners) -> dict:
    own_confirmed = any(
        row["confirmation"] is not None and row["municipality"].pk == user.municipality_id
        for row in partners
    )
    after_decision = permissions.can_act_after_decision(user, application)
    return {
        "withdraw": permissions.can_withdraw_application(user, application)
        and is_possible(application, "withdraw"),
        "forward": permissions.can_forward_application(user, application),
        "change": after_decision and is_possible(application, "request_change"),
        "report": after_decision and is_possible(application, "submit_report"),
        "claim": after_decision and is_possible(application, "claim"),
        "confirm": permissions.can_confirm_as_partner(user, application) and not own_confirmed,
    }


def _timeline(application) -> list[dict]:
    """The application's history as the applicant sees it (portal's timeline rows)."""
    return [
        {
            "event": event,
            "label": EVENT_LABELS.get(event.action)
            or APPLICATION_WORKFLOW.label_for(event.action, applicant=True),
        }
        for event in application_events_for_applicant(application)
    ]


def _status_page(request, application):
    content = content_of(application)
    report = performance_report_of(application)
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            **content,
            "notices": list(application.notices.all()),
            "change_requests": list(application.change_requests.all()),
            "report": report,
            "report_files": list(attachments_of(report)) if report else [],
            "payments": list(application.payments.all()),
            "timeline": _timeline(application),
            "actions": _status_actions(request.user, application, content["partners"]),
            "confirm_form": PartnerConfirmForm(),
        },
    )


@login_required
def application_confirmation(request, pk):
    application = get_application(request, pk)
    if not application.reference:
        return to_detail(application)
    return render(request, "grants/application_confirmation.html", {"application": application})


# --- Notices --------------------------------------------------------------------------------


@login_required
def notice_pdf(request, pk):
    """An official notice as PDF, for whoever may view its application."""
    notice = notice_get_for(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return document_response(
        request,
        notice.document,
        back_url=reverse("grants:application_detail", args=[notice.application_id]),
    )
