"""Reads behind the applicant's pages: what to do, deadlines, history, notices."""

from __future__ import annotations

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404

from portal.kessai import MUNICIPALITY, others_stamps_q
from portal.models import AuditEvent, Role

from ..models import Application, Call, Notice, PerformanceReport
from ..models.applications import Status
from ..permissions.applications import can_view_application
from .applications import applications_visible_to

# Statuses in which the applicant side may have something to do (the view says what).
ACTION_STATUSES = (
    Status.DRAFT,
    Status.RETURNED,
    Status.MUNICIPAL_REVIEW,
    Status.APPROVED,
    Status.AMOUNT_FIXED,
)
# The bureau's internal review (who reviews, conflict declarations, scores) is not shown to
# applicants.
INTERNAL_EVENTS = frozenset(
    {"assign", "declare_no_conflict", "score", "remove_reviewer", "recommend"}
)


def application_years_visible_to(user) -> list[int]:
    """The 年度 of the applications the user sees, latest first."""
    years = applications_visible_to(user).order_by().values_list("fiscal_year", flat=True)
    return sorted(set(years.distinct()), reverse=True)


def applications_to_act_on_for(user, *, limit: int) -> QuerySet[Application]:
    """The user's applications in a status where the applicant side may have to act, oldest
    first; whether this user must act is the permission predicates' business."""
    return (
        applications_visible_to(user)
        .filter(status__in=ACTION_STATUSES)
        .order_by("fiscal_year", "created_at", "id")[:limit]
    )


def applications_to_confirm_for(user, *, limit: int) -> QuerySet[Application]:
    """Joint applications naming the user's municipality as a partner, not yet confirmed."""
    if not user.is_authenticated or user.role != Role.MUNICIPAL:
        return Application.objects.none()
    return (
        applications_visible_to(user)
        .filter(partners=user.municipality_id)
        .exclude(partner_confirmations__municipality_id=user.municipality_id)
        .exclude(status__in=[Status.WITHDRAWN, Status.REJECTED])
        .order_by("created_at", "id")[:limit]
    )


def calls_closing_for(user, *, limit: int) -> QuerySet[Call]:
    """Open calls of the bureau of the user's municipality, closing soonest first."""
    if not user.is_authenticated or not user.municipality_id:
        return Call.objects.none()
    return (
        Call.objects.open_now()
        .filter(bureau__municipalities=user.municipality_id)
        .order_by("closes_at")[:limit]
    )


def reports_due_for(user, *, limit: int) -> QuerySet[Application]:
    """The municipality's decided applications with a performance report due, soonest first."""
    if not user.is_authenticated or user.role != Role.MUNICIPAL or not user.municipality_id:
        return Application.objects.none()
    return (
        applications_visible_to(user)
        .filter(
            municipality_id=user.municipality_id,
            status__in=[Status.APPROVED, Status.CHANGE_REQUESTED],
            report_due__isnull=False,
        )
        .order_by("report_due")[:limit]
    )


def application_events_for_applicant(application) -> QuerySet[AuditEvent]:
    """The application's history as the applicant side sees it: without the internal review,
    nor the stamps of the bureau's 決裁 on its decisions."""
    return (
        AuditEvent.objects.for_object(application)
        .exclude(action__in=INTERNAL_EVENTS)
        .exclude(others_stamps_q(MUNICIPALITY))
        .select_related("actor")
    )


def performance_report_of(application) -> PerformanceReport | None:
    return PerformanceReport.objects.filter(application=application).first()


def notice_get_for(user, pk) -> Notice:
    """A notice that has its document, for whoever may view its application; else 404."""
    notice = Notice.objects.select_related("application", "document").filter(pk=pk).first()
    if notice is None or notice.document is None:
        raise Http404
    prefetch_related_objects([notice.application], "partners")
    if not can_view_application(user, notice.application):
        raise Http404
    return notice
