"""The grant's arithmetic, table-driven."""

import pytest

from grants.rules.applications import (
    Line,
    Rules,
    check_requested,
    fixed_amount,
    settlement,
    summarise,
)

SOFT = Rules(
    rate_numerator=1,
    rate_denominator=2,
    upper_limit=3_000_000,
    lower_limit=100_000,
    rounding_unit=100_000,
    ineligible_categories=frozenset({7, 8}),
)


@pytest.mark.parametrize(
    ("eligible", "expected"),
    [
        (0, 0),
        (199_999, 0),  # 99,999 rounds down to 0
        (200_000, 100_000),
        (1_299_999, 600_000),  # 649,999 → 600,000
        (1_300_000, 600_000),
        (1_400_000, 700_000),
        (6_000_000, 3_000_000),
        (9_999_999, 3_000_000),  # capped at the upper limit
    ],
)
def test_subsidy_is_rate_times_eligible_capped_and_rounded_down(eligible, expected):
    assert SOFT.subsidy_for(eligible) == expected


@pytest.mark.parametrize(
    ("rules", "eligible", "expected"),
    [
        (Rules(2, 3, None, None, 1000), 1_000_000, 666_000),
        (Rules(1, 1, None, None, 1), 123_456, 123_456),
        (Rules(1, 2, 10_000_000, None, 1000), 30_000_000, 10_000_000),
    ],
)
def test_other_rates_and_units(rules, eligible, expected):
    assert rules.subsidy_for(eligible) == expected


def test_ineligible_lines_are_flagged_and_excluded():
    summary = summarise([Line(1, 300_000), Line(7, 100_000), Line(2, 900_000)], SOFT)
    assert summary.total == 1_300_000
    assert summary.ineligible == 100_000
    assert summary.eligible == 1_200_000
    assert summary.maximum == 600_000
    assert summary.ineligible_lines == [1]


def test_requested_within_maximum_passes():
    summary = summarise([Line(1, 1_200_000)], SOFT)
    assert check_requested(600_000, summary, SOFT) == []


def test_requested_above_maximum_says_the_maximum():
    summary = summarise([Line(1, 1_200_000)], SOFT)
    [message] = check_requested(700_000, summary, SOFT)
    assert "600,000円" in message and "700,000円" in message


def test_requested_not_in_units_suggests_a_value():
    summary = summarise([Line(1, 1_200_000)], SOFT)
    [message] = check_requested(550_000, summary, SOFT)
    assert "500,000円" in message


def test_budget_below_lower_limit_says_the_eligible_cost_needed():
    summary = summarise([Line(1, 150_000)], SOFT)
    assert summary.below_lower_limit
    [message] = check_requested(100_000, summary, SOFT)
    assert "200,000円" in message  # eligible cost needed for a 100,000 subsidy


def test_no_budget_lines():
    assert check_requested(None, summarise([], SOFT), SOFT)


@pytest.mark.parametrize(
    ("approved", "eligible_actual", "expected"),
    [
        (600_000, 1_300_000, 600_000),  # actual above plan: the decided amount
        (600_000, 1_100_000, 500_000),  # actual below plan: 550,000 rounded down
        (600_000, 0, 0),
        (3_000_000, 8_000_000, 3_000_000),
    ],
)
def test_fixed_amount(approved, eligible_actual, expected):
    assert fixed_amount(approved=approved, eligible_actual=eligible_actual, rules=SOFT) == expected


@pytest.mark.parametrize(
    ("fixed", "advances", "expected"),
    [
        (500_000, 0, (500_000, 0)),
        (500_000, 300_000, (200_000, 0)),
        (500_000, 600_000, (0, 100_000)),
        (500_000, 500_000, (0, 0)),
    ],
)
def test_settlement_after_advances(fixed, advances, expected):
    assert settlement(fixed=fixed, advances=advances) == expected
