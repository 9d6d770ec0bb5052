"""Forms of 決裁: a stamp's comment, a stand-in for a period, an organisation's route."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Delegation, Position, User
from ..models.kessai import MAX_STEPS
from ..permissions.kessai import same_organisation


class StampForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional; required to return)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DelegationForm(forms.ModelForm):
    """The signed-in person names a stand-in of their organisation for a period."""

    class Meta:
        model = Delegation
        fields = ["stand_in", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        people = User.objects.filter(is_active=True, role=user.role).exclude(pk=user.pk)
        if user.municipality_id:
            people = people.filter(municipality_id=user.municipality_id)
        if user.bureau_id:
            people = people.filter(bureau_id=user.bureau_id)
        self.fields["stand_in"].queryset = people.order_by("name")
        self.fields["stand_in"].empty_label = _("Select")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        stand_in = data.get("stand_in")
        if stand_in and not same_organisation(
            stand_in,
            self.user.municipality_id,
            None if self.user.municipality_id else self.user.bureau_id,
        ):
            self.add_error("stand_in", _("Choose someone of your own organisation."))
        return data


POSITION_CHOICES = [("", _("No step"))] + [
    (str(value), label) for value, label in Position.choices if value != Position.STAFF
]


class RouteForm(forms.Form):
    """An organisation's route for one kind of act: up to four approvers in order; none
    means the drafter alone decides (the default)."""

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        unit_choices = [("", _("The drafter's own section or division"))] + [
            (str(u.pk), str(u)) for u in units
        ]
        self.units = {str(u.pk): u for u in units}
        for number in range(1, MAX_STEPS + 1):
            self.fields[f"position_{number}"] = forms.ChoiceField(
                label=_("Step %(number)s: position") % {"number": number},
                choices=POSITION_CHOICES,
                required=False,
            )
            self.fields[f"unit_{number}"] = forms.ChoiceField(
                label=_("Step %(number)s: unit") % {"number": number},
                choices=unit_choices,
                required=False,
            )

    def clean(self):
        data = super().clean()
        steps, gap = [], False
        for number in range(1, MAX_STEPS + 1):
            position = data.get(f"position_{number}")
            unit = data.get(f"unit_{number}")
            if not position:
                gap = True
                if unit:
                    self.add_error(f"position_{number}", _("Choose the position of this step."))
                continue
            if gap:
                self.add_error(
                    f"position_{number}", _("Fill the steps in order, without an empty step.")
                )
            steps.append({"position": int(position), "unit_id": int(unit) if unit else None})
        data["steps"] = steps
        return data
