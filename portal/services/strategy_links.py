"""Writes' checks for tagging objects with strategy measures (#21 point 3). Each pillar owns
its link (an M2M to StrategyMeasure) and calls ``check_measures`` before setting it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..selectors.strategy_links import measures_offered_for

NOT_SERVING = _(
    "“%(measure)s” is not a measure of this municipality's comprehensive strategy or of its "
    "region's policy. Choose from the list."
)


def check_measures(municipality, measures, field: str = "measures") -> list:
    """The measures, if each serves ``municipality`` (a published strategy of its own or of
    its region); otherwise ValidationError naming the first that does not."""
    return check_measures_for([municipality], measures, field)


def check_measures_for(municipalities, measures, field: str = "measures") -> list:
    """The same for an object serving several municipalities: each measure serves one."""
    measures = list(measures)
    if not measures:
        return measures
    allowed = set(measures_offered_for(municipalities).values_list("pk", flat=True))
    for measure in measures:
        if measure.pk not in allowed:
            raise ValidationError(
                {field: NOT_SERVING % {"measure": measure.title}}, code="measure_not_serving"
            )
    return measures
