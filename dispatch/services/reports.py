"""Activity reports after each session (confirmed and rated by the municipality), the
completion report that closes the request, and the activity summary as PDF."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import wareki_date
from portal.services.attachments import attachments_store
from portal.services.documents import document_request
from portal.workflow import InvalidTransition, audit, run_transition

from ..figures.requests import figures_for_reports
from ..models import (
    ActivityReport,
    CompletionReport,
    DispatchRequest,
    ReportStatus,
    Session,
    Status,
)
from ..permissions import requests as permissions
from ..rules.completion import completion_blockers
from ..selectors.requests import sessions_of
from ..workflows.requests import REPORT_WORKFLOW, REQUEST_WORKFLOW
from .common import notify_bureau, notify_municipality, notify_people

MAX_HOURS = Decimal(24)


def _check_hours(hours) -> Decimal:
    if hours is None or hours <= 0 or hours > MAX_HOURS:
        raise ValidationError({"hours": _("Enter the hours worked, more than 0 and at most 24.")})
    return Decimal(hours).quantize(Decimal("0.1"))


def activity_report_submit(
    *,
    session: Session,
    actor,
    summary: str,
    hours,
    next_steps: str = "",
    uploads=(),
) -> ActivityReport:
    """The person who attended reports what was done. Side effects: the municipality is
    asked to confirm."""
    hours = _check_hours(hours)
    if not summary.strip():
        raise ValidationError({"summary": _("Describe what was done.")})
    with transaction.atomic():
        locked = (
            Session.objects.select_for_update()
            .select_related("request__municipality")
            .get(pk=session.pk)
        )
        if not permissions.can_report_on_session(actor, locked):
            raise PermissionDenied
        person = permissions.person_of(actor)
        if locked.reports.filter(person=person).exists():
            raise ValidationError(
                _("You have already filed the report for this session."), code="duplicate"
            )
        report = ActivityReport.objects.create(
            session=locked,
            person=person,
            author=actor,
            summary=summary,
            hours=hours,
            next_steps=next_steps,
            submitted_at=timezone.now(),
        )
        attachments_store(uploads=uploads, owner=report, uploaded_by=actor)
        audit(report, actor=actor, action="report", to_status=report.status)
        audit(
            locked.request,
            actor=actor,
            action="report",
            comment=f"{wareki_date(locked.date, language=settings.LANGUAGE_CODE)} "
            f"{person.name} {hours}h",
            extra={"report": report.pk},
        )
        notify_municipality(
            locked.request,
            kind="report",
            subject=gettext_lazy("Please confirm the activity report: %(ref)s %(title)s"),
            template="dispatch/email/report_submitted.txt",
            key=f"report:{report.pk}:submitted",
            extra={"report": report, "session": locked},
            url=_report_url(report),
        )
    return report


def _report_url(report: ActivityReport) -> str:
    from django.urls import reverse

    return reverse("dispatch:session_detail", args=[report.session_id]) + f"#report-{report.pk}"


def activity_report_correct(
    *, report: ActivityReport, actor, summary: str, hours, next_steps: str = "", uploads=()
) -> ActivityReport:
    """Correct a returned report and file it again."""
    hours = _check_hours(hours)
    if not summary.strip():
        raise ValidationError({"summary": _("Describe what was done.")})

    def apply(obj):
        obj.summary = summary
        obj.hours = hours
        obj.next_steps = next_steps
        obj.submitted_at = timezone.now()
        return ["summary", "hours", "next_steps", "submitted_at"]

    with transaction.atomic():
        result = run_transition(
            REPORT_WORKFLOW,
            report,
            "resubmit",
            actor=actor,
            allowed=lambda locked: permissions.can_correct_report(actor, locked),
            apply=apply,
        )
        if result.changed:
            attachments_store(uploads=uploads, owner=result.obj, uploaded_by=actor)
            request = result.obj.session.request
            notify_municipality(
                request,
                kind="report",
                subject=gettext_lazy("Please confirm the activity report: %(ref)s %(title)s"),
                template="dispatch/email/report_submitted.txt",
                key=f"report:{report.pk}:resubmitted:{result.event.pk}",
                extra={"report": result.obj, "session": result.obj.session},
                url=_report_url(result.obj),
            )
    return result.obj


def activity_report_confirm(
    *, report: ActivityReport, actor, rating: int, comment: str = ""
) -> ActivityReport:
    """The municipality confirms the report and rates the support (1–5). Only confirmed
    reports count in the yearly figures. Side effects: the author is told."""
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Rate the support from 1 to 5.")})
    now = timezone.now()

    def apply(obj):
        obj.rating = rating
        obj.rating_comment = comment
        obj.confirmed_by = actor
        obj.confirmed_at = now
        return ["rating", "rating_comment", "confirmed_by", "confirmed_at"]

    return _report_move(report, actor, "confirm", apply, comment, "confirm_report", "confirmed")


def activity_report_return(*, report: ActivityReport, actor, reason: str) -> ActivityReport:
    if not reason.strip():
        raise ValidationError({"reason": _("Say what should be corrected.")})

    def apply(obj):
        obj.return_reason = reason
        return ["return_reason"]

    return _report_move(report, actor, "return", apply, reason, "return_report", "returned")


def _report_move(report, actor, action, apply, comment, request_action, what):
    with transaction.atomic():
        result = run_transition(
            REPORT_WORKFLOW,
            report,
            action,
            actor=actor,
            comment=comment,
            allowed=lambda locked: permissions.is_requester_staff(actor, locked.session.request),
            apply=apply,
        )
        if result.changed:
            locked = result.obj
            request = locked.session.request
            audit(
                request,
                actor=actor,
                action=request_action,
                comment=comment,
                extra={"report": locked.pk, "rating": locked.rating},
            )
            notify_people(
                request,
                [locked.person],
                kind=f"report_{what}",
                subject=_REPORT_SUBJECTS[what],
                template=f"dispatch/email/report_{what}.txt",
                key=f"report:{locked.pk}:{what}:{result.event.pk}",
                extra={"report": locked, "session": locked.session},
                url=_report_url(locked),
            )
    return result.obj


_REPORT_SUBJECTS = {
    "confirmed": gettext_lazy("Activity report confirmed: %(ref)s %(title)s"),
    "returned": gettext_lazy("Activity report returned for correction: %(ref)s %(title)s"),
}


def completion_report_submit(
    *,
    request: DispatchRequest,
    actor,
    outcomes: str,
    next_steps: str,
    rating: int,
    comment: str = "",
    uploads=(),
) -> CompletionReport:
    """The municipality reports at the end; the request closes. Refused, with every
    blocker at once, while ``rules.completion.completion_blockers`` lists any (activity
    reports awaiting confirmation or correction, sessions still to come)."""
    errors = {}
    if not outcomes.strip():
        errors["outcomes"] = _("Describe what the support achieved.")
    if not next_steps.strip():
        errors["next_steps"] = _("Say what the municipality will do next.")
    if rating not in range(1, 6):
        errors["rating"] = _("Rate the support from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        locked = DispatchRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.ASSIGNED:
            raise InvalidTransition
        if not permissions.can_complete_request(actor, locked):
            raise PermissionDenied
        # The same list the request's page shows as its checklist, all of it at once.
        blockers = completion_blockers(sessions_of(locked), now=now)
        if blockers:
            raise ValidationError(
                [ValidationError(b.message, code=b.code) for b in blockers],
                code="blocked",
            )

        def apply(obj):
            obj.closed_at = now
            return ["closed_at"]

        result = run_transition(
            REQUEST_WORKFLOW,
            locked,
            "complete",
            actor=actor,
            comment=outcomes[:500],
            allowed=lambda obj: permissions.is_requester_staff(actor, obj),
            apply=apply,
        )
        completion = CompletionReport.objects.create(
            request=result.obj,
            outcomes=outcomes,
            next_steps=next_steps,
            rating=rating,
            comment=comment,
            author=actor,
        )
        attachments_store(uploads=uploads, owner=completion, uploaded_by=actor)
        notify_bureau(
            result.obj,
            kind="completed",
            subject=gettext_lazy("Support request %(ref)s completed (%(municipality)s)"),
            template="dispatch/email/completed.txt",
            key="completed",
            extra={"completion": completion},
        )
        people = [a.person for a in result.obj.assignments.filter(cancelled_at__isnull=True)]
        notify_people(
            result.obj,
            people,
            kind="completed",
            subject=gettext_lazy("Support request %(ref)s completed (%(municipality)s)"),
            template="dispatch/email/completed.txt",
            key="completed",
            extra={"completion": completion},
        )
    return completion


# 活動報告, not 実績報告: that is the grants' performance report (docs/STYLE-ja.md).
SUMMARY_TITLE = "人的支援活動報告書"


def activity_summary_document(*, request: DispatchRequest, actor):
    """The activity summary of a request as PDF: every held session with what was done,
    hours and ratings, and the yearly figures. Same content → the same document."""
    if not permissions.can_view_request(actor, request):
        raise PermissionDenied
    reports = list(
        ActivityReport.objects.filter(session__request=request)
        .select_related("session", "person")
        .order_by("session__starts_at", "person__name", "pk")
    )
    confirmed = [r for r in reports if r.status == ReportStatus.CONFIRMED]
    assignments = list(
        request.assignments.select_related("person").order_by("-is_lead", "starts_on", "pk")
    )
    ratings = [r.rating for r in confirmed if r.rating]
    completion = CompletionReport.objects.filter(request=request).first()
    return document_request(
        owner=request,
        kind="dispatch_activity_summary",
        title=f"{SUMMARY_TITLE}（{request.reference}）",
        template_name="dispatch/pdf/activity_summary.html",
        context={
            "title": SUMMARY_TITLE,
            "request": request,
            "municipality": request.municipality,
            "bureau": request.bureau,
            "assignments": assignments,
            "reports": reports,
            "totals": figures_for_reports(confirmed),
            "rating_average": round(sum(ratings) / len(ratings), 1) if ratings else None,
            "completion": completion,
            "today": timezone.localdate(),
            "is_closed": request.status == Status.CLOSED,
        },
        requested_by=actor,
    )
