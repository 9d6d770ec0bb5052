"""Rules of ふるさと納税 matching as pure functions: the corporate number's check digit and
what a corporate hometown tax donation (企業版ふるさと納税, 地方創生応援税制) may not offer.

Used by the forms (to say at once what to change) and by the services (which decide).
"""

from __future__ import annotations

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
