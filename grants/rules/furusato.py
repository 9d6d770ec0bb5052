"""Rules of ふるさと納税 matching as pure functions: the corporate number's check digit and
what a corporate hometown tax donation (企業版ふるさと納税, 地方創生応援税制) may not offer.

Used by the forms (to say at once what to change) and by the services (which decide).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"[0-9]{13}")


def corporate_number_check_digit(base12: str) -> int:
    """The check digit (the first digit) of a 法人番号 for its other 12 digits.

    9 − (Σ Pn × Qn mod 9), where Pn is the n-th digit counted from the right and Qn is 1
    for odd n and 2 for even n (国税庁, 法人番号の指定等に関する省令).
    """
    total = sum(
        int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base12), start=1)
    )
    return 9 - total % 9


def corporate_number_is_valid(number: str | None) -> bool:
    # fullmatch: "$" would also match before a final line break, which then is no digit.
    if not number or not _DIGITS.fullmatch(number):
        return False
    return int(number[0]) == corporate_number_check_digit(number[1:])


# Offers that are an economic benefit in return for the donation, which the scheme forbids
# (寄附を行うことの代償として経済的な利益を供与すること). A hint, not legal advice: the
# bureau still reads what the municipality writes.
FORBIDDEN_BENEFITS = (
    ("返礼品", _("return gifts")),
    ("お礼の品", _("return gifts")),
    ("割引", _("discounts")),
    ("優待", _("preferential treatment")),
    ("入札", _("advantages in tenders")),
    ("随意契約", _("contracts awarded without tender")),
    ("優先的", _("preferential treatment")),
    ("補助金", _("subsidies")),
    ("低利", _("low-interest loans")),
    ("無償", _("free goods or services")),
    ("商品券", _("vouchers")),
)


def forbidden_benefits_in(text: str | None) -> list[str]:
    """The words of ``text`` that offer an economic benefit in return for a donation."""
    if not text:
        return []
    return [word for word, _label in FORBIDDEN_BENEFITS if word in text]


# --- 1:1 consultations (#22) ----------------------------------------------------------------

# A booking can be cancelled until this long before the slot starts; after that the officer
# has prepared and the municipality calls the bureau instead.
CANCEL_CUTOFF_HOURS = 24
# A series of slots made at once (a day of 30-minute slots is 16–20): more is a typing slip.
SERIES_MAX_SLOTS = 40


def booking_may_be_cancelled(starts_at, now) -> bool:
    """True up to and including exactly CANCEL_CUTOFF_HOURS before the start."""
    return now <= starts_at - dt.timedelta(hours=CANCEL_CUTOFF_HOURS)


def series_starts(first_start, last_end, minutes: int, gap: int = 0) -> list:
    """The start times of slots of ``minutes`` each, ``gap`` minutes apart, from
    ``first_start`` for as long as a whole slot ends by ``last_end`` (datetimes)."""
    if minutes <= 0 or gap < 0:
        return []
    starts, start = [], first_start
    length, step = dt.timedelta(minutes=minutes), dt.timedelta(minutes=minutes + gap)
    while start + length <= last_end:
        starts.append(start)
        start += step
    return starts


# --- Donations received (#22) ---------------------------------------------------------------


def donation_figure_problem(amount: int, count: int):
    """What is wrong with a 受入額 and 件数 together, or None: no amount without donations,
    no donations without an amount, and a donation is at least one yen."""
    if amount == 0 and count == 0:
        return None
    if count == 0:
        return _("An amount was received, so the number of donations is at least 1.")
    if amount == 0:
        return _("Donations were received, so the amount is more than 0 yen.")
    if amount < count:
        return _("The amount is smaller than the number of donations: check both figures.")
    return None
