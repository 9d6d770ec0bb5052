"""The step pages' forms. Each knows the application's situation, for its choices and
initial values; validation beyond the fields' own is the services' business."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.forms import PortalForm, YenField
from portal.models import Role, User

from ..workflows.applications import REVIEW_STATUSES
from .situation import Situation


class StepForm(PortalForm):
    """A step's form; knows its application (for choices and initial values)."""

    def __init__(self, *args, situation: Situation, **kwargs):
        self.situation = situation
        self.application = situation.application
        super().__init__(*args, **kwargs)


def _text(label, help_text="", required=True, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _date(label):
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        help_text=_("For example 2026-04-20."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReturnForm(StepForm):
    reason = _text(
        _("What the applicant must revise (差戻しの理由)"),
        _("The applicant reads this text in the email and on the application page."),
    )


class RejectForm(StepForm):
    reason = _text(
        _("Reason for not granting"),
        _("Printed on the notice of non-grant (不交付決定通知書) sent to the applicant."),
    )


class ApproveForm(StepForm):
    amount = YenField(
        label=_("Grant amount in yen (交付決定額)"),
        help_text=_(
            "At most the requested amount and the maximum computed from the budget, in units "
            "of the call's rounding unit."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    conditions = _text(
        _("Conditions of the grant"),
        _("Printed on the notice (交付決定通知書). Leave empty for the guidelines' conditions."),
        required=False,
        rows=4,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = self.situation.initial_amount


class RecommendForm(StepForm):
    amount = YenField(
        label=_("Recommended amount in yen"),
        help_text=_("What the review recommends; the decision sets the granted amount."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].initial = (
            self.application.recommended_amount or self.situation.initial_amount
        )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name or obj.email}（{obj.department}）" if obj.department else str(obj)


class OfficerMultipleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = OfficerChoiceField.label_from_instance


class AssignForm(StepForm):
    lead_officer = OfficerChoiceField(
        label=_("Lead officer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Receives the applicant's change requests, reports and claims."),
    )
    reviewers = OfficerMultipleChoiceField(
        label=_("Add reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Officers of the bureau who score the application."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        officers = User.objects.filter(
            role=Role.BUREAU, bureau_id=self.application.bureau_id, is_active=True
        ).order_by("name", "email")
        self.fields["lead_officer"].queryset = officers
        self.fields["lead_officer"].initial = self.application.lead_officer_id
        assigned = self.application.reviewer_assignments.values("reviewer_id")
        candidates = officers.exclude(pk__in=assigned)
        if self.application.status in REVIEW_STATUSES and candidates.exists():
            self.fields["reviewers"].queryset = candidates
        else:  # nobody left to add, or the review is over: no empty checkbox group
            del self.fields["reviewers"]


def score_form(*args, situation: Situation, **kwargs):
    """A form with a score and a comment for each of the call's criteria."""
    criteria = list(situation.application.call.criteria.all())
    existing = {s.criterion_id: s for s in situation.assignment.scores.all()}
    fields = {}
    for criterion in criteria:
        previous = existing.get(criterion.pk)
        fields[f"score_{criterion.pk}"] = forms.IntegerField(
            label=_("%(name)s: score (0–%(max)s, weight %(weight)s)")
            % {"name": criterion.name, "max": criterion.max_score, "weight": criterion.weight},
            min_value=0,
            max_value=criterion.max_score,
            initial=previous.score if previous else None,
            help_text=criterion.description,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
        fields[f"comment_{criterion.pk}"] = _text(
            _("%(name)s: comment") % {"name": criterion.name}, required=False, rows=2
        )
        fields[f"comment_{criterion.pk}"].initial = previous.comment if previous else ""
    form_class = type("ScoreForm", (StepForm,), fields)
    form = form_class(*args, situation=situation, **kwargs)
    form.criteria = criteria
    return form


class ChangeApproveForm(StepForm):
    note = _text(
        _("Note to the applicant"),
        _("Sent with the notice of change approval."),
        required=False,
        rows=3,
    )


class ChangeRejectForm(StepForm):
    note = _text(
        _("Reason for not approving the change"),
        _("Printed on the notice of change non-approval sent to the applicant."),
    )


class ReportReturnForm(StepForm):
    reason = _text(
        _("What to correct in the report"),
        _("The applicant reads this text in the email and on the application page."),
    )


class AdvanceForm(StepForm):
    amount = YenField(
        label=_("Amount paid in advance, in yen (概算払)"),
        help_text=_("Advances together never exceed the decided amount."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    paid_on = _date(_("Date of payment"))
    note = forms.CharField(label=pgettext_lazy("payment", "Note"), max_length=200, required=False)


class PaymentForm(StepForm):
    paid_on = _date(_("Date of payment"))
    note = forms.CharField(label=pgettext_lazy("payment", "Note"), max_length=200, required=False)


class RefundForm(StepForm):
    paid_on = _date(_("Date the refund was received"))
    note = forms.CharField(label=pgettext_lazy("payment", "Note"), max_length=200, required=False)
