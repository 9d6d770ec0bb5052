"""Forms of the casebook's own pages: the municipal proposal."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import CodeField, PortalForm
from portal.japanese import fiscal_year, nendo

from ..models import Theme


def year_choices() -> list[tuple[str, str]]:
    this_year = fiscal_year()
    return [(str(y), nendo(y)) for y in range(this_year, 2009, -1)]


class ProposalForm(PortalForm):
    """A short form: what the municipality did and achieved; the bureau completes the rest."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What was done, in a line. For example: 空き家を活用したお試し移住住宅"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences; at most 400 characters."),
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year of the initiative"), coerce=int, choices=year_choices
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    challenge = forms.CharField(
        label=_("The challenge"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    actions = forms.CharField(
        label=_("What was done"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    results = forms.CharField(
        label=_("Results"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("With figures where you have them (participants, residents who moved in…)."),
    )
    contact_department = forms.CharField(
        label=_("Contact point"),
        max_length=200,
        help_text=_("The section readers may contact, e.g. 企画課 地域振興係."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_phone = CodeField(
        label=_("Contact phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if phone and not re.fullmatch(r"[0-9()+\- ]{6,30}", phone):
            raise forms.ValidationError(
                _("Enter the phone number with digits and hyphens, e.g. 011-231-4111."),
                code="invalid_phone",
            )
        return phone
