"""Forms used after the decision: a change request and the performance report (実績報告)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm
from portal.japanese import yen
from portal.uploads import AttachmentField

from ..models import ChangeRequest, PerformanceReport
from .applications import JapaneseDateField, textarea, yen_field


def report_field(name: str, **kwargs) -> forms.Field:
    return PerformanceReport._meta.get_field(name).formfield(**kwargs)


class ChangeRequestForm(PortalForm):
    kind = forms.ChoiceField(
        label=_("What do you want to change?"),
        choices=ChangeRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=4000,
        widget=textarea(4),
        help_text=_("Why the approved plan must change, and since when."),
    )
    new_description = forms.CharField(
        label=_("What will be done after the change"),
        max_length=8000,
        required=False,
        widget=textarea(6),
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
        widget=textarea(6),
        help_text=_("What was done, with dates, places and numbers of participants."),
    )
    kpi_result = report_field(
        "kpi_result", help_text=_("The KPI's value at completion, with its unit.")
    )
    kpi_comment = report_field("kpi_comment", widget=textarea(4))
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
