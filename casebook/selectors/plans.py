"""Reads of the plans registry: scoped lists, a plan's page, and the bureau's and HQ's
matrix of municipalities × plan types (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import AuditEvent, Municipality
from portal.selectors import get_in_scope, municipalities_visible_to, scope_q

from ..models import Plan, PlanComment, PlanStatus, PlanType
from ..models.plans import REVISION_REMINDER_DAYS


def plans_visible_to(user) -> QuerySet[Plan]:
    return Plan.objects.filter(
        scope_q(user, municipality="municipality", bureau="bureau")
    ).select_related("municipality", "bureau", "plan_type", "strategy")


def plan_get_for(user, pk) -> Plan:
    return get_in_scope(plans_visible_to(user), pk=pk)


def plan_types_active() -> QuerySet[PlanType]:
    return PlanType.objects.filter(is_active=True)


def due_for_revision_q(current_year: int | None = None) -> Q:
    """Plans whose period ends within their type's notice (or has ended), not already
    being revised. Expressed in SQL so that lists can filter on it."""
    from django.db.models import F

    year = current_year if current_year is not None else fiscal_year()
    return ~Q(status=PlanStatus.REVISING) & Q(
        end_year__lte=year + F("plan_type__revision_notice_years")
    )


def plan_thread(plan: Plan) -> list[dict]:
    """The comments as a thread: top-level comments in order, each with its replies (any
    depth, flattened under the comment they started from)."""
    comments = list(plan.comments.select_related("author"))
    children: dict[int | None, list[PlanComment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def walk(comment, depth):
        rows = [{"comment": comment, "depth": min(depth, 3)}]
        for reply in children.get(comment.pk, []):
            rows.extend(walk(reply, depth + 1))
        return rows

    thread = []
    for top in children.get(None, []):
        thread.extend(walk(top, 0))
    return thread


def plan_events(plan: Plan) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(plan).select_related("actor")


@dataclass
class MatrixRow:
    municipality: Municipality
    cells: list = field(default_factory=list)  # per plan type: the latest plan or None
    count: int = 0


def plan_matrix(
    user,
    *,
    bureau=None,
    region=None,
    plan_type=None,
    missing_only: bool = False,
    due_only: bool = False,
) -> dict:
    """Which municipality has which plan: one row per municipality in the user's scope,
    one column per active plan type, the latest plan in each cell (flagged when due for
    revision). Three queries, whatever the number of municipalities and plans."""
    year = fiscal_year()
    today = timezone.localdate()
    types = list(plan_types_active())
    if plan_type is not None:
        types = [t for t in types if t.pk == plan_type.pk]
    municipalities = municipalities_visible_to(user).select_related("bureau").order_by("code")
    if bureau is not None:
        municipalities = municipalities.filter(bureau=bureau)
    if region is not None:
        municipalities = municipalities.filter(bureau__region=region)
    municipalities = list(municipalities)
    plans = (
        Plan.objects.filter(
            scope_q(user, municipality="municipality", bureau="bureau"),
            municipality_id__in=[m.pk for m in municipalities],
            plan_type_id__in=[t.pk for t in types],
        )
        .only(
            "pk",
            "title",
            "status",
            "start_year",
            "end_year",
            "next_revision_due",
            "municipality_id",
            "plan_type_id",
        )
        .order_by("municipality_id", "plan_type_id", "-start_year", "-pk")
    )
    # The plan types are already in memory: give each plan its type without a query.
    by_type = {t.pk: t for t in types}
    latest: dict[tuple, Plan] = {}
    for plan in plans:
        plan.plan_type = by_type[plan.plan_type_id]
        latest.setdefault((plan.municipality_id, plan.plan_type_id), plan)
    rows = []
    for municipality in municipalities:
        row = MatrixRow(municipality)
        for plan_type_ in types:
            plan = latest.get((municipality.pk, plan_type_.pk))
            cell = {
                "plan": plan,
                "due": bool(plan and plan.due_for_revision(year)),
                "overdue": bool(plan and plan.revision_overdue(today)),
                "reminded": bool(
                    plan
                    and plan.next_revision_due
                    and not plan.revision_overdue(today)
                    and (plan.next_revision_due - today).days <= REVISION_REMINDER_DAYS[0]
                ),
            }
            row.cells.append(cell)
            row.count += plan is not None
        if missing_only and row.count == len(types):
            continue
        if due_only and not any(c["due"] or c["overdue"] or c["reminded"] for c in row.cells):
            continue
        rows.append(row)
    totals = [sum(1 for m in municipalities if (m.pk, t.pk) in latest) for t in types]
    return {
        "types": types,
        "rows": rows,
        "totals": totals,
        "municipality_count": len(municipalities),
        "year": year,
    }


def plans_with_comments(queryset: QuerySet[Plan]) -> QuerySet[Plan]:
    return queryset.prefetch_related(
        Prefetch("comments", queryset=PlanComment.objects.select_related("author"))
    )
