"""The grant's arithmetic, as pure functions: eligible cost, maximum subsidy, fixed amount.

Rules come from the call (rate, limits, unit, ineligible cost categories); nothing here is a
constant of the programme. Every message says exactly what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.japanese import yen


@dataclass(frozen=True)
class Rules:
    rate_numerator: int
    rate_denominator: int
    upper_limit: int | None
    lower_limit: int | None
    rounding_unit: int
    ineligible_categories: frozenset[int] = frozenset()

    @classmethod
    def for_call(cls, call) -> Rules:
        return cls(
            rate_numerator=call.rate_numerator,
            rate_denominator=call.rate_denominator,
            upper_limit=call.upper_limit,
            lower_limit=call.lower_limit,
            rounding_unit=call.rounding_unit,
            ineligible_categories=frozenset(
                call.ineligible_cost_categories.values_list("pk", flat=True)
            ),
        )

    def subsidy_for(self, eligible_cost: int) -> int:
        """Eligible cost × rate, cut to the upper limit, rounded down to the unit."""
        raw = eligible_cost * self.rate_numerator // self.rate_denominator
        if self.upper_limit is not None:
            raw = min(raw, self.upper_limit)
        return raw // self.rounding_unit * self.rounding_unit

    def eligible_cost_needed_for_lower_limit(self) -> int | None:
        if not self.lower_limit:
            return None
        # The smallest eligible cost whose subsidy reaches the lower limit.
        needed = -(-self.lower_limit * self.rate_denominator // self.rate_numerator)
        while self.subsidy_for(needed) < self.lower_limit:
            needed += 1
        return needed


@dataclass(frozen=True)
class Line:
    category_id: int
    amount: int


@dataclass
class BudgetSummary:
    total: int
    eligible: int
    ineligible: int
    maximum: int
    below_lower_limit: bool
    ineligible_lines: list[int] = field(default_factory=list)  # indexes of flagged lines


def summarise(lines: Iterable[Line], rules: Rules) -> BudgetSummary:
    lines = list(lines)
    flagged = [i for i, line in enumerate(lines) if line.category_id in rules.ineligible_categories]
    total = sum(line.amount for line in lines)
    ineligible = sum(lines[i].amount for i in flagged)
    eligible = total - ineligible
    maximum = rules.subsidy_for(eligible)
    below = rules.lower_limit is not None and maximum < rules.lower_limit
    return BudgetSummary(total, eligible, ineligible, maximum, below, flagged)


def check_requested(requested: int | None, summary: BudgetSummary, rules: Rules) -> list[str]:
    """Messages (in the active language) about the requested amount; empty when it is fine."""
    problems: list[str] = []
    if summary.total == 0:
        return [_("Enter at least one budget line.")]
    if summary.below_lower_limit:
        needed = rules.eligible_cost_needed_for_lower_limit()
        problems.append(
            _(
                "The maximum subsidy for this budget is %(max)s, below the call's lower limit "
                "of %(lower)s. The eligible cost must be at least %(needed)s."
            )
            % {"max": yen(summary.maximum), "lower": yen(rules.lower_limit), "needed": yen(needed)}
        )
        return problems
    if requested is None:
        return [_("Enter the amount you request.")]
    if requested > summary.maximum:
        problems.append(
            _(
                "The requested amount %(requested)s is more than the maximum of %(max)s "
                "(eligible cost %(eligible)s × %(rate)s%(limit)s, rounded down to %(unit)s). "
                "Request %(max)s or less."
            )
            % {
                "requested": yen(requested),
                "max": yen(summary.maximum),
                "eligible": yen(summary.eligible),
                "rate": f"{rules.rate_numerator}/{rules.rate_denominator}",
                "limit": (_(", at most %(upper)s") % {"upper": yen(rules.upper_limit)})
                if rules.upper_limit
                else "",
                "unit": yen(rules.rounding_unit),
            }
        )
    if rules.lower_limit and requested < rules.lower_limit:
        problems.append(
            _("The requested amount %(requested)s is below the lower limit of %(lower)s.")
            % {"requested": yen(requested), "lower": yen(rules.lower_limit)}
        )
    if requested % rules.rounding_unit:
        lower = requested // rules.rounding_unit * rules.rounding_unit
        problems.append(
            _("Request the amount in units of %(unit)s, for example %(lower)s.")
            % {"unit": yen(rules.rounding_unit), "lower": yen(lower)}
        )
    return problems


def fixed_amount(*, approved: int, eligible_actual: int, rules: Rules) -> int:
    """額の確定: the lesser of the decided amount and eligible actual cost × rate, rounded down
    to the unit (the upper limit is already within the decided amount)."""
    return min(approved, rules.subsidy_for(eligible_actual))


def settlement(*, fixed: int, advances: int) -> tuple[int, int]:
    """(still to pay, to refund) after advances (概算払) against the fixed amount."""
    if advances >= fixed:
        return 0, advances - fixed
    return fixed - advances, 0
