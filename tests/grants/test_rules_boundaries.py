"""Every limit of the grant's arithmetic, exactly at the limit, one unit below and one above.

The messages are the ones applicants read in the Japanese UI (the test suite runs in ja).
"""

from types import SimpleNamespace

import pytest
from django.utils import translation

from grants.rules.applications import (
    Line,
    Rules,
    check_requested,
    fixed_amount,
    settlement,
    summarise,
)

# 地域づくり総合交付金, groups' soft projects: 1/2, at most 300万円, at least 10万円, 10万円 units.
SOFT = Rules(
    rate_numerator=1,
    rate_denominator=2,
    upper_limit=3_000_000,
    lower_limit=100_000,
    rounding_unit=100_000,
)
# The same limits in 1,000 yen units, so that each limit can be met exactly.
FINE = Rules(
    rate_numerator=1,
    rate_denominator=2,
    upper_limit=3_000_000,
    lower_limit=100_000,
    rounding_unit=1000,
)


def budget(eligible: int, ineligible: int = 0):
    lines = [Line(1, eligible)]
    if ineligible:
        lines.append(Line(7, ineligible))
    return lines


# --- Maximum subsidy: rate, upper limit, rounding unit -------------------------------------


@pytest.mark.parametrize(
    ("rules", "eligible", "expected"),
    [
        # The rate: 1/2 of the eligible cost, rounded down to the unit.
        pytest.param(SOFT, 199_999, 0, id="rate: one yen below the first unit"),
        pytest.param(SOFT, 200_000, 100_000, id="rate: exactly the first unit"),
        pytest.param(SOFT, 200_001, 100_000, id="rate: one yen above the first unit"),
        pytest.param(SOFT, 399_999, 100_000, id="rate: one yen below the second unit"),
        pytest.param(SOFT, 400_000, 200_000, id="rate: exactly the second unit"),
        # The upper limit: 3,000,000 is reached at an eligible cost of 6,000,000.
        pytest.param(SOFT, 5_999_998, 2_900_000, id="upper: one yen of subsidy below"),
        pytest.param(SOFT, 6_000_000, 3_000_000, id="upper: exactly at the limit"),
        pytest.param(SOFT, 6_000_002, 3_000_000, id="upper: one yen of subsidy above"),
        pytest.param(SOFT, 0, 0, id="no eligible cost"),
        # The rounding unit of 1,000 yen.
        pytest.param(FINE, 1998, 0, id="unit: 999 rounds down to 0"),
        pytest.param(FINE, 2000, 1000, id="unit: exactly 1,000"),
        pytest.param(FINE, 2002, 1000, id="unit: 1,001 rounds down to 1,000"),
        # The rate itself is rounded down, to the yen, before the unit.
        pytest.param(Rules(1, 3, None, None, 1), 2, 0, id="1/3 of 2 yen is 0"),
        pytest.param(Rules(1, 3, None, None, 1), 3, 1, id="1/3 of 3 yen is 1"),
        pytest.param(Rules(1, 3, None, None, 1), 5, 1, id="1/3 of 5 yen is 1, never 2"),
        pytest.param(Rules(2, 3, None, None, 1), 5, 3, id="2/3 of 5 yen is 3"),
        pytest.param(Rules(1, 1, None, None, 1), 123_457, 123_457, id="rate 1/1"),
        # No upper limit, or one of 0.
        pytest.param(Rules(1, 2, None, None, 1), 10**12, 5 * 10**11, id="no upper limit"),
        pytest.param(Rules(1, 2, 0, None, 1), 1_000_000, 0, id="upper limit of 0"),
        # An upper limit that is not a multiple of the unit: cut first, then rounded down.
        pytest.param(Rules(1, 2, 250_000, None, 100_000), 1_000_000, 200_000, id="cut then round"),
    ],
)
def test_maximum_subsidy(rules, eligible, expected):
    subsidy = rules.subsidy_for(eligible)
    assert subsidy == expected
    assert type(subsidy) is int  # whole yen: never 100000.0 in a notice or an export


# --- The lower limit (下限額) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "eligible", "below"),
    [
        pytest.param(FINE, 198_000, True, id="maximum one unit below the lower limit"),
        pytest.param(FINE, 199_999, True, id="maximum one yen below the lower limit"),
        pytest.param(FINE, 200_000, False, id="maximum exactly the lower limit"),
        pytest.param(FINE, 202_000, False, id="maximum one unit above the lower limit"),
        pytest.param(SOFT, 199_999, True, id="10万円 units: one yen short"),
        pytest.param(SOFT, 200_000, False, id="10万円 units: exactly"),
        pytest.param(Rules(1, 2, None, None, 1000), 0, False, id="no lower limit"),
        pytest.param(Rules(1, 2, None, 0, 1000), 0, False, id="lower limit of 0"),
        pytest.param(Rules(1, 1, None, 1, 1), 0, True, id="lower limit of 1 yen, nothing"),
        pytest.param(Rules(1, 1, None, 1, 1), 1, False, id="lower limit of 1 yen, 1 yen"),
    ],
)
def test_budget_below_the_lower_limit(rules, eligible, below):
    summary = summarise(budget(eligible), rules)
    assert summary.below_lower_limit is below


@pytest.mark.parametrize(
    ("rules", "needed"),
    [
        pytest.param(SOFT, 200_000, id="1/2, 10万円 in 10万円 units"),
        pytest.param(FINE, 200_000, id="1/2, 10万円 in 1,000 yen units"),
        pytest.param(Rules(2, 3, None, 100_000, 1000), 150_000, id="2/3 exactly"),
        pytest.param(Rules(1, 3, None, 100, 1), 300, id="1/3 exactly"),
        pytest.param(Rules(2, 3, None, 101, 1), 152, id="2/3 rounded up to the yen"),
        pytest.param(Rules(1, 1, None, 1, 1), 1, id="one yen"),
        pytest.param(
            Rules(1, 2, 3_000_000, 150_000, 100_000), 400_000, id="limit between two units"
        ),
        pytest.param(Rules(1, 2, 3_000_000, 3_000_000, 100_000), 6_000_000, id="at the upper"),
        pytest.param(Rules(1, 2, None, None, 1000), None, id="no lower limit"),
        pytest.param(Rules(1, 2, None, 0, 1000), None, id="lower limit of 0"),
        # The upper limit, rounded down to the unit, is below the lower limit: unreachable.
        pytest.param(Rules(1, 2, 150_000, 150_000, 100_000), None, id="unreachable"),
    ],
)
def test_eligible_cost_needed_for_the_lower_limit(rules, needed):
    assert rules.eligible_cost_needed_for_lower_limit() == needed
    if needed is not None:
        # The smallest eligible cost: one yen less is not enough.
        assert rules.subsidy_for(needed) >= rules.lower_limit
        assert rules.subsidy_for(needed - 1) < rules.lower_limit


def test_below_the_lower_limit_says_the_eligible_cost_needed():
    summary = summarise(budget(199_998), FINE)
    assert check_requested(99_000, summary, FINE) == [
        "この経費明細による交付可能額は99,000円で、募集の下限額100,000円を下回っています。"
        "補助対象経費を200,000円以上にしてください。"
    ]


def test_a_lower_limit_no_budget_can_reach_says_so():
    # Both limits 250,000円 in 10万円 units: the subsidy is at most 200,000円 < 下限額.
    rules = Rules(1, 2, 250_000, 250_000, 100_000)
    summary = summarise(budget(300_000), rules)
    assert summary.below_lower_limit
    with translation.override("en"):
        assert check_requested(100_000, summary, rules) == [
            "The maximum subsidy for this budget is 100,000円, below the call's lower limit of "
            "250,000円, and no budget can reach that limit: with the call's upper limit and "
            "rounding unit, the subsidy is at most 200,000円. Ask the bureau to correct the call."
        ]
    [message] = check_requested(100_000, summary, rules)  # in Japanese once translated
    assert "補助対象経費を" not in message  # no eligible cost is enough: none is suggested


# --- The requested amount -------------------------------------------------------------------

OVER = (
    "申請額{}が交付可能額{}（補助対象経費{} × 補助率1/2、上限3,000,000円、1,000円未満切り捨て）"
    "を超えています。{}以下で申請してください。"
)


def over(requested: str, maximum: str, eligible: str) -> str:
    return OVER.format(requested, maximum, eligible, maximum)


@pytest.mark.parametrize(
    ("eligible", "requested", "expected"),
    [
        # The lower limit, 100,000 (the budget allows up to 600,000).
        pytest.param(
            1_200_000,
            99_000,
            ["申請額99,000円が下限額100,000円を下回っています。"],
            id="one unit below the lower limit",
        ),
        pytest.param(1_200_000, 100_000, [], id="exactly the lower limit"),
        pytest.param(1_200_000, 101_000, [], id="one unit above the lower limit"),
        # The maximum for this budget, 600,000.
        pytest.param(1_200_000, 599_000, [], id="one unit below the maximum"),
        pytest.param(1_200_000, 600_000, [], id="exactly the maximum"),
        pytest.param(
            1_200_000,
            601_000,
            [over("601,000円", "600,000円", "1,200,000円")],
            id="one unit above the maximum",
        ),
        # The upper limit, 3,000,000.
        pytest.param(6_000_000, 3_000_000, [], id="exactly the upper limit"),
        pytest.param(
            6_000_000,
            3_001_000,
            [over("3,001,000円", "3,000,000円", "6,000,000円")],
            id="one unit above the upper limit",
        ),
        # A budget whose maximum is exactly the lower limit.
        pytest.param(200_000, 100_000, [], id="maximum = lower limit = request"),
        # The rounding unit, 1,000.
        pytest.param(
            1_200_000,
            100_999,
            ["申請額は1,000円単位で入力してください（例：100,000円）。"],
            id="one yen below a unit",
        ),
        pytest.param(
            1_200_000,
            101_001,
            ["申請額は1,000円単位で入力してください（例：101,000円）。"],
            id="one yen above a unit",
        ),
    ],
)
def test_requested_amount(eligible, requested, expected):
    summary = summarise(budget(eligible), FINE)
    assert check_requested(requested, summary, FINE) == expected


@pytest.mark.parametrize(
    ("rules", "eligible", "requested", "example"),
    [
        pytest.param(SOFT, 1_200_000, 550_000, "500,000円", id="rounded down"),
        pytest.param(SOFT, 1_200_000, 599_999, "500,000円", id="one yen below the maximum"),
        # Rounding down would give an amount that is itself refused: the nearest that is not.
        pytest.param(SOFT, 1_200_000, 50_000, "100,000円", id="below one unit: not 0円"),
        pytest.param(SOFT, 1_200_000, 750_000, "600,000円", id="above the maximum: the maximum"),
        pytest.param(
            Rules(1, 2, None, None, 100_000), 1_200_000, 50_000, "100,000円", id="no lower: not 0円"
        ),
        pytest.param(
            Rules(1, 2, None, 150_000, 100_000),
            1_200_000,
            150_000,
            "200,000円",
            id="lower limit between two units",
        ),
    ],
)
def test_the_unit_example_is_an_amount_that_would_pass(rules, eligible, requested, example):
    summary = summarise(budget(eligible), rules)
    unit_message = check_requested(requested, summary, rules)[-1]
    assert unit_message.startswith("申請額は")
    assert f"（例：{example}）" in unit_message
    amount = int(example.removesuffix("円").replace(",", ""))
    assert check_requested(amount, summary, rules) == []


def test_over_the_maximum_without_an_upper_limit_does_not_mention_one():
    rules = Rules(1, 2, None, None, 1000)
    [message] = check_requested(601_000, summarise(budget(1_200_000), rules), rules)
    assert message == (
        "申請額601,000円が交付可能額600,000円（補助対象経費1,200,000円 × 補助率1/2、"
        "1,000円未満切り捨て）を超えています。600,000円以下で申請してください。"
    )


@pytest.mark.parametrize(
    ("lines", "requested", "expected"),
    [
        pytest.param([], 100_000, ["経費明細を1行以上入力してください。"], id="no lines"),
        pytest.param(
            [Line(1, 0)], 100_000, ["経費明細を1行以上入力してください。"], id="a line of 0円"
        ),
        pytest.param(
            [Line(1, 200_000)], None, ["申請額を入力してください。"], id="no requested amount"
        ),
        pytest.param([Line(1, 200_000)], 100_000, [], id="lines and an amount"),
    ],
)
def test_missing_budget_or_amount(lines, requested, expected):
    assert check_requested(requested, summarise(lines, SOFT), SOFT) == expected


def test_one_yen_of_budget_is_a_budget():
    # Not "enter a budget line": the lower-limit message, with the eligible cost needed.
    [message] = check_requested(100_000, summarise([Line(1, 1)], SOFT), SOFT)
    assert "補助対象経費を200,000円以上にしてください。" in message


def test_ineligible_lines_count_in_the_total_but_not_towards_the_subsidy():
    rules = Rules(1, 2, None, 100_000, 1000, ineligible_categories=frozenset({7}))
    summary = summarise(budget(199_999, ineligible=1_000_000), rules)
    assert (summary.total, summary.eligible, summary.ineligible) == (1_199_999, 199_999, 1_000_000)
    assert summary.maximum == 99_000
    assert summary.below_lower_limit
    assert summary.ineligible_lines == [1]


# --- 額の確定 and settlement --------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "eligible_actual", "expected"),
    [
        pytest.param(600_000, 1_199_999, 500_000, id="actual one yen below the plan"),
        pytest.param(600_000, 1_200_000, 600_000, id="actual exactly the plan"),
        pytest.param(600_000, 1_200_001, 600_000, id="actual one yen above the plan"),
        pytest.param(599_999, 1_200_000, 599_999, id="decided amount one yen below"),
        pytest.param(3_000_000, 6_000_002, 3_000_000, id="upper limit still applies"),
    ],
)
def test_fixed_amount_is_the_lesser(approved, eligible_actual, expected):
    assert fixed_amount(approved=approved, eligible_actual=eligible_actual, rules=SOFT) == expected


@pytest.mark.parametrize(
    ("advances", "expected"),
    [
        pytest.param(0, (500_000, 0), id="no advance"),
        pytest.param(499_999, (1, 0), id="advance one yen below the fixed amount"),
        pytest.param(500_000, (0, 0), id="advance exactly the fixed amount"),
        pytest.param(500_001, (0, 1), id="advance one yen above: refund 1 yen"),
    ],
)
def test_settlement_after_advances(advances, expected):
    assert settlement(fixed=500_000, advances=advances) == expected


# --- The call's rules ---------------------------------------------------------------------


class _CostCategories:
    def values_list(self, field, *, flat):
        assert (field, flat) == ("pk", True)
        return [7, 8]


def test_rules_are_read_from_the_call():
    call = SimpleNamespace(
        rate_numerator=2,
        rate_denominator=3,
        upper_limit=3_000_000,
        lower_limit=100_000,
        rounding_unit=1000,
        ineligible_cost_categories=_CostCategories(),
    )
    assert Rules.for_call(call) == Rules(
        rate_numerator=2,
        rate_denominator=3,
        upper_limit=3_000_000,
        lower_limit=100_000,
        rounding_unit=1000,
        ineligible_categories=frozenset({7, 8}),
    )
