"""Japanese public-sector formats: 和暦 dates, 年度 (April–March), yen amounts."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, timezone, translation
from django.utils.translation import get_language

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


def _local(value):
    """Dates as they are; datetimes in the current time zone (Asia/Tokyo), naive ones as given;
    ISO text (dates kept in JSON) read as a date or datetime."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _japanese(language: str | None) -> bool:
    return (language or get_language() or "ja").startswith("ja")


def _era_year_text(day: dt.date) -> str:
    """令和8年（2026年） — the era year with the Western year after it."""
    for start, name, _abbr in ERAS:
        if day >= start:
            return f"{name}{_era_year(day.year - start.year + 1)}年（{day.year}年）"
    return f"{day.year}年"


def wareki_date(value, precision: str = "day", language: str | None = None) -> str:
    """The one style for dates on screens, mails and PDFs.

    Japanese: 令和8年（2026年）8月1日 (precision "month": 令和8年（2026年）8月);
    other languages: 1 August 2026 (August 2026). Datetimes count in local time.
    """
    if value in (None, ""):
        return ""
    try:
        local = _local(value)
    except ValueError:
        return value  # not a date: shown as it was given
    if _japanese(language):
        day = _as_date(local)
        month = f"{_era_year_text(day)}{day.month}月"
        return month if precision == "month" else f"{month}{day.day}日"
    with translation.override("en"):
        return dateformat.format(local, "F Y" if precision == "month" else "j F Y")


def wareki_datetime(value, language: str | None = None) -> str:
    """The one style for timestamps: 令和8年12月5日 14:02 (English: 5 December 2026, 14:02),
    in local time. A plain date gets the date style."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = _local(value)
        except ValueError:
            return value  # not a date: shown as it was given
    if not isinstance(value, dt.datetime):
        return wareki_date(value, language=language)
    local = _local(value)
    if _japanese(language):
        return f"{wareki(local)} {local:%H:%M}"
    with translation.override("en"):
        return dateformat.format(local, "j F Y, H:i")


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
