"""Writes of strategies (#21): create and edit a strategy, its goals, measures and KPIs
with their figures per 年度, publish and withdraw it.

Every write checks ``permissions.strategy.can_edit_strategy`` on the strategy, runs in
one transaction, writes an audit event on the strategy, and, when the strategy is public,
invalidates the cached public pages on commit. Each editable row carries a version
(``portal.concurrency``): a save based on a page someone else has saved since raises
``StaleVersion`` and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import pagecache
from ..concurrency import bump_version
from ..japanese import nendo
from ..models import (
    Kpi,
    KpiYear,
    Region,
    Strategy,
    StrategyGoal,
    StrategyKind,
    StrategyMeasure,
)
from ..models.strategy import FIRST_YEAR, LAST_YEAR
from ..permissions import strategy as perms
from ..workflow import audit, run_transition
from ..workflows.strategy import STRATEGY_WORKFLOW

STRATEGY_FIELDS = ("title", "start_year", "end_year", "summary", "url")
GOAL_FIELDS = ("title", "numerical_target", "order")
MEASURE_FIELDS = ("goal", "title", "description", "order")
KPI_FIELDS = ("name", "unit", "baseline_value", "baseline_year", "source", "order")
FIGURE_LIMIT = Decimal("999999999999.999")
MAX_YEARS = 10  # a 総合戦略 runs five years; a longer period is a typing error


def _error(field: str, message, code: str, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _changed_public(strategy: Strategy) -> None:
    if strategy.is_published:
        transaction.on_commit(pagecache.invalidate)


def _editable(actor, strategy: Strategy) -> Strategy:
    """The strategy locked for the write, after checking the actor may edit it."""
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if not perms.can_edit_strategy(actor, locked):
        raise PermissionDenied
    return locked


def _validate_period(start, end) -> None:
    if start is None or end is None:
        return
    if not (FIRST_YEAR <= start <= LAST_YEAR):
        raise _error("start_year", _("Choose the first fiscal year."), "start_invalid")
    if end < start:
        raise _error(
            "end_year", _("The last fiscal year cannot be before the first."), "period_reversed"
        )
    if end - start + 1 > MAX_YEARS:
        raise _error(
            "end_year",
            _("A strategy runs at most %(limit)d fiscal years."),
            "period_too_long",
            limit=MAX_YEARS,
        )


# --- The strategy ---------------------------------------------------------------------------


def strategy_create(*, actor, kind: str, data: dict, region: Region | None = None) -> Strategy:
    """A draft strategy: a 総合戦略 of the actor's municipality, or the regional policy of
    the officer's 連携地域 (HQ names the ``region``)."""
    if not perms.can_create_strategy(actor, kind):
        raise PermissionDenied
    _validate_period(data.get("start_year"), data.get("end_year"))
    owner: dict = {}
    if kind in (StrategyKind.MUNICIPAL, StrategyKind.PLAN):
        owner["municipality_id"] = actor.municipality_id
    elif perms.officer_region_id(actor) is not None:
        owner["region_id"] = perms.officer_region_id(actor)
    elif region is not None:
        owner["region_id"] = region.pk
    else:
        raise _error("region", _("Choose the collaboration region."), "region_required")
    try:
        with transaction.atomic():
            strategy = Strategy.objects.create(
                kind=kind,
                created_by=actor,
                **owner,
                **{name: data[name] for name in STRATEGY_FIELDS if name in data},
            )
            audit(strategy, actor=actor, action="create", to_status=strategy.status)
    except IntegrityError:
        raise _error(
            "start_year",
            _("There is already a strategy starting in %(year)s: open it instead."),
            "duplicate",
            year=nendo(data.get("start_year")),
        ) from None
    return strategy


def strategy_update(*, strategy: Strategy, actor, data: dict, version: int | None) -> Strategy:
    """Save the strategy's own fields. A period that would leave KPI figures outside it is
    refused (they would disappear from the pages): clear those figures first."""
    with transaction.atomic():
        locked = _editable(actor, strategy)
        start = data.get("start_year", locked.start_year)
        end = data.get("end_year", locked.end_year)
        _validate_period(start, end)
        outside = (
            KpiYear.objects.filter(kpi__strategy=locked)
            .exclude(fiscal_year__range=(start, end))
            .exclude(target__isnull=True, result__isnull=True, note="")
            .values_list("fiscal_year", flat=True)
            .order_by("fiscal_year")
            .first()
        )
        if outside is not None:
            raise _error(
                "end_year" if outside > end else "start_year",
                _("KPI figures are entered for %(year)s: clear them before shortening the period."),
                "figures_outside",
                year=nendo(outside),
            )
        changed = [n for n in STRATEGY_FIELDS if n in data and getattr(locked, n) != data[n]]
        bump_version(Strategy, pk=locked.pk, expected=version)
        for name in changed:
            setattr(locked, name, data[name])
        try:
            with transaction.atomic():
                locked.save(update_fields=[*changed, "updated_at"])
        except IntegrityError:
            raise _error(
                "start_year",
                _("There is already a strategy starting in %(year)s."),
                "duplicate",
                year=nendo(start),
            ) from None
        # Rows left empty outside the new period are only placeholders: drop them.
        KpiYear.objects.filter(kpi__strategy=locked).exclude(
            fiscal_year__range=(start, end)
        ).delete()
        audit(locked, actor=actor, action="edit", extra={"fields": changed})
        _changed_public(locked)
    return locked


def _move(strategy: Strategy, action: str, *, actor) -> Strategy:
    def stamp(locked):
        if action == "publish":
            locked.published_at = timezone.now()
            return ["published_at"]
        return []

    result = run_transition(
        STRATEGY_WORKFLOW,
        strategy,
        action,
        actor=actor,
        allowed=lambda locked: perms.can_edit_strategy(actor, locked),
        apply=stamp,
    )
    transaction.on_commit(pagecache.invalidate)
    return result.obj


def strategy_publish(*, strategy: Strategy, actor) -> Strategy:
    """On the public pages and in the open data from now on."""
    return _move(strategy, "publish", actor=actor)


def strategy_withdraw(*, strategy: Strategy, actor) -> Strategy:
    return _move(strategy, "withdraw", actor=actor)


# --- Goals and measures ---------------------------------------------------------------------


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def _save_part(model, obj, *, locked, fields, data, version, action, actor, label):
    """Create (``obj`` None) or update one part of ``locked``; audit and invalidate."""
    values = {name: data[name] for name in fields if name in data}
    if obj is None:
        if not values.get("order"):
            values["order"] = _next_order(model.objects.filter(strategy=locked))
        obj = model.objects.create(strategy=locked, **values)
    else:
        bump_version(model, pk=obj.pk, expected=version)
        obj.refresh_from_db(fields=["version"])
        changed = [n for n, v in values.items() if getattr(obj, n) != v]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save(update_fields=changed)
    audit(locked, actor=actor, action=action, comment=label(obj)[:500])
    _changed_public(locked)
    return obj


def goal_save(
    *, strategy: Strategy, actor, data: dict, goal: StrategyGoal | None = None, version=None
) -> StrategyGoal:
    """A new goal (``goal`` None) or changes to one: its title and numerical target."""
    if not (data.get("title") or "").strip() and (goal is None or "title" in data):
        raise _error("title", _("Enter the goal."), "required")
    with transaction.atomic():
        locked = _editable(actor, strategy)
        if goal is not None and goal.strategy_id != locked.pk:
            raise PermissionDenied
        return _save_part(
            StrategyGoal,
            goal,
            locked=locked,
            fields=GOAL_FIELDS,
            data=data,
            version=version,
            action="goal",
            actor=actor,
            label=lambda g: g.title,
        )


def measure_save(
    *, strategy: Strategy, actor, data: dict, measure: StrategyMeasure | None = None, version=None
) -> StrategyMeasure:
    """A new measure or changes to one. A 総合戦略's measure belongs to one of its goals;
    a regional policy's may stand without one."""
    if not (data.get("title") or "").strip() and (measure is None or "title" in data):
        raise _error("title", _("Enter the measure."), "required")
    goal = data.get("goal")
    with transaction.atomic():
        locked = _editable(actor, strategy)
        if measure is not None and measure.strategy_id != locked.pk:
            raise PermissionDenied
        if goal is not None and goal.strategy_id != locked.pk:
            raise _error("goal", _("Choose a goal of this strategy."), "goal_other")
        if goal is None and locked.kind == StrategyKind.MUNICIPAL and "goal" in data:
            raise _error("goal", _("Choose the goal the measure serves."), "goal_required")
        return _save_part(
            StrategyMeasure,
            measure,
            locked=locked,
            fields=MEASURE_FIELDS,
            data=data,
            version=version,
            action="measure",
            actor=actor,
            label=lambda m: m.title,
        )


# --- KPIs -----------------------------------------------------------------------------------


def _check_figure(field: str, value) -> None:
    if value is not None and abs(value) > FIGURE_LIMIT:
        raise _error(
            field,
            _("Enter a figure of at most 12 digits before the decimal point."),
            "figure_too_large",
        )


def _validate_kpi(locked: Strategy, data: dict, years: dict) -> None:
    if "name" in data and not (data.get("name") or "").strip():
        raise _error("name", _("Enter the KPI."), "required")
    if "unit" in data and not (data.get("unit") or "").strip():
        raise _error("unit", _("Enter the unit, for example 人 or %."), "required")
    _check_figure("baseline_value", data.get("baseline_value"))
    baseline_year = data.get("baseline_year")
    if baseline_year is not None and not (FIRST_YEAR - 10 <= baseline_year <= locked.end_year):
        raise _error(
            "baseline_year",
            _("The baseline year must be before the end of the strategy."),
            "baseline_year",
        )
    for year, row in years.items():
        if year not in locked.years:
            raise _error(
                f"target_{year}",
                _("%(year)s is outside the strategy's period."),
                "year_outside",
                year=nendo(year),
            )
        _check_figure(f"target_{year}", row.get("target"))
        _check_figure(f"result_{year}", row.get("result"))


def kpi_save(
    *,
    strategy: Strategy,
    actor,
    measure: StrategyMeasure,
    data: dict,
    years: dict[int, dict] | None = None,
    kpi: Kpi | None = None,
    version=None,
) -> Kpi:
    """A new KPI of ``measure`` or changes to one, with its figures per 年度: ``years`` maps
    a 年度 of the period to {"target", "result", "note"}; a 年度 left wholly empty has no
    row. Figures are Decimal; the forms read 全角 digits and separators."""
    years = years or {}
    if kpi is None:
        data = {"name": "", "unit": "", **data}
    with transaction.atomic():
        locked = _editable(actor, strategy)
        if measure.strategy_id != locked.pk or (kpi is not None and kpi.strategy_id != locked.pk):
            raise PermissionDenied
        _validate_kpi(locked, data, years)
        values = {name: data[name] for name in KPI_FIELDS if name in data}
        if kpi is None:
            values.setdefault("order", _next_order(Kpi.objects.filter(measure=measure)))
            kpi = Kpi.objects.create(strategy=locked, measure=measure, **values)
        else:
            bump_version(Kpi, pk=kpi.pk, expected=version)
            changed = [n for n, v in values.items() if getattr(kpi, n) != v]
            for name in changed:
                setattr(kpi, name, values[name])
            if kpi.measure_id != measure.pk:
                kpi.measure = measure
                changed.append("measure")
            if changed:
                kpi.save(update_fields=changed)
        _save_years(kpi, years)
        audit(locked, actor=actor, action="kpi", comment=kpi.name[:500])
        _changed_public(locked)
    return kpi


def _save_years(kpi: Kpi, years: dict[int, dict]) -> None:
    existing = {row.fiscal_year: row for row in KpiYear.objects.filter(kpi=kpi)}
    for year, row in sorted(years.items()):
        target, result = row.get("target"), row.get("result")
        note = (row.get("note") or "").strip()
        current = existing.get(year)
        if target is None and result is None and not note:
            if current is not None:
                current.delete()
            continue
        if current is None:
            KpiYear.objects.create(
                kpi=kpi, fiscal_year=year, target=target, result=result, note=note
            )
        elif (current.target, current.result, current.note) != (target, result, note):
            current.target, current.result, current.note = target, result, note
            current.save(update_fields=["target", "result", "note"])


# --- Removing parts -------------------------------------------------------------------------


def part_remove(*, strategy: Strategy, actor, part, version=None) -> None:
    """Remove a goal (with its measures and KPIs), a measure (with its KPIs) or a KPI."""
    with transaction.atomic():
        locked = _editable(actor, strategy)
        model = type(part)
        if model not in (StrategyGoal, StrategyMeasure, Kpi) or part.strategy_id != locked.pk:
            raise PermissionDenied
        bump_version(model, pk=part.pk, expected=version)
        label = str(part)
        part.delete()
        audit(locked, actor=actor, action="remove", comment=label[:500])
        _changed_public(locked)
