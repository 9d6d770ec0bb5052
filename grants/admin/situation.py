"""The facts the application page and its step pages show, computed once per request.
(Which buttons there are is the workflow table's: see steps.py.)"""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext_lazy as _

from portal.japanese import yen
from portal.services.attachments import attachments_of

from ..models import (
    Application,
    Payment,
    PerformanceReport,
)
from ..permissions import applications as permissions
from ..selectors import applications as selectors


class Situation:
    """The facts the application page and its step pages show, computed once per request."""

    def __init__(self, user, application: Application):
        self.user = user
        self.application = application

    @cached_property
    def reviewer(self) -> bool:
        return permissions.can_review_application(self.user, self.application)

    @cached_property
    def assignment(self):
        if not self.reviewer:
            return None
        return self.application.reviewer_assignments.filter(reviewer=self.user).first()

    @cached_property
    def budget(self):
        return selectors.budget_summary_for(self.application)

    @property
    def summary(self):
        return self.budget[1]

    @cached_property
    def budget_rows(self) -> list[dict]:
        rules = self.budget[0]
        return [
            {"line": line, "eligible": line.cost_category_id not in rules.ineligible_categories}
            for line in self.application.budget_lines.select_related("cost_category")
        ]

    @cached_property
    def rules_text(self) -> str:
        call = self.application.call
        parts = [
            str(
                _("rate %(rate)s, rounded down to %(unit)s")
                % {"rate": call.rate_label, "unit": yen(call.rounding_unit)}
            )
        ]
        if call.upper_limit:
            parts.append(str(_("at most %(upper)s") % {"upper": yen(call.upper_limit)}))
        if call.lower_limit:
            parts.append(str(_("at least %(lower)s") % {"lower": yen(call.lower_limit)}))
        return "; ".join(parts)

    @cached_property
    def has_actuals(self) -> bool:
        return any(row["line"].actual_amount is not None for row in self.budget_rows)

    @cached_property
    def initial_amount(self) -> int:
        requested = self.application.requested_amount
        maximum = self.summary.maximum
        return maximum if requested is None else min(requested, maximum)

    @cached_property
    def usage(self) -> dict:
        return selectors.allocation_usage(self.application.bureau_id, self.application.fiscal_year)

    @cached_property
    def figures(self) -> dict:
        return selectors.amounts_for_fixing(self.application)

    @cached_property
    def payments(self) -> list[Payment]:
        return list(self.application.payments.select_related("recorded_by"))

    @cached_property
    def report(self) -> PerformanceReport | None:
        return PerformanceReport.objects.filter(application=self.application).first()

    @cached_property
    def report_attachments(self):
        return list(attachments_of(self.report)) if self.report else []
