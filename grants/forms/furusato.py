"""Forms of ふるさと納税 support (F4). They validate what people type; services write and
apply the scheme's rules (the view shows what a service refuses next to the field)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import CodeField, MunicipalityChoiceField, PortalForm, PortalModelForm
from portal.japanese import fiscal_year, nendo

from ..models.furusato import Company, SupportKind, SupportProject
from ..models.projects import PolicyTheme
from ..rules.furusato import corporate_number_is_valid
from .applications import JapaneseDateField, yen_field

PHONE = re.compile(r"[0-9()+\- ]{6,30}")


def _check_phone(value: str) -> str:
    if value and not PHONE.fullmatch(value):
        raise forms.ValidationError(
            _("Enter the phone number with digits and hyphens, e.g. 011-231-4111.")
        )
    return value


class ThemeChoices(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", PolicyTheme.objects.all())
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class ThemeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CompanyRegistrationForm(PortalModelForm):
    corporate_number = CodeField(
        label=_("Corporate number (法人番号)"),
        max_length=20,
        help_text=_("The 13-digit number the National Tax Agency assigned, e.g. 1234567890123."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    head_office_municipality = MunicipalityChoiceField(
        label=_("Head office municipality in Hokkaido"),
        required=False,
        empty_label=_("Outside Hokkaido"),
        help_text=Company._meta.get_field("head_office_municipality").help_text,
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    themes = ThemeChoices(label=_("Themes of interest"), required=False)
    contact_phone = CodeField(
        label=_("Contact phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "name_kana",
            "corporate_number",
            "head_office_address",
            "head_office_municipality",
            "industry",
            "website",
            "description",
            "themes",
            "contact_department",
            "contact_phone",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "head_office_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_corporate_number(self):
        number = re.sub(r"[\s\-]", "", self.cleaned_data["corporate_number"])
        if not corporate_number_is_valid(number):
            raise forms.ValidationError(
                _(
                    "Enter the 13-digit corporate number (法人番号) exactly as issued; this one "
                    "is not a valid number."
                )
            )
        return number

    def clean_contact_phone(self):
        return _check_phone(self.cleaned_data["contact_phone"])

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("themes", None)
        return data


def _fiscal_year_choices() -> list[tuple[int, str]]:
    this = fiscal_year()
    return [(year, nendo(year)) for year in (this, this + 1)]


class SupportProjectForm(PortalModelForm):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=())
    theme = ThemeChoice(label=_("Theme"), queryset=PolicyTheme.objects.all())
    kind = forms.ChoiceField(
        label=_("Kind of support"), choices=SupportKind.choices, widget=forms.RadioSelect
    )
    amount_sought = yen_field(
        label=_("Amount sought (yen)"),
        required=False,
        help_text=_(
            "Required for a corporate hometown tax donation (at least 100,000円). For example: "
            "5,000,000"
        ),
    )
    period_start = JapaneseDateField(label=_("Period from"))
    period_end = JapaneseDateField(label=_("Period to"))
    contact_phone = CodeField(
        label=_("Public contact: phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    class Meta:
        model = SupportProject
        fields = [
            "fiscal_year",
            "title",
            "theme",
            "kind",
            "amount_sought",
            "period_start",
            "period_end",
            "summary",
            "description",
            "regional_plan",
            "benefits",
            "contact_department",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "benefits": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _fiscal_year_choices()
        if self.instance.pk and self.instance.fiscal_year not in dict(choices):
            choices.insert(0, (self.instance.fiscal_year, nendo(self.instance.fiscal_year)))
        self.fields["fiscal_year"].choices = choices

    def clean_contact_phone(self):
        return _check_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        """Say at once what the scheme's rules require (the service checks again). A field
        with an error here is left out of the model's own constraint check, so the same
        problem is never reported twice."""
        from ..services.matching import support_project_problems

        data = super().clean()
        candidate = SupportProject(
            **{name: data.get(name) for name in self._meta.fields if name in data}
        )
        for name, message in support_project_problems(candidate).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class InterestForm(PortalForm):
    message = forms.CharField(
        label=_("Message to the municipality"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What your company would like to do and how to reach you."),
    )
    pledged_amount = yen_field(
        label=_("Amount your company considers (yen)"),
        required=False,
        help_text=_("For a corporate hometown tax donation; you can leave it empty for now."),
    )


class InterestAnswerForm(PortalForm):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the company's support")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Message to the company"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when you decline. The company sees this message and the project's public "
            "contact point, never your name."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the company the reason."))
        return data


class CompanyDeclineForm(PortalForm):
    note = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company reads this reason."),
    )
