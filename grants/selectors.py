"""Scoped reads of the grants pillar."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from portal.models import Role
from portal.selectors import NOTHING

from .models import Allocation, Application, Call
from .models.applications import COMMITTED_STATUSES, Status


def _application_scope(user) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    if user.role == Role.BUREAU:
        return Q(bureau_id=user.bureau_id)
    if user.role == Role.MUNICIPAL:
        partner_of = Application.partners.through.objects.filter(
            municipality_id=user.municipality_id
        ).values("application_id")
        return Q(municipality_id=user.municipality_id) | Q(pk__in=partner_of)
    if user.role == Role.GROUP:
        return Q(group_user_id=user.pk)
    return NOTHING


def applications_visible_to(user) -> QuerySet[Application]:
    return Application.objects.filter(_application_scope(user)).select_related(
        "call__programme", "call__category", "municipality", "bureau", "applicant_kind"
    )


def application_get_for(user, pk) -> Application:
    try:
        return applications_visible_to(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def calls_public() -> QuerySet[Call]:
    return (
        Call.objects.filter(is_published=True)
        .select_related("programme__parent", "category", "bureau")
        .prefetch_related("eligible_applicant_kinds", "ineligible_cost_categories")
    )


def call_get_public(pk) -> Call:
    try:
        return calls_public().prefetch_related("required_attachments").get(pk=pk)
    except (Call.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def allocation_usage(bureau_id: int, fiscal_year: int) -> dict:
    """Allocated, committed (approved amounts) and remaining money of a bureau's 年度."""
    allocation = Allocation.objects.filter(bureau_id=bureau_id, fiscal_year=fiscal_year).first()
    committed = committed_amount(bureau_id, fiscal_year)
    amount = allocation.amount if allocation else 0
    return {
        "allocation": allocation,
        "amount": amount,
        "committed": committed,
        "remaining": amount - committed,
        "percent": round(committed * 100 / amount) if amount else 0,
    }


def committed_amount(bureau_id: int, fiscal_year: int) -> int:
    return (
        Application.objects.filter(
            bureau_id=bureau_id, fiscal_year=fiscal_year, status__in=COMMITTED_STATUSES
        ).aggregate(total=Sum("approved_amount"))["total"]
        or 0
    )


def overdue_reports(user) -> QuerySet[Application]:
    return applications_visible_to(user).filter(
        status__in=[Status.APPROVED, Status.CHANGE_REQUESTED],
        report_due__lt=timezone.localdate(),
    )


def status_counts(queryset: QuerySet[Application]) -> list[dict]:
    return list(
        queryset.order_by()
        .values("status")
        .annotate(
            count=Count("pk"), requested=Sum("requested_amount"), approved=Sum("approved_amount")
        )
        .order_by("status")
    )


# --- Readiness of an application (task list, check-your-answers) ---------------------------


def budget_summary_for(application):
    from .rules import Line, Rules, summarise

    rules = Rules.for_call(application.call)
    lines = [Line(line.cost_category_id, line.amount) for line in application.budget_lines.all()]
    return rules, summarise(lines, rules)


def missing_attachments(application) -> list:
    from portal.services.attachments import attachments_of

    labels = set(attachments_of(application).values_list("label", flat=True))
    return [
        required
        for required in application.call.required_attachments.all()
        if required.is_required and required.name not in labels
    ]


def application_readiness(application) -> dict:
    """Each section's status, the budget summary, and what still stops submission."""
    from .rules import check_requested
    from .sections import COMPLETED, SECTIONS, section_status

    rules, summary = budget_summary_for(application)
    has_lines = summary.total > 0
    budget_problems = (
        check_requested(application.requested_amount, summary, rules) if has_lines else []
    )
    budget_ok = None if not has_lines else not budget_problems
    missing = missing_attachments(application)
    sections = [
        {
            "section": section,
            "status": section_status(
                application, section, budget_ok=budget_ok, attachments_ok=not missing
            ),
        }
        for section in SECTIONS
    ]
    return {
        "sections": sections,
        "rules": rules,
        "summary": summary,
        "budget_problems": budget_problems,
        "missing_attachments": missing,
        "complete": all(s["status"] == COMPLETED for s in sections),
    }
