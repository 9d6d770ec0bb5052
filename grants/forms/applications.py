"""Forms of the application journey: one short form per task-list section, submitting,
forwarding and withdrawing; the budget table is in ``budget``, the forms used after the
decision in ``after``.

Forms validate what people type and say exactly what to change; they never write. Saving
goes through ``grants.services``. Labels, lengths and hints of the application's own fields
come from the model, and which of them are required from its task list (``SECTIONS`` beside
the model), so the 「必須」 shown next to a label is the same rule that decides whether the
section is complete.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import (
    CodeField,
    MunicipalitiesField,
    PortalForm,
    YenField,
    normalise_digits,
)
from portal.forms.strategy_links import MeasuresField, offer_or_drop
from portal.japanese import ERAS, wareki_date
from portal.models import Municipality
from portal.uploads import AttachmentField

from ..models import Application
from ..models.applications import SECTIONS

# --- Fields ---------------------------------------------------------------------------------

_ERA_BY_NAME = {name: start for start, name, _abbr in ERAS} | {
    abbr: start for start, _name, abbr in ERAS
}
_WAREKI = re.compile(
    r"^(?P<era>令和|平成|昭和|[RHS])\s*(?P<year>元|\d{1,2})\s*[年./\-]\s*"
    r"(?P<month>\d{1,2})\s*[月./\-]\s*(?P<day>\d{1,2})\s*日?$",
    re.IGNORECASE,
)


def _from_wareki(value: str) -> str:
    """令和8年10月1日 / R8.10.1 → 2026-10-01; anything else is returned unchanged."""
    match = _WAREKI.match(value)
    if not match:
        return value
    start = _ERA_BY_NAME[match["era"].upper() if len(match["era"]) == 1 else match["era"]]
    year = 1 if match["year"] == "元" else int(match["year"])
    return f"{start.year + year - 1:04d}-{int(match['month']):02d}-{int(match['day']):02d}"


class JapaneseDateField(forms.DateField):
    """A date typed as 2026-10-01, 2026/10/01, 2026年10月1日 or 令和8年10月1日, with full-width
    digits too. A text box rather than a date picker, so that what was typed comes back as
    typed when it is wrong."""

    input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d"))
        # A model field passes its (empty) help text explicitly.
        kwargs["help_text"] = kwargs.get("help_text") or _(
            "For example: 2026-10-01 or 令和8年10月1日"
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Enter a real date, for example 2026-10-01 or 令和8年10月1日.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = _from_wareki(normalise_digits(value))
        return super().to_python(value)


def yen_field(**kwargs) -> YenField:
    """An amount box that takes 1,200,000 / １，２００，０００ / 1200000円 / 120万円: the
    kernel's YenField (a text box)."""
    return YenField(**kwargs)


def application_field(name: str, **kwargs) -> forms.Field:
    """The form field of one of Application's fields: its label, length and hint."""
    return Application._meta.get_field(name).formfield(**kwargs)


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _date_text(value: dt.date) -> str:
    return wareki_date(value)


class PartnerMunicipalitiesField(MunicipalitiesField):
    """The partners of a joint application: the form offers the other municipalities."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Municipality.objects.none())
        super().__init__(**kwargs)


# --- Starting an application ----------------------------------------------------------------


class ApplicationStartForm(PortalForm):
    applicant_kind = forms.ModelChoiceField(
        label=_("Who applies"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose who applies (申請者区分).")},
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(
        label=_("Name of the group, council or union"),
        max_length=100,
        required=False,
        help_text=_("Required for a local group. Leave it empty when the municipality applies."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].queryset = kinds

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind is not None and kind.via_municipality and not data.get("applicant_name"):
            self.add_error("applicant_name", _("Enter the name of the group that applies."))
        return data


# --- Task-list sections ---------------------------------------------------------------------


class SectionForm(VersionedFormMixin, PortalForm):
    """One section of the task list. ``required`` follows the task list. It carries the
    section's version, so a save based on a page someone else has changed since is refused
    (portal.concurrency)."""

    section_key = ""

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        required = set(SECTIONS.get(self.section_key).required)
        for name, field in self.fields.items():
            field.required = name in required

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        return {
            name: getattr(application, name)
            for name in cls.base_fields
            if name in SECTIONS.get(cls.section_key).fields and name != "partners"
        }


class OverviewForm(SectionForm):
    section_key = "overview"

    applicant_name = application_field(
        "applicant_name", widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    title = application_field(
        "title", help_text=_("A short name for the project, as it will appear in notices.")
    )
    purpose = application_field(
        "purpose",
        widget=textarea(4),
        help_text=_("The local problem the project addresses and what it aims to achieve."),
    )
    description = application_field(
        "description",
        widget=textarea(8),
        help_text=_("What will be done, by whom, and for whom."),
    )
    partners = PartnerMunicipalitiesField(
        label=_("Partner municipalities (joint application, 広域連携)"),
        required=False,
        help_text=_(
            "Only for a joint application with other municipalities, of any bureau: open a "
            "bureau, or type a name, and tick each partner. Partners can view the "
            "application and confirm their part."
        ),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if application.applicant_kind.via_municipality:
            self.fields["applicant_name"].required = True
        elif not application.applicant_name:
            # The municipality applies in its own name.
            del self.fields["applicant_name"]
        self.fields["partners"].queryset = (
            Municipality.objects.select_related("bureau")
            .exclude(pk=application.municipality_id)
            .order_by("bureau__order", "code")
        )

    @classmethod
    def initial_for(cls, application):
        initial = super().initial_for(application)
        initial["partners"] = [m.pk for m in application.partners.all()]
        return initial


class StrategyForm(SectionForm):
    section_key = "strategy"

    strategy_name = application_field("strategy_name")
    measures = MeasuresField()
    legacy_measure = forms.CharField(
        label=_("Entry before migration"),
        required=False,
        disabled=True,
        help_text=_(
            "What was typed as the measure before applications were tagged with measures. "
            "Kept for reference; tick the matching measure above."
        ),
    )
    kpi_name = application_field(
        "kpi_name", help_text=_("For example: キャッシュレス決済導入店舗数")
    )
    kpi_baseline = application_field(
        "kpi_baseline", help_text=_("The value now, with its unit. For example: 20店舗")
    )
    kpi_target = application_field(
        "kpi_target",
        help_text=_("The value at the end of the project, with its unit. For example: 60店舗"),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        offer_or_drop(self, application.municipality)
        if not application.strategy_measure:
            del self.fields["legacy_measure"]
        else:
            self.fields["legacy_measure"].initial = application.strategy_measure

    @classmethod
    def initial_for(cls, application):
        initial = super().initial_for(application)
        initial["measures"] = [m.pk for m in application.measures.all()]
        return initial


class ScheduleForm(SectionForm):
    section_key = "schedule"

    start_date = application_field("start_date", form_class=JapaneseDateField)
    end_date = application_field("end_date", form_class=JapaneseDateField)
    schedule_notes = application_field(
        "schedule_notes",
        widget=textarea(5),
        help_text=_("The main steps and when they happen. For example: 10月 説明会、11月 導入"),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        limit = application.call.project_end_limit
        if limit:
            self.fields["end_date"].help_text = _(
                "Projects of this call must finish by %(date)s. For example: 2027-02-28"
            ) % {"date": _date_text(limit)}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        limit = self.application.call.project_end_limit
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("The end date must be on or after the start date, %(start)s.")
                % {"start": _date_text(start)},
            )
        elif end and limit and end > limit:
            self.add_error(
                "end_date",
                _(
                    "Projects of this call must finish by %(date)s. Enter an end date on or "
                    "before it."
                )
                % {"date": _date_text(limit)},
            )
        return data


PHONE = re.compile(r"[0-9()+\- ]{6,30}")


class ContactForm(SectionForm):
    section_key = "contact"

    contact_name = application_field(
        "contact_name", widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_department = application_field(
        "contact_department",
        help_text=_("For example: 企画課 地域振興係"),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_phone = application_field(
        "contact_phone",
        form_class=CodeField,
        help_text=_("For example: 011-231-4111"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = application_field(
        "contact_email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Enter the phone number with digits and hyphens, e.g. 011-231-4111.")
            )
        return phone


SECTION_FORMS = {
    form.section_key: form for form in (OverviewForm, StrategyForm, ScheduleForm, ContactForm)
}


# --- Attachments ----------------------------------------------------------------------------


class AttachmentsForm(PortalForm):
    """One upload box per document the call asks for."""

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        for requirement in requirements:
            field = AttachmentField(label=requirement.name, required=False, multiple=False)
            if requirement.description:
                field.help_text = f"{requirement.description} {field.help_text}"
            self.fields[self.field_name(requirement)] = field

    @staticmethod
    def field_name(requirement) -> str:
        return f"document_{requirement.pk}"


# --- Submission, forwarding, withdrawal, partners -------------------------------------------


class SubmitForm(PortalForm):
    """No fields: carries the problems that stop a submission to the error summary."""


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=2000,
        required=False,
        widget=textarea(3),
        help_text=_("The bureau reads this if the application was already submitted."),
    )


class ForwardForm(PortalForm):
    comment = forms.CharField(
        label=_("The municipality's view"),
        max_length=4000,
        required=False,
        widget=textarea(5),
        help_text=_(
            "When you forward: your comments to the bureau. When you return it: what the group "
            "must change (required)."
        ),
    )


class PartnerConfirmForm(PortalForm):
    comment = forms.CharField(
        label=_("Comment to the lead municipality"),
        max_length=2000,
        required=False,
        widget=textarea(3),
    )
