"""Scoped reads of the grants pillar."""

from __future__ import annotations

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from portal.models import Role
from portal.selectors import NOTHING

from ..models import Allocation, Application, Call, Payment
from ..models.applications import COMMITTED_STATUSES, Status
from ..rules.applications import Rules, fixed_amount, settlement


def application_scope(user) -> Q:
    """The applications ``user`` works on and counts: lists of work, figures, allocation sums,
    exports and to-dos. A joint application counts for its lead bureau only; the bureaus of its
    partner municipalities read it through ``application_read_scope``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    # Drafts (and a group's application still with its municipality) are the applicant's
    # working papers: the bureau and HQ see an application once it has been submitted.
    submitted = Q(submitted_at__isnull=False)
    if user.is_superuser or user.role == Role.HQ:
        return submitted
    if user.role == Role.BUREAU:
        return Q(bureau_id=user.bureau_id) & submitted
    if user.role == Role.MUNICIPAL:
        # A literal list of ids (not a subquery) keeps the OR indexable: the planner can
        # combine the municipality index and the primary key instead of scanning the table.
        return Q(municipality_id=user.municipality_id) | Q(pk__in=_partner_application_ids(user))
    if user.role == Role.GROUP:
        return Q(group_user_id=user.pk)
    return NOTHING


def _partner_application_ids(user) -> list[int]:
    """Joint applications the user's municipality is a partner of (cached on the request's
    user object: partners change only through a service, followed by a redirect)."""
    cached = getattr(user, "_grant_partner_ids", None)
    if cached is None:
        cached = list(
            Application.partners.through.objects.filter(
                municipality_id=user.municipality_id
            ).values_list("application_id", flat=True)
        )
        user._grant_partner_ids = cached
    return cached


class _InSubquery(Expression):
    """``field IN (subquery)``, written for PostgreSQL as ``field = ANY(ARRAY(subquery))``.

    Under an OR, PostgreSQL can only test ``IN (subquery)`` row by row (a hashed SubPlan on a
    scan of the whole table); ``= ANY(ARRAY(...))`` runs the subquery once, first, and its
    result is an index condition, so the OR combines indexes (BitmapOr) as a literal list of
    ids would, without the extra round trip. Other databases get the plain ``IN``.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, queryset):
        super().__init__()
        self.lhs = F(field)
        self.rhs = Subquery(queryset)

    def get_source_expressions(self):
        return [self.lhs, self.rhs]

    def set_source_expressions(self, exprs):
        self.lhs, self.rhs = exprs

    def _compile(self, compiler, template: str):
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return template.format(lhs=lhs, rhs=rhs), (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        return self._compile(compiler, "{lhs} IN {rhs}")

    def as_postgresql(self, compiler, connection):
        return self._compile(compiler, "{lhs} = ANY(ARRAY{rhs})")


def _reads_as_partner(user) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.role == Role.BUREAU
        and user.bureau_id is not None
    )


def application_partner_scope(user) -> Q:
    """Joint applications (広域連携) led by another bureau that name a municipality of the
    officer's bureau as a partner: that bureau reads them once submitted, and does nothing else
    (permissions.is_partner_bureau_officer is the same rule for one application)."""
    if not _reads_as_partner(user):
        return NOTHING
    partnered = Application.partners.through.objects.filter(
        municipality__bureau_id=user.bureau_id
    ).values("application_id")
    return Q(
        Q(submitted_at__isnull=False),
        ~Q(bureau_id=user.bureau_id),
        _InSubquery("pk", partnered),
    )


def application_read_scope(user) -> Q:
    """What ``user`` may open: ``application_scope`` and, for a bureau officer, the joint
    applications the bureau reads as a partner. For reading (the admin's list and page,
    application_get_for), never for figures."""
    if not _reads_as_partner(user):
        return application_scope(user)
    return application_scope(user) | application_partner_scope(user)


def read_as_partner(user):
    """An expression for a list of applications: true on the rows ``user`` only reads as a
    partner bureau (one comparison per row, no query)."""
    if not _reads_as_partner(user):
        return Value(False, output_field=BooleanField())
    return ExpressionWrapper(~Q(bureau_id=user.bureau_id), output_field=BooleanField())


_RELATED = ("call__programme", "call__category", "municipality", "bureau", "applicant_kind")


def applications_visible_to(user) -> QuerySet[Application]:
    """The applications ``user`` works on (``application_scope``): what lists and figures
    count. Joint applications read as a partner are in ``applications_readable_by``."""
    return Application.objects.filter(application_scope(user)).select_related(*_RELATED)


def applications_readable_by(user) -> QuerySet[Application]:
    """Every application ``user`` may open, each with ``read_as_partner``."""
    return (
        Application.objects.filter(application_read_scope(user))
        .annotate(read_as_partner=read_as_partner(user))
        .select_related(*_RELATED)
    )


def application_get_for(user, pk) -> Application:
    try:
        return applications_readable_by(user).get(pk=pk)
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


def allocation_usage_by_bureau(fiscal_year: int, bureau_ids=None) -> dict[int, dict]:
    """allocation_usage for many bureaus in two queries (HQ's overview)."""
    allocations = Allocation.objects.filter(fiscal_year=fiscal_year)
    committed = Application.objects.filter(fiscal_year=fiscal_year, status__in=COMMITTED_STATUSES)
    if bureau_ids is not None:
        allocations = allocations.filter(bureau_id__in=bureau_ids)
        committed = committed.filter(bureau_id__in=bureau_ids)
    sums = dict(
        committed.order_by()
        .values("bureau_id")
        .annotate(total=Sum("approved_amount"))
        .values_list("bureau_id", "total")
    )
    usage = {}
    for allocation in allocations:
        used = sums.get(allocation.bureau_id) or 0
        usage[allocation.bureau_id] = {
            "allocation": allocation,
            "amount": allocation.amount,
            "committed": used,
            "remaining": allocation.amount - used,
            "percent": round(used * 100 / allocation.amount) if allocation.amount else 0,
        }
    for bureau_id, used in sums.items():
        usage.setdefault(
            bureau_id,
            {
                "allocation": None,
                "amount": 0,
                "committed": used or 0,
                "remaining": -(used or 0),
                "percent": 0,
            },
        )
    return usage


def committed_value():
    """What an application holds of its bureau's allocation: the fixed amount once 額の確定
    is done (money not spent goes back), the decided amount before."""
    return Coalesce("fixed_amount", "approved_amount")


def committed_subquery(bureau_ref: str = "bureau_id", year_ref: str = "fiscal_year"):
    """The committed total of each row of a queryset of allocations (one query for a list)."""
    total = (
        Application.objects.filter(
            bureau_id=OuterRef(bureau_ref),
            fiscal_year=OuterRef(year_ref),
            status__in=COMMITTED_STATUSES,
        )
        .order_by()
        .values("bureau_id")
        .annotate(total=Sum(committed_value()))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(0), output_field=BigIntegerField())


def committed_amount(bureau_id: int, fiscal_year: int) -> int:
    return (
        Application.objects.filter(
            bureau_id=bureau_id, fiscal_year=fiscal_year, status__in=COMMITTED_STATUSES
        ).aggregate(total=Sum(committed_value()))["total"]
        or 0
    )


def overdue_reports(user, *, today=None) -> QuerySet[Application]:
    return applications_visible_to(user).filter(
        status__in=[Status.APPROVED, Status.CHANGE_REQUESTED],
        report_due__lt=today or timezone.localdate(),
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
    from ..rules.applications import Line, Rules, summarise

    rules = Rules.for_call(application.call)
    lines = [Line(line.cost_category_id, line.amount) for line in application.budget_lines.all()]
    return rules, summarise(lines, rules)


def amounts_for_fixing(application: Application) -> dict:
    """What 額の確定 would give now: eligible actual cost, fixed amount, settlement."""
    rules = Rules.for_call(application.call)
    eligible_actual = sum(
        line.actual_amount or 0
        for line in application.budget_lines.all()
        if line.cost_category_id not in rules.ineligible_categories
    )
    fixed = fixed_amount(
        approved=application.approved_amount or 0, eligible_actual=eligible_actual, rules=rules
    )
    advances = paid_total(application, Payment.Kind.ADVANCE)
    to_pay, to_refund = settlement(fixed=fixed, advances=advances)
    return {
        "eligible_actual": eligible_actual,
        "fixed": fixed,
        "advances": advances,
        "to_pay": to_pay,
        "to_refund": to_refund,
    }


def paid_total(application: Application, kind: str) -> int:
    return application.payments.filter(kind=kind).aggregate(total=Sum("amount"))["total"] or 0


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
    from portal.tasklist import COMPLETED

    from ..models.applications import SECTIONS, section_status
    from ..rules.applications import check_requested

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


# --- Allocations with what is committed against them ----------------------------------------


def allocations_visible_to(user, fiscal_year: int) -> QuerySet[Allocation]:
    """The 年度's allocations the user may see (HQ: every bureau's; an officer: the bureau's),
    each annotated with ``committed`` by the one rule (committed_subquery): one query."""
    allocations = Allocation.objects.filter(fiscal_year=fiscal_year)
    if user is None or not user.is_authenticated or not user.is_active:
        return allocations.none()
    if not (user.is_superuser or user.role == Role.HQ):
        if user.role != Role.BUREAU or not user.bureau_id:
            return allocations.none()
        allocations = allocations.filter(bureau_id=user.bureau_id)
    return (
        allocations.select_related("bureau")
        .annotate(committed=committed_subquery())
        .order_by("bureau__order")
    )
