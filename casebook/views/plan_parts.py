"""What a plan's page shows beside the plan itself (#22 point 2): the bureau's structured
advice by section (kernel ``portal.models.advice``), for ``plans._detail`` and the
advice views."""

from __future__ import annotations

from portal.forms.strategy import AdviceForm
from portal.selectors import advice as advice_selectors

from ..permissions import challenges as perms
from ..selectors import plan_advice as selectors

# The plan's page also holds the comment form: a prefix keeps the ids unique.
ADVICE_PREFIX = "advice"


def plan_measures_from(tree) -> list:
    """The measures of the linked strategy, from the tree already read (no query)."""
    return [m.measure for node in tree or [] for m in node.measures]


def plan_council_of(plan):
    return getattr(plan, "council", None)


def advice_context(plan, user, tree, *, advice_form=None, answer_forms=None) -> dict:
    measures = plan_measures_from(tree)
    advice = advice_selectors.advice_on(plan)
    by_section = advice_selectors.advice_by_section(advice)
    can_advise = perms.can_advise_plan(user, plan)
    council = plan_council_of(plan)
    sections = selectors.plan_advice_sections(plan, measures, council) if can_advise else []
    # One group per section advised on, in the order the first advice on it came; the label
    # is the section's name as it was when advised (it may since be renamed or removed).
    groups = [(items[0].section_label, items) for items in by_section.values()]
    return {
        "council": council,
        "advice_groups": groups,
        "can_advise": can_advise,
        "can_answer": perms.can_edit_plan(user, plan),
        "advice_form": advice_form
        or (AdviceForm(sections=sections, prefix=ADVICE_PREFIX) if can_advise else None),
        "answer_forms": answer_forms or {},
    }
