import datetime as dt

import pytest

from portal import japanese


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 4, 1), "令和7年4月1日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki(day, expected):
    assert japanese.wareki(day) == expected


def test_wareki_of_an_aware_datetime_uses_tokyo_time():
    # 2025-03-31 20:00 UTC is already 1 April in Tokyo.
    moment = dt.datetime(2025, 3, 31, 20, 0, tzinfo=dt.UTC)
    assert japanese.wareki(moment) == "令和7年4月1日"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2025, "令和7年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (dt.date(2026, 3, 31), "令和7年度"),
        (dt.date(2026, 4, 1), "令和8年度"),
    ],
)
def test_nendo(value, expected):
    assert japanese.nendo(value) == expected


def test_fiscal_year_starts_in_april():
    assert japanese.fiscal_year(dt.date(2026, 3, 31)) == 2025
    assert japanese.fiscal_year(dt.date(2026, 4, 1)) == 2026
    assert japanese.nendo_short(2025) == "R7"


def test_yen():
    assert japanese.yen(3000000) == "3,000,000円"
    assert japanese.yen(0) == "0円"
    assert japanese.thousand_yen(1234567) == "1,234千円"
