"""Forms of the organisation page (#20): a unit, and where a colleague sits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import Position, Unit
from . import PortalForm


class UnitForm(PortalForm):
    name = forms.CharField(
        label=_("Name of the division or section"),
        max_length=60,
        help_text=_("As the organisation calls it, for example: 企画課, 政策推進係"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    parent = forms.ModelChoiceField(
        label=_("Division it belongs to"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("None: this is a division (課)"),
        help_text=_("For a section (係), choose its division."),
    )
    email = forms.EmailField(
        label=_("Shared mailbox"),
        required=False,
        help_text=_("If the unit has a shared address, notifications to the unit go there too."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    order = forms.IntegerField(
        label=_("Order on the page"),
        min_value=0,
        max_value=999,
        initial=0,
        required=False,
        help_text=_("A number from 0 to 999; smaller numbers come first."),
        # A text box: a number box refuses the full-width digits people type.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, divisions=None, with_parent=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_parent:
            self.fields["parent"].queryset = (
                divisions if divisions is not None else Unit.objects.none()
            )
        else:
            del self.fields["parent"]

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class PlacementForm(PortalForm):
    unit = forms.ModelChoiceField(
        label=pgettext_lazy("organisation", "unit"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose a unit"),
        error_messages={
            "required": _("Choose the division or section this person belongs to."),
            "invalid_choice": _(
                "Choose a division or section of this person's own organisation: a unit "
                "of another organisation cannot be chosen."
            ),
        },
    )
    position = forms.TypedChoiceField(
        label=pgettext_lazy("approver level", "position"),
        choices=Position.choices,
        coerce=int,
        error_messages={"required": _("Choose a position.")},
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
