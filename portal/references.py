"""Reference numbers typed by people, read the same however they are typed.

A person names another object by the number they see: the reference number on its page and
in its mails (受付番号 R8-石狩-派0003, C2026-00012), or the number in its address. They type
it full-width, with spaces, in lower case, with a long dash. ``ReferenceNumberField`` reads
all of these, asks the pillars' finders (``registry.register_reference_kind``) within the
user's scope, and answers a number it cannot find, or the user may not see, with the same
message, naming the number as typed. The typed text stays in the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import registry
from .registry import Referenced

# Hyphens, dashes and minus signs NFKC leaves alone (the katakana ー is part of names such
# as オホーツク and is kept).
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63]")
_SPACES = re.compile(r"\s+")
# Larger than any key the database hands out: such a number names nothing (and would
# overflow the integer column on SQLite).
_MAX_ID_DIGITS = 18


def normalise_reference(text: str) -> str:
    """``ｒ８－石狩－派０００３`` and ``r8 - 石狩 - 派0003`` -> ``R8-石狩-派0003``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DASHES.sub("-", text)
    return _SPACES.sub("", text).upper()


def plain_id(number: str) -> int | None:
    """The number as a database key, when it is one (digits only), else None."""
    if number.isascii() and number.isdigit() and len(number) <= _MAX_ID_DIGITS:
        return int(number)
    return None


def find_in(
    queryset,
    number: str,
    *,
    kind: str,
    label: Callable[[object], str] = str,
    reference_field: str | None = "reference",
) -> Referenced | None:
    """The row of ``queryset`` (already scoped to the user) that ``number`` names: a plain
    number is its key, anything else its reference number (kinds without one: None)."""
    pk = plain_id(number)
    if pk is not None:
        row = queryset.filter(pk=pk).first()
    elif reference_field:
        row = queryset.filter(**{reference_field: number}).first()
    else:
        return None
    if row is None:
        return None
    reference = getattr(row, reference_field, "") if reference_field else ""
    return Referenced(kind=kind, pk=row.pk, label=label(row), reference=reference or "")


class ReferenceNumberField(forms.CharField):
    """A reference number (or the plain number of a page) of one of ``kinds``, found within
    ``user``'s scope; cleans to a ``registry.Referenced``.

    A plain number names an object only together with its kind, so only the first kind is
    asked for it; a reference number names its kind, so every kind is asked in turn. A form
    that lets people choose the kind puts the chosen one first. Set ``user`` in the form's
    ``__init__`` (fields are copied per form)."""

    default_error_messages = {
        "not_found": _(
            "Reference number %(number)s was not found. Check the number shown on its page, "
            "for example R8-石狩-派0003."
        ),
    }

    def __init__(self, *, kinds: Iterable[str], user=None, max_length: int = 40, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.kinds = tuple(kinds)
        self.user = user

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "spellcheck": "false"})
        return attrs

    def clean(self, value):
        typed = super().clean(value)
        if typed in self.empty_values:
            return None
        number = normalise_reference(typed)
        kinds = self.kinds[:1] if plain_id(number) is not None else self.kinds
        for kind in kinds:
            found = registry.find_reference(kind, self.user, number)
            if found is not None:
                return found
        raise ValidationError(
            self.error_messages["not_found"], code="not_found", params={"number": typed}
        )
