"""The forms of the bulk pages of the application list (bulk.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm, YenField
from portal.models import Role, User

from .forms import OfficerChoiceField, OfficerMultipleChoiceField


def bureau_officers(bureau_id):
    return User.objects.filter(role=Role.BUREAU, bureau_id=bureau_id, is_active=True).order_by(
        "name", "email"
    )


class BulkAssignForm(PortalForm):
    lead_officer = OfficerChoiceField(
        label=_("Lead officer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Set on every selected application; leave empty to keep theirs."),
    )
    reviewers = OfficerMultipleChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Officers of your bureau who score every selected application; those already "
            "assigned stay."
        ),
    )

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        officers = bureau_officers(bureau_id)
        self.fields["lead_officer"].queryset = officers
        self.fields["reviewers"].queryset = officers


def amount_field_name(application) -> str:
    return f"amount_{application.pk}"


class BulkDecideForm(PortalForm):
    """One amount per selected application (``rows``: selectors.bulk.DecideRow), and the
    conditions printed on every notice."""

    conditions = forms.CharField(
        label=_("Conditions of the grant"),
        help_text=_(
            "Printed on every notice (交付決定通知書) of this decision. Leave empty for the "
            "guidelines' conditions."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            application = row.application
            self.fields[amount_field_name(application)] = YenField(
                label=_("Grant amount for %(reference)s") % {"reference": application.reference},
                initial=row.initial,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "bulk-amount", "size": 12}
                ),
            )
        # Filled in by the page for each row: its bound field, to draw the table by hand.
        for row in rows:
            row.field = self[amount_field_name(row.application)]

    def decisions(self) -> list[tuple]:
        return [
            (row.application, self.cleaned_data[amount_field_name(row.application)])
            for row in self.rows
        ]

    def typed_total(self) -> int:
        """The sum of the amounts as typed (those that read as numbers), for the total row."""
        total = 0
        for row in self.rows:
            field = self.fields[amount_field_name(row.application)]
            try:
                total += field.to_python(row.field.value()) or 0
            except forms.ValidationError:
                continue
        return total
