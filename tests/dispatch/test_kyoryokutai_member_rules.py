"""The periods of a 協力隊 member's activity reports, at their limits."""

import datetime as dt

import pytest

from dispatch.rules import kyoryokutai as rules

D = dt.date


@pytest.mark.parametrize(
    ("day", "cadence", "expected"),
    [
        (D(2026, 4, 1), "monthly", (D(2026, 4, 1), D(2026, 4, 30))),
        (D(2028, 2, 29), "monthly", (D(2028, 2, 1), D(2028, 2, 29))),
        (D(2026, 12, 31), "monthly", (D(2026, 12, 1), D(2026, 12, 31))),
        (D(2026, 3, 31), "quarterly", (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 4, 1), "quarterly", (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 6, 30), "quarterly", (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 7, 1), "quarterly", (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 12, 31), "quarterly", (D(2026, 10, 1), D(2026, 12, 31))),
    ],
)
def test_the_period_holding_a_day(day, cadence, expected):
    assert rules.period_of(day, cadence) == expected


def test_an_unknown_cadence_is_an_error():
    with pytest.raises(ValueError):
        rules.period_of(D(2026, 4, 1), "weekly")


def test_the_periods_of_a_term_so_far():
    assert rules.periods(D(2026, 4, 15), D(2026, 6, 1), "monthly") == [
        (D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 5, 1), D(2026, 5, 31)),
        (D(2026, 6, 1), D(2026, 6, 30)),
    ]
    assert rules.periods(D(2026, 4, 15), D(2026, 4, 14), "monthly") == []
    assert rules.periods(D(2026, 4, 15), D(2026, 4, 15), "quarterly") == [
        (D(2026, 4, 1), D(2026, 6, 30))
    ]
    assert len(rules.periods(D(2026, 1, 1), D(2026, 12, 31), "quarterly")) == 4


def test_due_and_late_at_the_limit():
    end = D(2026, 4, 30)
    assert rules.due_on(end) == D(2026, 5, 10)
    assert not rules.is_late(D(2026, 5, 9), end)
    assert not rules.is_late(D(2026, 5, 10), end)
    assert rules.is_late(D(2026, 5, 11), end)


def test_the_intention_opens_180_days_before_the_term_ends():
    end = D(2027, 3, 31)
    assert not rules.intention_open(end, end - dt.timedelta(days=181))
    assert rules.intention_open(end, end - dt.timedelta(days=180))
    assert rules.intention_open(end, end + dt.timedelta(days=1))
