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


# --- Boundaries: each era's first day, the day before and the day after ---------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(dt.date(2019, 4, 30), "平成31年4月30日", id="令和: the day before"),
        pytest.param(dt.date(2019, 5, 1), "令和元年5月1日", id="令和: the first day"),
        pytest.param(dt.date(2019, 5, 2), "令和元年5月2日", id="令和: the day after"),
        pytest.param(dt.date(2019, 12, 31), "令和元年12月31日", id="令和: last day of 元年"),
        pytest.param(dt.date(2020, 1, 1), "令和2年1月1日", id="令和: 2年 starts on 1 January"),
        pytest.param(dt.date(1989, 1, 7), "昭和64年1月7日", id="平成: the day before"),
        pytest.param(dt.date(1989, 1, 8), "平成元年1月8日", id="平成: the first day"),
        pytest.param(dt.date(1989, 1, 9), "平成元年1月9日", id="平成: the day after"),
        pytest.param(dt.date(1990, 1, 1), "平成2年1月1日", id="平成: 2年"),
        pytest.param(dt.date(1926, 12, 24), "1926年12月24日", id="昭和: the day before (西暦)"),
        pytest.param(dt.date(1926, 12, 25), "昭和元年12月25日", id="昭和: the first day"),
        pytest.param(dt.date(1926, 12, 26), "昭和元年12月26日", id="昭和: the day after"),
        pytest.param(dt.date(1927, 1, 1), "昭和2年1月1日", id="昭和: 2年"),
    ],
)
def test_wareki_at_era_boundaries(day, expected):
    assert japanese.wareki(day) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(
            dt.datetime(2019, 4, 30, 14, 59, 59, tzinfo=dt.UTC),
            "平成31年4月30日",
            id="23:59:59 in Tokyo on the last day of 平成",
        ),
        pytest.param(
            dt.datetime(2019, 4, 30, 15, 0, tzinfo=dt.UTC),
            "令和元年5月1日",
            id="midnight in Tokyo on the first day of 令和",
        ),
        pytest.param(dt.datetime(2019, 5, 1, 0, 0), "令和元年5月1日", id="a naive datetime as is"),
        pytest.param(
            dt.datetime(2019, 4, 30, 23, 59), "平成31年4月30日", id="a naive datetime late at night"
        ),
    ],
)
def test_wareki_of_datetimes(moment, expected):
    assert japanese.wareki(moment) == expected


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_are_shown_as_nothing(empty):
    assert japanese.wareki(empty) == ""
    assert japanese.nendo(empty) == ""
    assert japanese.yen(empty) == ""
    assert japanese.thousand_yen(empty) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(dt.date(2026, 3, 31), 2025, id="31 March: the 年度 before"),
        pytest.param(dt.date(2026, 4, 1), 2026, id="1 April: the new 年度"),
        pytest.param(dt.date(2026, 4, 2), 2026, id="2 April"),
        pytest.param(dt.date(2025, 12, 31), 2025, id="31 December"),
        pytest.param(dt.date(2026, 1, 1), 2025, id="1 January: still the 年度 of April before"),
        pytest.param(
            dt.datetime(2026, 3, 31, 14, 59, 59, tzinfo=dt.UTC), 2025, id="23:59:59 on 31 March JST"
        ),
        pytest.param(
            dt.datetime(2026, 3, 31, 15, 0, tzinfo=dt.UTC), 2026, id="midnight on 1 April JST"
        ),
    ],
)
def test_fiscal_year_boundaries(value, expected):
    assert japanese.fiscal_year(value) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(dt.date(2026, 3, 31), 2025, id="today is 31 March"),
        pytest.param(dt.date(2026, 4, 1), 2026, id="today is 1 April"),
    ],
)
def test_fiscal_year_defaults_to_today_in_tokyo(monkeypatch, today, expected):
    monkeypatch.setattr(japanese.timezone, "localdate", lambda: today)
    assert japanese.fiscal_year() == expected
    assert japanese.nendo(today) == japanese.nendo(expected)


@pytest.mark.parametrize(
    ("year", "long", "short"),
    [
        pytest.param(2020, "令和2年度", "R2", id="令和2年度"),
        pytest.param(2019, "令和元年度", "R1", id="令和元年度 (平成 until 30 April)"),
        pytest.param(2018, "平成30年度", "H30", id="平成30年度"),
        pytest.param(1990, "平成2年度", "H2", id="平成2年度"),
        pytest.param(1989, "平成元年度", "H1", id="平成元年度"),
        pytest.param(1988, "昭和63年度", "S63", id="昭和63年度 (平成 from 8 January 1989)"),
        pytest.param(1927, "昭和2年度", "S2", id="昭和2年度"),
        # 昭和 began on 25 December 1926: the 年度 1926 was 大正15年度, never 昭和元年度.
        pytest.param(1926, "1926年度", "1926", id="1926: not 昭和元年度"),
        pytest.param(1925, "1925年度", "1925", id="before 昭和"),
        pytest.param(1, "1年度", "1", id="西暦 1: 元 belongs to eras only"),
    ],
)
def test_nendo_at_era_boundaries(year, long, short):
    assert japanese.nendo(year) == long
    assert japanese.nendo_short(year) == short


@pytest.mark.parametrize(
    ("start", "year", "expected"),
    [
        # A hypothetical era 新: the era in force for most of the 年度 (April 2030 – March
        # 2031, 365 days) names it. From 30 September it has 183 days, from 1 October 182.
        pytest.param(dt.date(2030, 9, 29), 2030, "新元年度", id="starts 29 September: its 元年度"),
        pytest.param(dt.date(2030, 9, 30), 2030, "新元年度", id="starts 30 September: its 元年度"),
        pytest.param(dt.date(2030, 10, 1), 2030, "令和12年度", id="starts 1 October: not yet"),
        pytest.param(dt.date(2030, 10, 1), 2031, "新2年度", id="starts 1 October: next is 2年度"),
        pytest.param(dt.date(2031, 3, 31), 2030, "令和12年度", id="starts 31 March: not yet"),
        pytest.param(dt.date(2031, 3, 31), 2031, "新元年度", id="starts 31 March: next is 元年度"),
    ],
)
def test_a_new_era_names_the_nendo_it_covers_most_of(monkeypatch, start, year, expected):
    monkeypatch.setattr(japanese, "ERAS", ((start, "新", "N"), *japanese.ERAS))
    assert japanese.nendo(year) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0, "0円", id="0"),
        pytest.param(999, "999円", id="999: no separator"),
        pytest.param(1000, "1,000円", id="1,000: the first separator"),
        pytest.param(999_999, "999,999円", id="999,999"),
        pytest.param(1_000_000, "1,000,000円", id="1,000,000: the second separator"),
        pytest.param("1200000", "1,200,000円", id="digits as text"),
    ],
)
def test_yen_boundaries(value, expected):
    assert japanese.yen(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0, "0千円", id="0"),
        pytest.param(999, "0千円", id="999 rounds down to 0"),
        pytest.param(1000, "1千円", id="exactly 1,000"),
        pytest.param(1999, "1千円", id="1,999 rounds down to 1"),
        pytest.param(999_999, "999千円", id="999,999"),
        pytest.param(1_000_000, "1,000千円", id="1,000,000: separator"),
    ],
)
def test_thousand_yen_boundaries(value, expected):
    assert japanese.thousand_yen(value) == expected
