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

    def subsidy_steps(self, eligible_cost: int) -> SubsidySteps:
        """The steps from the eligible cost to the subsidy, for showing the arithmetic."""
        raw = eligible_cost * self.rate_numerator // self.rate_denominator
        capped = min(raw, self.upper_limit) if self.upper_limit is not None else raw
        return SubsidySteps(
            eligible=eligible_cost,
            raw=raw,
            capped=capped,
            result=capped // self.rounding_unit * self.rounding_unit,
        )

    def subsidy_for(self, eligible_cost: int) -> int:
        """Eligible cost × rate, cut to the upper limit, rounded down to the unit."""
        return self.subsidy_steps(eligible_cost).result

    def smallest_useful_subsidy(self) -> int:
        """The smallest subsidy worth requesting: one unit, or the lower limit rounded up to
        the unit (subsidies are multiples of the unit)."""
        if not self.lower_limit:
            return self.rounding_unit
        return -(-self.lower_limit // self.rounding_unit) * self.rounding_unit

    def eligible_cost_needed_for_lower_limit(self) -> int | None:
        """The smallest eligible cost whose subsidy reaches the lower limit; None without a
        lower limit, or when no cost reaches it (the upper limit, rounded down to the unit, is
        below it: e.g. both limits 150,000 in units of 100,000)."""
        if not self.lower_limit:
            return None
        target = self.smallest_useful_subsidy()
        if self.upper_limit is not None and self.upper_limit < target:
            return None
        # ⌈target × denominator / numerator⌉: one yen less gives less than target.
        return -(-target * self.rate_denominator // self.rate_numerator)


@dataclass(frozen=True)
class SubsidySteps:
    """eligible × rate = raw; at most the upper limit: capped; rounded down: result."""

    eligible: int
    raw: int
    capped: int
    result: int


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
    steps: SubsidySteps | None = None  # how the maximum follows from the eligible cost


def summarise(lines: Iterable[Line], rules: Rules) -> BudgetSummary:
    lines = list(lines)
    flagged = [i for i, line in enumerate(lines) if line.category_id in rules.ineligible_categories]
    total = sum(line.amount for line in lines)
    ineligible = sum(lines[i].amount for i in flagged)
    eligible = total - ineligible
    steps = rules.subsidy_steps(eligible)
    maximum = steps.result
    below = rules.lower_limit is not None and maximum < rules.lower_limit
    return BudgetSummary(total, eligible, ineligible, maximum, below, flagged, steps)


def check_requested(requested: int | None, summary: BudgetSummary, rules: Rules) -> list[str]:
    """Messages (in the active language) about the requested amount; empty when it is fine."""
    problems: list[str] = []
    if summary.total == 0:
        return [_("Enter at least one budget line.")]
    if summary.below_lower_limit:
        needed = rules.eligible_cost_needed_for_lower_limit()
        if needed is None:
            # Below a lower limit no cost can reach: the upper limit is set, and too low.
            highest = rules.upper_limit // rules.rounding_unit * rules.rounding_unit
            return [
                _(
                    "The maximum subsidy for this budget is %(max)s, below the call's lower "
                    "limit of %(lower)s, and no budget can reach that limit: with the call's "
                    "upper limit and rounding unit, the subsidy is at most %(highest)s. Ask the "
                    "bureau to correct the call."
                )
                % {
                    "max": yen(summary.maximum),
                    "lower": yen(rules.lower_limit),
                    "highest": yen(highest),
                }
            ]
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
        # The example is an amount that passes: rounded down, but not to 0 or below the lower
        # limit, and not above the maximum.
        rounded = requested // rules.rounding_unit * rules.rounding_unit
        example = min(max(rounded, rules.smallest_useful_subsidy()), summary.maximum)
        problems.append(
            _("Request the amount in units of %(unit)s, for example %(lower)s.")
            % {"unit": yen(rules.rounding_unit), "lower": yen(example)}
        )
    return problems


def fixed_amount(*, approved: int, eligible_actual: int, rules: Rules) -> int:
    """額の確定: the lesser of the decided amount and eligible actual cost × rate, rounded down
    to the unit (the upper limit is already within the decided amount)."""
    return min(approved, rules.subsidy_for(eligible_actual))


def settlement(*, fixed: int, advances: int) -> tuple[int, int]:
    """(still to pay, to refund) after advances (概算払) against the fixed amount."""
    balance = fixed - advances
    return max(balance, 0), max(-balance, 0)
