"""The kernel's reference-number field: a number is found however it is typed (full-width,
spaced, lower case, long dashes) or by the number of its page, only within the user's scope,
and anything it cannot find, or the user may not see, gets one message naming the number."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.references import ReferenceNumberField, normalise_reference, plain_id
from tests.dispatch.factories import submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def request_(sapporo_staff):
    """A submitted dispatch request of 札幌 (石狩振興局), e.g. R8-石狩-派0001."""
    return submitted_request(sapporo_staff)


def field(user, **kwargs):
    return ReferenceNumberField(kinds=["dispatch.request"], user=user, **kwargs)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def not_found(user, typed) -> list[str]:
    with pytest.raises(ValidationError) as error:
        field(user).clean(typed)
    assert error.value.code == "not_found"
    return error.value.messages


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("R8-石狩-派0003", "R8-石狩-派0003"),
        ("ｒ８－石狩－派０００３", "R8-石狩-派0003"),
        (" r8 - 石狩 - 派0003 ", "R8-石狩-派0003"),
        ("\u3000R8\uff0d石狩\u2013派0003\u3000", "R8-石狩-派0003"),
        ("R8‐オホーツク−派0003", "R8-オホーツク-派0003"),  # ー in the name is kept
        ("c2026-00012", "C2026-00012"),
        ("１２", "12"),
    ],
)
def test_numbers_are_read_however_they_are_typed(typed, expected):
    assert normalise_reference(typed) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [("12", 12), ("R8-石狩-派0003", None), ("", None), ("9" * 19, None), ("١٢", None)],
)
def test_only_plain_ascii_digits_of_a_usable_size_are_ids(number, expected):
    assert plain_id(number) == expected


def test_a_reference_number_finds_its_request(ishikari_officer, request_):
    found = field(ishikari_officer).clean(request_.reference)
    assert (found.kind, found.pk, found.reference) == (
        "dispatch.request",
        request_.pk,
        request_.reference,
    )
    assert found.label == str(request_)


def test_full_width_spaced_and_lower_case_variants_find_the_same_request(
    ishikari_officer, request_
):
    spaced = request_.reference.replace("-", " － ").lower()
    for typed in (full_width(request_.reference), spaced, f"  {request_.reference}\u3000"):
        assert field(ishikari_officer).clean(typed).pk == request_.pk


def test_the_plain_number_of_the_page_finds_it_too(ishikari_officer, request_):
    assert field(ishikari_officer).clean(str(request_.pk)).pk == request_.pk
    assert field(ishikari_officer).clean(full_width(str(request_.pk))).pk == request_.pk


def test_an_unknown_number_is_not_found_and_named_as_typed(ishikari_officer, request_):
    messages = not_found(ishikari_officer, "ｒ８－石狩－派９９９９")
    assert messages == [
        "Reference number ｒ８－石狩－派９９９９ was not found. Check the number shown on its "
        "page, for example R8-石狩-派0003."
    ]
    assert not_found(ishikari_officer, "9" * 25)  # no overflow, no 500
    assert not_found(ishikari_officer, "abc")


def test_a_number_out_of_scope_gets_the_same_message_as_an_unknown_one(
    oshima_officer, hakodate_staff, request_
):
    for outsider in (oshima_officer, hakodate_staff):
        assert not_found(outsider, request_.reference) == [
            f"Reference number {request_.reference} was not found. Check the number shown "
            "on its page, for example R8-石狩-派0003."
        ]
        assert not_found(outsider, str(request_.pk))


def test_empty_is_none_when_optional_and_required_otherwise(ishikari_officer):
    assert field(ishikari_officer, required=False).clean("  ") is None
    with pytest.raises(ValidationError) as error:
        field(ishikari_officer).clean("")
    assert error.value.code == "required"


def test_a_plain_number_asks_the_first_kind_only(ishikari_officer, request_, consultation):
    """A number names an object only with its kind; a reference number names its kind."""
    both = ReferenceNumberField(
        kinds=["portal.consultation", "dispatch.request"], user=ishikari_officer
    )
    assert both.clean(request_.reference).kind == "dispatch.request"
    assert both.clean(consultation.reference).pk == consultation.pk
    assert both.clean(str(consultation.pk)).kind == "portal.consultation"


def test_a_consultation_is_found_by_its_c_number_within_scope(
    ishikari_officer, oshima_officer, consultation
):
    consultations = ReferenceNumberField(kinds=["portal.consultation"], user=ishikari_officer)
    typed = consultation.reference.lower().replace("-", "－")
    assert consultations.clean(typed).pk == consultation.pk
    year = consultation.reference[1:5]
    assert consultations.clean(f"C{year}-{consultation.pk}").pk == consultation.pk
    with pytest.raises(ValidationError):  # the right key with the wrong year names nothing
        consultations.clean(f"C{int(year) - 1}-{consultation.pk:05d}")
    outside = ReferenceNumberField(kinds=["portal.consultation"], user=oshima_officer)
    with pytest.raises(ValidationError):
        outside.clean(consultation.reference)


def test_the_field_keeps_what_was_typed_on_the_page(ishikari_officer, request_):
    from django import forms

    class Form(forms.Form):
        number = ReferenceNumberField(kinds=["dispatch.request"])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["number"].user = ishikari_officer

    form = Form({"number": "ｒ８－石狩－派９９９９"})
    assert not form.is_valid()
    assert 'value="ｒ８－石狩－派９９９９"' in str(form["number"])
    assert 'autocomplete="off"' in str(form["number"])
