"""Japanese public-sector formats: 和暦 dates, 年度 (April–March), yen amounts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# (first day of the era, name, one-letter abbreviation)
ERAS = (
    (dt.date(2019, 5, 1), "令和", "R"),
    (dt.date(1989, 1, 8), "平成", "H"),
    (dt.date(1926, 12, 25), "昭和", "S"),
)


def _era_year(n: int) -> str:
    return "元" if n == 1 else str(n)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def wareki(value) -> str:
    """令和7年4月1日 for 2025-04-01."""
    if value in (None, ""):
        return ""
    day = _as_date(value)
    for start, name, _abbr in ERAS:
        if day >= start:
            return f"{name}{_era_year(day.year - start.year + 1)}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def fiscal_year(value=None) -> int:
    """The 年度 a date falls in, as the calendar year it starts (April) in."""
    day = _as_date(value) if value is not None else timezone.localdate()
    return day.year if day.month >= 4 else day.year - 1


def _fiscal_era(year: int) -> tuple[str, str, int]:
    # 年度 are named by the era in force for most of the year: 2019年度 is 令和元年度, but 1926年度
    # (昭和 from 25 December) was not 昭和元年度. An era that starts after 30 September has
    # less than half of the 年度 it starts in.
    midyear = dt.date(year, 9, 30)
    for start, name, abbr in ERAS:
        if start <= midyear:
            return name, abbr, year - start.year + 1
    return "", "", year


def nendo(year) -> str:
    """令和7年度 for 2025 (or for any date in April 2025 – March 2026)."""
    if year in (None, ""):
        return ""
    if not isinstance(year, int):
        year = fiscal_year(year)
    name, _abbr, n = _fiscal_era(year)
    return f"{name}{_era_year(n)}年度" if name else f"{year}年度"


def nendo_short(year: int) -> str:
    """R7 for 2025: used in reference numbers."""
    _name, abbr, n = _fiscal_era(year)
    return f"{abbr}{n}"


def yen(value) -> str:
    """1,234,567円."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}円"


def yen_unit(value) -> str:
    """A unit of yen as rules name it: 10万円, 1万円, 1,000円."""
    value = int(value)
    if value and value % 10_000 == 0:
        return f"{value // 10_000:,}万円"
    return yen(value)


def thousand_yen(value) -> str:
    """Amounts in 千円, rounded down as budget tables do: 1,234千円."""
    if value in (None, ""):
        return ""
    return f"{int(value) // 1000:,}千円"
