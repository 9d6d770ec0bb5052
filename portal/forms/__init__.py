"""The base form and the kernel's forms.

Every form of the portal derives from ``PortalForm`` (or ``PortalModelForm``): digits typed
full-width are accepted (NFKC), fields render with visible 必須/任意 labels, hints as text
and errors next to the field and in a summary at the top (see templates/portal/forms/).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..japanese import fiscal_year, nendo
from ..models import ConsultationCategory, Municipality, Role
from ..municipality_fields import (  # noqa: F401 - the kernel's form fields, one import path
    GroupedByBureau,
    MunicipalitiesField,
    MunicipalityChoiceField,
    MunicipalityPicker,
)
from ..uploads import AttachmentField


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "portal/forms/form.html"
    field_template_name = "portal/forms/field.html"


NUMERIC_FIELDS = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
)


def normalise_digits(value: str) -> str:
    """NFKC: full-width digits, signs and separators become their ASCII forms."""
    return unicodedata.normalize("NFKC", value).strip()


class NormalisingFormMixin:
    """Normalise what people type before validation, so ２０２５ and 2025 mean the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and hasattr(self.data, "copy"):
            data = self.data.copy()
            for name, field in self.fields.items():
                if not (isinstance(field, NUMERIC_FIELDS) or getattr(field, "normalise", False)):
                    continue
                key = self.add_prefix(name)
                if hasattr(data, "getlist"):
                    values = data.getlist(key)
                    if values:
                        data.setlist(
                            key, [normalise_digits(v) if isinstance(v, str) else v for v in values]
                        )
                elif isinstance(data.get(key), str):
                    data[key] = normalise_digits(data[key])
            self.data = data


class PortalForm(NormalisingFormMixin, forms.Form):
    pass


class PortalModelForm(NormalisingFormMixin, forms.ModelForm):
    pass


YEN_INVALID = _("Enter the amount in digits, for example 120000 or 12万円.")

# 12万 / 12.5万 / 3千 / 1万2000: the parts people write, after NFKC and without separators.
_YEN_PARTS = re.compile(r"^(?:(\d+(?:\.\d+)?)万)?(?:(\d+(?:\.\d+)?)千)?(\d*)$")


def parse_yen(value: str) -> int | None:
    """An amount as people type it, in yen; None if it cannot be read. Accepts 120000,
    120,000円, ¥120,000, １２万円, 12.5万円, 3千円, 1万2000円 (not 0.5円)."""
    text = re.sub(r"[,、\s円¥]", "", normalise_digits(value))
    match = _YEN_PARTS.match(text)
    if not text or match is None:
        return None
    man, sen, rest = match.groups()
    amount = Decimal(man or 0) * 10_000 + Decimal(sen or 0) * 1_000 + Decimal(rest or 0)
    if amount != amount.to_integral_value():
        return None
    return int(amount)


class YenField(forms.IntegerField):
    """An amount in yen, in a text box (a number box would refuse what people type):
    1,000 / １，０００ / 1000円 / ¥1000 / 12万円 / 12.5万円. Anything else gets a message
    saying what to type."""

    normalise = True
    shows_yen = True  # portal.concurrency shows its values as 1,200円
    default_error_messages = {"invalid": YEN_INVALID}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**12)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        amount = parse_yen(str(value))
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class FiscalYearField(forms.TypedChoiceField):
    """A 年度 chosen by its 令和 name (「令和7年度」), never typed as a 西暦 number: from ``first``
    to this 年度 plus ``ahead``, newest first. The choices are computed when the form is
    built, so they follow the calendar."""

    normalise = True  # a crafted or pasted ２０２５ still means 2025

    def __init__(self, *, first: int, ahead: int = 0, blank: bool = False, **kwargs):
        # ``blank``: an empty first choice (「選択してください」), so that nothing is chosen
        # until the user chooses, rather than the newest 年度.
        def choices():
            last = fiscal_year() + ahead
            years = [(str(year), nendo(year)) for year in range(last, first - 1, -1)]
            return [("", "---------"), *years] if blank else years

        kwargs.setdefault("coerce", int)
        super().__init__(choices=choices, **kwargs)


def required_badge(field, text=None):
    """Badge ``field`` 「必須」 (or ``text``) where the form lets it be left empty but the
    service requires it: a checklist saved as it goes and required whole at the next step,
    one of two contact fields. The badge follows the real requirement; the form still
    accepts the partial answer and the service says what is missing."""
    field.required_badge = text or _("Required")
    return field


class CodeField(forms.CharField):
    """A code typed by people (numbers, postcode …): full-width digits accepted."""

    normalise = True


# --- Kernel forms -------------------------------------------------------------------------


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class AccessRequestForm(PortalForm):
    role = forms.ChoiceField(
        label=_("You are asking as"),
        choices=[
            (Role.MUNICIPAL.value, _("Staff of the municipality")),
            (
                Role.GROUP.value,
                _("A local group (団体) of the municipality, applying through it"),
            ),
        ],
        initial=Role.MUNICIPAL.value,
        widget=forms.RadioSelect,
        help_text=_(
            "Staff requests are decided by the bureau; a group's request by the "
            "municipality's staff."
        ),
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"))
    department = forms.CharField(
        label=_("Department (municipal staff)"),
        max_length=100,
        help_text=_("For example: 企画課 地域振興係"),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    group_name = forms.CharField(
        label=_("Name of the group (local groups)"),
        max_length=100,
        help_text=_("For example: ○○地区まちづくり協議会"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    phone = CodeField(
        label=_("Work phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    reason = forms.CharField(
        label=_("What you will use the portal for"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        if not self.data.get("role"):
            # A form posted without the choice (a page from before groups could ask) is a
            # staff request, as it always was.
            self.data = self.data.copy()
            self.data["role"] = Role.MUNICIPAL.value
        # Each asks only for its own name: the department of staff, the name of a group.
        if self.data.get("role") == Role.GROUP:
            self.fields["department"].required = False
        else:
            self.fields["group_name"].required = False

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.GROUP:
            data["department"] = ""
        else:
            data["group_name"] = ""
        return data

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not re.fullmatch(r"[0-9()+\- ]{6,30}", phone):
            raise forms.ValidationError(
                _("Enter the phone number with digits and hyphens, e.g. 011-231-4111.")
            )
        return phone


class GroupInvitationForm(PortalForm):
    group_name = forms.CharField(
        label=_("Name of the group"),
        max_length=100,
        help_text=_("As the group calls itself, for example: ○○地区まちづくり協議会"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("The group's email address"),
        help_text=_(
            "The invitation is mailed here. The group signs in to the portal with this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class ConsultationForm(PortalForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=ConsultationCategory.objects.filter(is_active=True),
        empty_label="---------",
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(
        label=_("Your question"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe the project and what you need to know. Do not include "
            "residents' personal information."
        ),
    )
    attachments = AttachmentField(label=_("Attachments"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A question about one survey is asked from that survey's page, which links it.
        self.fields["category"].queryset = ConsultationCategory.objects.filter(
            is_active=True
        ).exclude(code__in=registry.dedicated_consultation_categories())


class ReplyForm(PortalForm):
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachments = AttachmentField(label=_("Attachments"), required=False)

    def __init__(self, *args, attachments: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not attachments:
            del self.fields["attachments"]


class DeclineForm(PortalForm):
    note = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this reason."),
    )


class EventRegistrationForm(PortalForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            # Signed-in people register as themselves.
            del self.fields["name"]
            del self.fields["email"]


POPULATION_BANDS = [
    ("lt5000", _("under 5,000"), (None, 5000)),
    ("5000-10000", _("5,000 to 9,999"), (5000, 10000)),
    ("10000-30000", _("10,000 to 29,999"), (10000, 30000)),
    ("30000-100000", _("30,000 to 99,999"), (30000, 100000)),
    ("gte100000", _("100,000 and over"), (100000, None)),
    ("unknown", _("not recorded"), None),
]


class RegionalFilterForm(PortalForm):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind of municipality"), required=False)
    population_band = forms.ChoiceField(label=_("Population"), required=False)

    def __init__(self, *args, **kwargs):
        from ..japanese import fiscal_year, nendo

        super().__init__(*args, **kwargs)
        current = fiscal_year()
        self.fields["fiscal_year"].choices = [
            (year, nendo(year)) for year in range(current, current - 6, -1)
        ]
        self.fields["kind"].choices = [("", _("All")), *Municipality.Kind.choices]
        self.fields["population_band"].choices = [("", _("All"))] + [
            (code, label) for code, label, _bounds in POPULATION_BANDS
        ]

    @staticmethod
    def band_filter(code):
        from django.db.models import Q

        for band, _label, bounds in POPULATION_BANDS:
            if band != code:
                continue
            if bounds is None:
                return Q(population__isnull=True)
            low, high = bounds
            q = Q(population__isnull=False)
            if low is not None:
                q &= Q(population__gte=low)
            if high is not None:
                q &= Q(population__lt=high)
            return q
        return Q()
