"""Reads for tagging objects with the strategy measures they serve (#21 point 3): the
measures a municipality's object may be tagged with, grouped for a checkbox list."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import StrategyKind, StrategyMeasure, StrategyStatus


def measures_offered(municipality) -> QuerySet[StrategyMeasure]:
    """Measures of the *published* strategies serving ``municipality``: its own 総合戦略 and
    its 連携地域's policies. Municipal first, latest period first, in the strategy's order."""
    return measures_offered_for([municipality])


def measures_offered_for(municipalities) -> QuerySet[StrategyMeasure]:
    """The same for an object serving several municipalities (a wide-area policy project):
    the measures serving any of them."""
    municipalities = list(municipalities)
    return (
        StrategyMeasure.objects.filter(strategy__status=StrategyStatus.PUBLISHED)
        .filter(
            Q(
                strategy__kind=StrategyKind.MUNICIPAL,
                strategy__municipality_id__in=[m.pk for m in municipalities],
            )
            | Q(
                strategy__kind=StrategyKind.REGIONAL,
                strategy__region_id__in={m.bureau.region_id for m in municipalities},
            )
        )
        .select_related("strategy", "goal")
        .order_by("strategy__kind", "-strategy__start_year", "goal__order", "order", "pk")
    )


def grouped_choices(measures) -> list[tuple[str, list[tuple[int, str]]]]:
    """[(strategy label, [(measure id, title)…])…] for a grouped checkbox list."""
    groups: dict[int, tuple[str, list]] = {}
    for measure in measures:
        strategy = measure.strategy
        label = f"{strategy.get_kind_display()}：{strategy.title}"
        groups.setdefault(strategy.pk, (label, []))[1].append((measure.pk, measure.title))
    return list(groups.values())
