"""Forms of the application journey: one short form per task-list section, then the forms
used after the decision (change request, performance report).

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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import CodeField, GroupedByBureau, PortalForm, YenField, normalise_digits
from portal.japanese import ERAS, nendo, wareki, yen
from portal.models import Municipality
from portal.uploads import AttachmentField

from .models import Application, ChangeRequest, PerformanceReport
from .models.applications import SECTIONS, Status
from .rules import BudgetSummary, Line, Rules, check_requested, summarise

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
    """An amount box that takes 1,200,000 / １，２００，０００ / 1200000円 (a text box: a
    number box would refuse the commas and full-width digits people type)."""
    kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
    return YenField(**kwargs)


def application_field(name: str, **kwargs) -> forms.Field:
    """The form field of one of Application's fields: its label, length and hint."""
    return Application._meta.get_field(name).formfield(**kwargs)


def report_field(name: str, **kwargs) -> forms.Field:
    return PerformanceReport._meta.get_field(name).formfield(**kwargs)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _date_text(value: dt.date) -> str:
    return f"{value:%Y-%m-%d}（{wareki(value)}）"


class PartnerMunicipalitiesField(forms.ModelMultipleChoiceField):
    iterator = GroupedByBureau

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Municipality.objects.none())
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 12}))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


# --- Starting an application ----------------------------------------------------------------


class ApplicationStartForm(PortalForm):
    applicant_kind = forms.ModelChoiceField(
        label=_("Who applies"),
        queryset=None,
        empty_label=None,
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
        widget=_textarea(4),
        help_text=_("The local problem the project addresses and what it aims to achieve."),
    )
    description = application_field(
        "description",
        widget=_textarea(8),
        help_text=_("What will be done, by whom, and for whom."),
    )
    partners = PartnerMunicipalitiesField(
        label=_("Partner municipalities (joint application, 広域連携)"),
        required=False,
        help_text=_(
            "Only for a joint application with other municipalities, of any bureau. "
            "Hold Ctrl (⌘ on a Mac) to choose more than one. Partners can view the "
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
    strategy_measure = application_field(
        "strategy_measure",
        help_text=_("The basic goal or measure of the strategy the project belongs to."),
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


class ScheduleForm(SectionForm):
    section_key = "schedule"

    start_date = application_field("start_date", form_class=JapaneseDateField)
    end_date = application_field("end_date", form_class=JapaneseDateField)
    schedule_notes = application_field(
        "schedule_notes",
        widget=_textarea(5),
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


# --- Budget ---------------------------------------------------------------------------------


class BudgetLineForm(PortalForm):
    """One line of the budget table. Categories come in once for the whole table (a model
    choice field would query them again for every line)."""

    # The saved line this row shows (empty for a new one): the line is updated in place.
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    cost_category = forms.TypedChoiceField(label=_("Cost category"), coerce=int)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = yen_field(label=_("Amount (yen)"))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c in categories}
        self.fields["cost_category"].choices = [("", _("Choose a category"))] + [
            (c.pk, c.name) for c in categories
        ]

    def has_changed(self):
        # A row whose boxes were all cleared is empty even though it still carries the id
        # of its saved line: clearing a line removes it.
        return any(name != "id" for name in self.changed_data)

    def clean_id(self):
        # Which line of this application it is, if any: the service ignores ids that are
        # not, so a wrong one only adds a line.
        try:
            return int(self.cleaned_data["id"])
        except (TypeError, ValueError):
            return None

    def clean_cost_category(self):
        return self.categories[self.cleaned_data["cost_category"]]

    def category_id(self) -> int | None:
        """The category chosen on this line, valid or not (for the 対象外 flag)."""
        raw = self["cost_category"].value()
        try:
            return int(raw.pk if hasattr(raw, "pk") else raw)
        except (TypeError, ValueError):
            return None


class BaseBudgetLineFormSet(forms.BaseFormSet):
    """Lines people leave empty are ignored, so the extra rows cost nothing and clearing a
    line removes it."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def lines(self) -> list[dict]:
        """The lines that validated, in order: id (of a saved line, or None), cost_category,
        description, amount."""
        lines = []
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):
                continue
            data = getattr(form, "cleaned_data", {})
            if data.get("cost_category") is not None and data.get("amount") is not None:
                lines.append(
                    {
                        "id": data.get("id"),
                        "cost_category": data["cost_category"],
                        "description": data.get("description", ""),
                        "amount": data["amount"],
                    }
                )
        return lines


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseBudgetLineFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    absolute_max=150,
    validate_max=True,
)


def budget_line_formset(data=None, *, categories, lines=None) -> BaseBudgetLineFormSet:
    initial = None
    if data is None and lines is not None:
        initial = [
            {
                "id": line.pk,
                "cost_category": line.cost_category_id,
                "description": line.description,
                # Shown as people write amounts; YenField reads the commas back.
                "amount": f"{line.amount:,}",
            }
            for line in lines
        ]
    return BudgetLineFormSet(
        data, initial=initial, prefix="lines", form_kwargs={"categories": categories}
    )


class BudgetForm(VersionedFormMixin, PortalForm):
    """The requested amount, and the budget's version: the lines and the amount are saved
    together and checked together (portal.concurrency)."""

    requested_amount = yen_field(
        label=_("Requested amount (yen)"),
        help_text=_(
            "At most the maximum subsidy shown above, in the call's rounding unit. For "
            "example: 600,000"
        ),
    )


BUDGET_ROW_LABEL = _("Budget line")


def budget_snapshot_rows(lines) -> list[dict]:
    """The saved lines as the "what changed" panel compares them, by id."""
    return [
        {"id": line.pk, "text": f"{line.cost_category.name} {line.description} {yen(line.amount)}"}
        for line in lines
    ]


def summarise_formset(formset: BaseBudgetLineFormSet, rules: Rules) -> BudgetSummary:
    """The totals and maximum of the lines typed so far that are readable."""
    formset.is_valid()
    return summarise(
        [Line(line["cost_category"].pk, line["amount"]) for line in formset.lines()], rules
    )


def check_budget(
    form: PortalForm, formset: BaseBudgetLineFormSet, rules: Rules, *, amount_field: str
) -> BudgetSummary:
    """Check the budget against the call's rules and add what to change as errors on the
    form. Returns the summary of the lines that could be read."""
    summary = summarise_formset(formset, rules)
    form.is_valid()
    lines = formset.lines()
    if any(formset.errors) or formset.non_form_errors():
        form.add_error(None, _("Correct the budget lines marked below."))
    elif not lines:
        form.add_error(None, _("Enter at least one budget line."))
    elif amount_field in form.cleaned_data and form.cleaned_data[amount_field] is not None:
        for problem in check_requested(form.cleaned_data[amount_field], summary, rules):
            form.add_error(amount_field, problem)
    return summary


def budget_rows(formset: BaseBudgetLineFormSet, rules: Rules) -> list[dict]:
    """Each line form with its number and whether its category is outside the call."""
    return [
        {
            "form": form,
            "number": index + 1,
            "ineligible": form.category_id() in rules.ineligible_categories,
        }
        for index, form in enumerate(formset.forms)
    ]


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
        widget=_textarea(3),
        help_text=_("The bureau reads this if the application was already submitted."),
    )


class ForwardForm(PortalForm):
    comment = forms.CharField(
        label=_("The municipality's view"),
        max_length=4000,
        required=False,
        widget=_textarea(5),
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
        widget=_textarea(3),
    )


# --- After the decision ---------------------------------------------------------------------


class ChangeRequestForm(PortalForm):
    kind = forms.ChoiceField(
        label=_("What do you want to change?"),
        choices=ChangeRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=4000,
        widget=_textarea(4),
        help_text=_("Why the approved plan must change, and since when."),
    )
    new_description = forms.CharField(
        label=_("What will be done after the change"),
        max_length=8000,
        required=False,
        widget=_textarea(6),
        help_text=_("For a change of content. Leave it empty if the content stays the same."),
    )
    new_amount = yen_field(
        label=_("Grant amount after the change (yen)"),
        required=False,
        help_text=_("For a budget reallocation. Leave it empty to keep the decided amount."),
    )


class ReportForm(PortalForm):
    """実績報告: the actual cost of every budget line is asked for by its own box."""

    completed_on = report_field("completed_on", form_class=JapaneseDateField)
    summary = report_field(
        "summary",
        widget=_textarea(6),
        help_text=_("What was done, with dates, places and numbers of participants."),
    )
    kpi_result = report_field(
        "kpi_result", help_text=_("The KPI's value at completion, with its unit.")
    )
    kpi_comment = report_field("kpi_comment", widget=_textarea(4))
    evidence = AttachmentField(
        label=_("Evidence and photos"),
        required=False,
        help_text=_(
            "Receipts, deliverables and photos of the project; several files at once. "
            "PDF, images, Office documents or CSV."
        ),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[self.actual_field(line)] = yen_field(
                label=_("Actual cost: %(category)s %(description)s")
                % {"category": line.cost_category.name, "description": line.description},
                help_text=_("Planned: %(amount)s") % {"amount": yen(line.amount)},
            )

    @staticmethod
    def actual_field(line) -> str:
        return f"actual_{line.pk}"

    def actual_fields(self):
        return [self[self.actual_field(line)] for line in self.lines]

    def main_fields(self):
        return [self[name] for name in ("completed_on", "summary", "kpi_result", "kpi_comment")]

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The completion date cannot be in the future."))
        return day

    def actuals(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[self.actual_field(line)] for line in self.lines}


# --- The list of applications ---------------------------------------------------------------


class ApplicationFilterForm(PortalForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Status.choices]
        self.fields["fiscal_year"].choices = [("", _("All")), *((y, nendo_label(y)) for y in years)]


def nendo_label(year: int) -> str:
    return f"{nendo(year)}（{year}）"
