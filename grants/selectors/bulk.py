"""What the bulk pages of the admin show about the selected applications."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Application, BudgetLine, Notice
from ..rules.applications import Line, Rules, summarise
from .applications import allocation_usage

LINE_FIELDS = ("application_id", "cost_category_id", "amount")


@dataclass
class DecideRow:
    application: Application
    maximum: int

    @property
    def initial(self) -> int:
        """The amount offered: the review's recommendation, else what the single decision
        offers (the requested amount, within the maximum the budget allows)."""
        application = self.application
        if application.recommended_amount:
            return application.recommended_amount
        if application.requested_amount is None:
            return self.maximum
        return min(application.requested_amount, self.maximum)


def decide_rows(applications) -> list[DecideRow]:
    """The rows of the bulk decision page with each one's maximum from its budget, in three
    queries whatever the number of rows (the rows, their budget lines, the calls' rules)."""
    rows = list(
        applications.select_related("call", "municipality", "bureau")
        .prefetch_related(Prefetch("budget_lines", queryset=BudgetLine.objects.only(*LINE_FIELDS)))
        .order_by("reference", "pk")
    )
    rules: dict[int, Rules] = {}
    result = []
    for application in rows:
        if application.call_id not in rules:
            rules[application.call_id] = Rules.for_call(application.call)
        lines = [Line(b.cost_category_id, b.amount) for b in application.budget_lines.all()]
        result.append(DecideRow(application, summarise(lines, rules[application.call_id]).maximum))
    return result


def with_decision_notice(applications):
    """The selected applications, each annotated ``has_notice`` (its 交付決定通知書 exists)."""
    notices = Notice.objects.filter(kind=Notice.Kind.DECISION)
    return applications.prefetch_related(
        Prefetch("notices", queryset=notices, to_attr="decision_notices")
    )


def remaining_allocation(bureau_id: int, fiscal_year: int) -> dict:
    return allocation_usage(bureau_id, fiscal_year)
