"""I3: the forms of the cooperative's pages and of the review steps in the admin."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import (
    CodeField,
    FiscalYearField,
    MunicipalityChoiceField,
    PortalForm,
    PortalModelForm,
    YenField,
    required_badge,
)
from portal.japanese import fiscal_year
from portal.models import Municipality
from portal.uploads import AttachmentField

from ..models.cooperative_applications import CertificationApplication
from ..models.cooperative_changes import ChangeNotification, NotificationKind
from ..models.cooperatives import Cooperative
from ..rules import cooperatives as sections


def _textarea(rows: int = 5):
    return forms.Textarea(attrs={"rows": rows})


class CooperativeRegistrationForm(PortalModelForm):
    corporate_number = CodeField(
        label=_("Corporate number (法人番号)"),
        max_length=20,
        required=False,
        help_text=Cooperative._meta.get_field("corporate_number").help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality of the principal office"),
        help_text=Cooperative._meta.get_field("municipality").help_text,
    )
    contact_phone = CodeField(
        label=_("Contact phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = Cooperative
        fields = [
            "name",
            "name_kana",
            "corporate_number",
            "address",
            "municipality",
            "representative",
            "contact_phone",
        ]
        widgets = {
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def clean_corporate_number(self):
        value = (self.cleaned_data.get("corporate_number") or "").replace("-", "")
        if value and (len(value) != 13 or not value.isdigit()):
            raise forms.ValidationError(
                _("Enter the 13-digit corporate number (法人番号) as issued, or leave it empty."),
                code="corporate_number",
            )
        return value


# --- The application's sections ---------------------------------------------------------------


class _GroupedMunicipalities(forms.models.ModelChoiceIterator):
    def __iter__(self):
        groups: dict[str, list] = {}
        for municipality in self.queryset:
            groups.setdefault(municipality.bureau.display_name, []).append(
                self.choice(municipality)
            )
        yield from groups.items()


class AreaField(forms.ModelMultipleChoiceField):
    """The municipalities of the area, as checkboxes grouped by bureau."""

    iterator = _GroupedMunicipalities
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            Municipality.objects.select_related("bureau").order_by("bureau__order", "code"),
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class SectionForm(VersionedFormMixin, PortalModelForm):
    """One section of the task list; it carries the section's version, so a save based on
    a page someone else has changed since is refused (portal.concurrency)."""

    class Meta:
        model = CertificationApplication
        fields: list[str] = []

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault("instance", application)
        super().__init__(*args, **kwargs)
        spec = sections.get_section(application, self.section_key)
        for name in spec.required:
            if name in self.fields:
                self.fields[name].required = True

    def saved_values(self) -> dict:
        """What the section shows of the application as saved (unbound form)."""
        return {name: self.initial.get(name) for name in self._meta.fields}


class OrganisationForm(SectionForm):
    section_key = "organisation"

    class Meta(SectionForm.Meta):
        fields = ["name", "address", "representative", "office"]
        widgets = {"address": forms.TextInput(attrs={"autocomplete": "street-address"})}


class OfficersForm(SectionForm):
    section_key = "officers"

    class Meta(SectionForm.Meta):
        fields = ["officers"]
        widgets = {"officers": _textarea(8)}


class AreaForm(SectionForm):
    section_key = "area"
    main_municipality = MunicipalityChoiceField(
        label=_("Main municipality of the area"),
        help_text=CertificationApplication._meta.get_field("main_municipality").help_text,
    )
    area = AreaField(
        label=_("Municipalities of the area (地区)"),
        help_text=_("Tick every municipality the cooperative covers; all lie in Hokkaido."),
    )

    class Meta(SectionForm.Meta):
        fields = ["main_municipality", "area", "area_reason"]
        widgets = {"area_reason": _textarea(5)}

    def clean(self):
        data = super().clean()
        main, area = data.get("main_municipality"), data.get("area")
        if main is not None and area is not None and main not in area:
            self.add_error("area", _("The area must include its main municipality."))
        return data


class BusinessForm(SectionForm):
    section_key = "business"
    budget_income = YenField(
        label=_("Budgeted income (yen)"),
        help_text=_("For the first business year, e.g. 20,000,000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    budget_expenditure = YenField(
        label=_("Budgeted expenditure (yen)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta(SectionForm.Meta):
        fields = [
            "business_plan",
            "dispatches_workers",
            "planned_workers",
            "budget_income",
            "budget_expenditure",
        ]
        widgets = {"business_plan": _textarea(10)}
        help_texts = {
            "business_plan": _(
                "The jobs the cooperative's workers will do, with which members, through the year."
            ),
        }


class ChangeForm(SectionForm):
    section_key = "change"

    class Meta(SectionForm.Meta):
        fields = ["change_summary"]
        widgets = {"change_summary": _textarea(6)}


SECTION_FORMS = {
    "organisation": OrganisationForm,
    "officers": OfficersForm,
    "area": AreaForm,
    "business": BusinessForm,
    "change": ChangeForm,
}


class AttachmentsForm(PortalForm):
    """One upload box per document of the statutory checklist."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            requirement = row["requirement"]
            field = AttachmentField(label=requirement.title, required=False, multiple=True)
            field.help_text = f"{requirement.hint} {field.help_text}"
            self.fields[self.field_name(requirement.code)] = field

    @staticmethod
    def field_name(code: str) -> str:
        return f"document_{code}"


class SubmitForm(PortalForm):
    """No fields: carries what stops a submission to the error summary."""


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), max_length=2000, required=False, widget=_textarea(3)
    )


class PreconsultationForm(PortalForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(
        label=_("Your question"),
        max_length=8000,
        widget=_textarea(8),
        help_text=_(
            "For example: whether the planned area can form one cooperative, which documents "
            "to prepare, the schedule of the review."
        ),
    )


# --- After certification ------------------------------------------------------------------------


class NotificationForm(PortalModelForm):
    kind = forms.ChoiceField(
        label=_("What changed"), choices=NotificationKind.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = ChangeNotification
        fields = ["kind", "changed_on", "new_value"]
        widgets = {
            "changed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "new_value": _textarea(5),
        }
        help_texts = {
            "changed_on": _("The notification is due within 30 days of this date."),
        }


class FilesForm(PortalForm):
    files = AttachmentField(label=_("Documents"), required=False)

    def __init__(self, *args, needed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needed:
            # Filing needs a document (the service refuses without one): while none is
            # attached the field is required, and its badge says so.
            self.fields["files"].required = True
            self.fields["files"].error_messages["required"] = _(
                "Attach at least one document showing the change."
            )


class AnnualReportForm(PortalForm):
    fiscal_year = FiscalYearField(
        label=_("Fiscal year"), first=2019, help_text=_("The 年度 the report covers.")
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=_textarea(4)
    )
    files = AttachmentField(label=_("Report files"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].initial = fiscal_year() - 1


# --- Review steps in the admin ------------------------------------------------------------------


class ReasonForm(PortalForm):
    note = forms.CharField(label=_("Reason"), max_length=4000, widget=_textarea(5))

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["note"].label = label
        self.fields["note"].help_text = help_text


class ChecklistForm(PortalForm):
    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CertificationApplication.CRITERIA:
            model_field = CertificationApplication._meta.get_field(name)
            # Saved as the review goes; every criterion must be met before the application
            # goes to HQ (application_forward), so each is badged 必須, not 任意.
            self.fields[name] = required_badge(
                forms.BooleanField(
                    label=model_field.verbose_name,
                    required=False,
                    initial=getattr(application, name),
                    help_text=_("Every criterion must be met before the application goes to HQ."),
                )
            )
