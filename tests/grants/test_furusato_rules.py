"""The rules of ふるさと納税 matching, at their boundaries: the 法人番号 check digit and length,
and the words that offer an economic benefit in return for a donation."""

import pytest

from grants.rules.furusato import (
    corporate_number_check_digit,
    corporate_number_is_valid,
    forbidden_benefits_in,
)

# Numbers the National Tax Agency publishes (法人番号公表サイト).
REAL_NUMBERS = [
    pytest.param("7000012050002", id="国税庁"),
    pytest.param("7000020010006", id="北海道"),
    pytest.param("1180301018771", id="トヨタ自動車"),
    pytest.param("5010401067252", id="ソニーグループ"),
]


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_published_corporate_numbers_are_valid(number):
    assert corporate_number_check_digit(number[1:]) == int(number[0])
    assert corporate_number_is_valid(number)


@pytest.mark.parametrize("number", REAL_NUMBERS)
@pytest.mark.parametrize(
    "delta", [pytest.param(-1, id="one below"), pytest.param(1, id="one above")]
)
def test_a_check_digit_one_off_is_refused(number, delta):
    wrong = (int(number[0]) + delta) % 10
    assert not corporate_number_is_valid(f"{wrong}{number[1:]}")


@pytest.mark.parametrize(
    ("base12", "expected"),
    [
        # 9 − (Σ Pn × Qn mod 9), Pn counted from the right, Qn = 1 (odd n) or 2 (even n).
        pytest.param("000000000000", 9, id="sum 0: remainder 0 gives 9, never 0"),
        pytest.param("000000000009", 9, id="sum 9 (odd place ×1): remainder 0 gives 9"),
        pytest.param("000000000001", 8, id="rightmost digit counts once"),
        pytest.param("000000000010", 7, id="second digit from the right counts twice"),
        pytest.param("000000000100", 8, id="third digit from the right counts once"),
        pytest.param("100000000000", 7, id="leftmost (12th from the right) counts twice"),
        pytest.param("000000000004", 5, id="sum 4"),
        pytest.param("000000000040", 1, id="sum 8: remainder 8 gives 1"),
        pytest.param("000000000045", 5, id="4×2 + 5 = 13: remainder 4 gives 5"),
    ],
)
def test_check_digit_arithmetic(base12, expected):
    assert corporate_number_check_digit(base12) == expected


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("700001205000", id="12 digits (one short)"),
        pytest.param("70000120500020", id="14 digits (one too many)"),
        pytest.param("", id="empty"),
        pytest.param(None, id="nothing"),
        pytest.param("7000012050002\n", id="13 digits and a line break"),
        pytest.param("\n7000012050002", id="a line break and 13 digits"),
        pytest.param(" 7000012050002", id="a leading space"),
        pytest.param("7000-012050002", id="a hyphen (forms strip them first)"),
        pytest.param("７００００１２０５０００２", id="full-width digits (forms normalise first)"),
        pytest.param("700001205000a", id="a letter"),
        pytest.param("0000000000000", id="check digit 0 never occurs"),
    ],
)
def test_malformed_corporate_numbers_are_refused_not_crashed_on(number):
    assert corporate_number_is_valid(number) is False


def test_exactly_13_digits_with_a_valid_check_digit_is_valid():
    assert corporate_number_is_valid("9000000000000") is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("寄附企業に返礼品を贈ります。", ["返礼品"], id="返礼品"),
        pytest.param("お礼の品として特産品を送付", ["お礼の品"], id="お礼の品"),
        pytest.param("施設利用料を割引します", ["割引"], id="割引"),
        pytest.param("寄附企業を優待します", ["優待"], id="優待"),
        pytest.param("入札で加点します", ["入札"], id="入札"),
        pytest.param("随意契約を結びます", ["随意契約"], id="随意契約"),
        pytest.param("優先的に発注します", ["優先的"], id="優先的"),
        pytest.param("町の補助金を交付します", ["補助金"], id="補助金"),
        pytest.param("低利で融資します", ["低利"], id="低利"),
        pytest.param("駐車場を無償で貸与", ["無償"], id="無償"),
        pytest.param("商品券を進呈", ["商品券"], id="商品券"),
        pytest.param(
            "返礼品と商品券、さらに割引", ["返礼品", "割引", "商品券"], id="several, in list order"
        ),
        pytest.param("感謝状を贈呈し、ホームページで紹介します", [], id="allowed thanks"),
        pytest.param("", [], id="empty"),
        pytest.param(None, [], id="nothing"),
    ],
)
def test_forbidden_benefits(text, expected):
    assert forbidden_benefits_in(text) == expected
