"""One date style everywhere: 令和8年（2026年）8月1日 for dates, 令和8年12月5日 14:02 for
timestamps (Tokyo time), 1 August 2026 / 5 December 2026, 14:02 in English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import japanese

UTC = dt.UTC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 8, 1), "令和8年（2026年）8月1日"),
        (dt.date(2019, 4, 30), "平成31年（2019年）4月30日"),
        (dt.date(2019, 5, 1), "令和元年（2019年）5月1日"),
        (dt.date(1989, 1, 7), "昭和64年（1989年）1月7日"),
        (dt.date(1989, 1, 8), "平成元年（1989年）1月8日"),
        (dt.date(1926, 12, 24), "1926年12月24日"),
        # 15:00 UTC is midnight in Tokyo: the next day there.
        (dt.datetime(2026, 7, 31, 14, 59, tzinfo=UTC), "令和8年（2026年）7月31日"),
        (dt.datetime(2026, 7, 31, 15, 0, tzinfo=UTC), "令和8年（2026年）8月1日"),
        (dt.datetime(2019, 4, 30, 15, 0, tzinfo=UTC), "令和元年（2019年）5月1日"),
        (dt.datetime(2026, 8, 1, 9, 30), "令和8年（2026年）8月1日"),  # naive: taken as local
        ("2026-08-01", "令和8年（2026年）8月1日"),  # a date kept in JSON
        ("2026-07-31T15:00:00+00:00", "令和8年（2026年）8月1日"),
        ("未定", "未定"),  # not a date: left as it is
        (None, ""),
        ("", ""),
    ],
)
def test_wareki_date_in_japanese(value, expected):
    with translation.override("ja"):
        assert japanese.wareki_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 12, 5, 5, 2, tzinfo=UTC), "令和8年12月5日 14:02"),
        (dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC), "令和8年12月5日 00:00"),
        (dt.datetime(2026, 12, 4, 14, 59, tzinfo=UTC), "令和8年12月4日 23:59"),
        (dt.datetime(2019, 4, 30, 14, 59, tzinfo=UTC), "平成31年4月30日 23:59"),
        (dt.datetime(2019, 4, 30, 15, 0, tzinfo=UTC), "令和元年5月1日 00:00"),
        (dt.date(2026, 8, 1), "令和8年（2026年）8月1日"),
        ("2026-12-05T05:02:00+00:00", "令和8年12月5日 14:02"),
        ("TBD", "TBD"),
        (None, ""),
    ],
)
def test_wareki_datetime_in_japanese(value, expected):
    with translation.override("ja"):
        assert japanese.wareki_datetime(value) == expected


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (japanese.wareki_date, dt.date(2026, 8, 1), "1 August 2026"),
        (japanese.wareki_date, dt.datetime(2026, 7, 31, 15, 0, tzinfo=UTC), "1 August 2026"),
        (
            japanese.wareki_datetime,
            dt.datetime(2026, 12, 5, 5, 2, tzinfo=UTC),
            "5 December 2026, 14:02",
        ),
    ],
)
def test_english_uses_the_same_filter(function, value, expected):
    with translation.override("en"):
        assert function(value) == expected


def test_month_precision():
    with translation.override("ja"):
        assert japanese.wareki_date(dt.date(2019, 5, 20), "month") == "令和元年（2019年）5月"
    with translation.override("en"):
        assert japanese.wareki_date(dt.date(2019, 5, 20), "month") == "May 2019"


def test_an_explicit_language_wins_over_the_active_one():
    with translation.override("en"):
        assert japanese.wareki_date(dt.date(2026, 8, 1), language="ja") == "令和8年（2026年）8月1日"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ day|wareki_date }}", "令和8年（2026年）8月1日"),
        ('{{ day|wareki_date:"month" }}', "令和8年（2026年）8月"),
        ("{{ moment|wareki_datetime }}", "令和8年12月5日 14:02"),
        ("{{ moment|wareki_date }}", "令和8年（2026年）12月5日"),
        ("{{ missing|wareki_date }}|{{ missing|wareki_datetime }}", "|"),
    ],
)
def test_template_filters(source, expected):
    template = Template("{% load portal_tags %}" + source)
    context = Context(
        {"day": dt.date(2026, 8, 1), "moment": dt.datetime(2026, 12, 5, 5, 2, tzinfo=UTC)}
    )
    with translation.override("ja"):
        assert template.render(context) == expected
