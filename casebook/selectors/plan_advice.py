"""Reads for the bureau's structured advice on a plan (#22 point 2, kernel
``portal.models.advice``): the sections a plan offers — the plan itself, the measures of
its 総合戦略 (kept once in the kernel strategy) and its 協議会 — and who keeps it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portal.models import Role, StrategyMeasure, User

from ..models import Plan


def plan_measures(plan: Plan) -> list[StrategyMeasure]:
    if not plan.strategy_id:
        return []
    return list(StrategyMeasure.objects.filter(strategy_id=plan.strategy_id))


def plan_section_label(plan: Plan, section) -> str | None:
    """The name advice gives a section of ``plan``; None if it is not one of its."""
    if isinstance(section, Plan):
        return _("The whole plan") if section.pk == plan.pk else None
    if isinstance(section, StrategyMeasure):
        if plan.strategy_id and section.strategy_id == plan.strategy_id:
            return f"{_('Measure')}: {section.title}"
        return None
    council = getattr(plan, "council", None)  # the reverse one-to-one, if there is one
    if council is not None and type(section) is type(council) and section.pk == council.pk:
        return f"{_('Council')}: {section.name}"
    return None


def plan_advice_sections(plan: Plan, measures, council=None) -> list[tuple[str, str]]:
    """The sections as the advice form offers them: (value, label)."""
    sections = [(f"plan-{plan.pk}", _("The whole plan"))]
    sections += [(f"measure-{m.pk}", f"{_('Measure')}: {m.title}") for m in measures]
    if council is not None:
        sections.append((f"council-{council.pk}", f"{_('Council')}: {council.name}"))
    return sections


def plan_section(plan: Plan, value: str, measures, council=None):
    """The section an advice form's value names, or None."""
    kind, _sep, raw = (value or "").partition("-")
    if kind == "plan" and raw == str(plan.pk):
        return plan
    if kind == "measure":
        return next((m for m in measures if str(m.pk) == raw), None)
    if kind == "council" and council is not None and raw == str(council.pk):
        return council
    return None


def plan_keepers(plan: Plan) -> list[User]:
    """The plan's municipality's active staff: told of advice, they answer it."""
    return list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=plan.municipality_id, is_active=True
        )
    )
