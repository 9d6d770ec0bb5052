"""The field through which a pillar's form offers strategy measures (#21 point 3): a
checkbox list grouped by strategy (the municipality's 総合戦略, the region's policy)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import StrategyMeasure
from ..selectors.strategy_links import grouped_choices, measures_offered_for


class MeasuresField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "A ticked measure does not serve this municipality (its comprehensive strategy "
            "or its region's policy, published). Choose from the list."
        ),
        "invalid_pk_value": _("Choose measures from the list."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", StrategyMeasure.objects.none())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Strategy measures served"))
        kwargs.setdefault(
            "help_text",
            _(
                "Tick the measures of the municipality's comprehensive strategy or of the "
                "region's policy that this serves. Only published strategies are listed."
            ),
        )
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def offer(self, municipality) -> bool:
        """List the measures serving ``municipality``, grouped by strategy; False when there
        is none (no published strategy yet: a form may then leave the question out)."""
        return municipality is not None and self.offer_for([municipality])

    def offer_for(self, municipalities) -> bool:
        """List the measures serving any of ``municipalities``, grouped by strategy."""
        measures = list(measures_offered_for(municipalities))
        self.queryset = StrategyMeasure.objects.filter(pk__in=[m.pk for m in measures])
        self.choices = grouped_choices(measures)
        return bool(measures)


def offer_or_drop(form, municipality, name: str = "measures") -> None:
    """Offer the measures serving ``municipality`` on ``form``, or drop the question when
    there is none to choose (the municipality and its region have no published strategy)."""
    if not form.fields[name].offer(municipality):
        del form.fields[name]
