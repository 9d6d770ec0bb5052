"""Yen amounts as people type them: the kernel's YenField, used by every amount box."""

import pytest
from django import forms
from django.utils import translation

from portal.forms import PortalForm, YenField, parse_yen

MESSAGE = "Enter the amount in digits, for example 120000 or 12万円."


class AmountForm(PortalForm):
    amount = YenField(label="Amount")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("120000", 120_000),
        ("120,000", 120_000),
        ("120,000円", 120_000),
        ("¥120,000", 120_000),
        ("￥120,000", 120_000),
        ("１２０，０００円", 120_000),
        ("12万円", 120_000),
        ("12万", 120_000),
        ("１２万円", 120_000),
        ("12.5万円", 125_000),
        ("3千円", 3_000),
        ("1万2000円", 12_000),
        ("1万2千円", 12_000),
        (" 120 000 ", 120_000),
        ("0", 0),
    ],
)
def test_amounts_people_write_are_read(typed, amount):
    form = AmountForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount
    assert parse_yen(typed) == amount


@pytest.mark.parametrize(
    "typed",
    ["abc", "十二万円", "12.345678万円", "1.5", "-5", "円", "万円", "12万万", "1e5", "0x10"],
)
def test_anything_else_says_exactly_what_to_type(typed):
    with translation.override("en"):
        form = AmountForm({"amount": typed})
        assert not form.is_valid()
        assert form.errors["amount"] == [MESSAGE]


def test_limits_still_apply():
    with translation.override("en"):
        form = AmountForm({"amount": "100000000万円"})  # 1兆円: the limit itself
        assert form.is_valid()
        form = AmountForm({"amount": "100000001万円"})
        assert not form.is_valid()
        assert "less than or equal to 1000000000000" in form.errors["amount"][0]


def test_every_amount_box_is_a_text_box():
    assert isinstance(YenField().widget, forms.TextInput)
    assert YenField().widget.attrs["inputmode"] == "numeric"
