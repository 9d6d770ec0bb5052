"""Fields and widgets shared by the human-support forms: dates people mean, times, text
areas."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Dates people mean lie in this century; anything else is a typing slip (and year 1 at
# midnight in Tokyo is not even a valid moment in UTC).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def sensible_date(value):
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="date_range",
        )


class DateField(forms.DateField):
    default_validators = [sensible_date]


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})
