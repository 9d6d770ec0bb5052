"""The bureau's structured advice on a plan (#22 point 2): an officer of the plan's bureau
(or HQ) advises on a section — the plan, one of its 総合戦略's measures, its 協議会 — with
a kind (指摘, 提案, 確認); the municipality's staff answer each. Outside scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.actions import not_found, run_action
from portal.forms.strategy import AdviceForm, AnswerForm
from portal.selectors.advice import advice_get_on as get_advice_on
from portal.selectors.strategy import strategy_tree
from portal.services import advice as advice_services

from ..permissions import challenges as perms
from ..selectors import plan_advice as advice_selectors
from ..selectors import plans as selectors
from .plan_parts import ADVICE_PREFIX, plan_council_of, plan_measures_from
from .plans import _detail


@login_required
@require_POST
def plan_advice_give(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_advise_plan(request.user, plan):
        raise Http404
    measures = plan_measures_from(strategy_tree(plan.strategy) if plan.strategy_id else None)
    council = plan_council_of(plan)
    sections = advice_selectors.plan_advice_sections(plan, measures, council)
    form = AdviceForm(request.POST, sections=sections, prefix=ADVICE_PREFIX)
    if form.is_valid():
        section = advice_selectors.plan_section(
            plan, form.cleaned_data["section"], measures, council
        )
        given = []

        def give():
            given.append(
                advice_services.advice_give(
                    owner=plan,
                    section=section,
                    kind=form.cleaned_data["kind"],
                    body=form.cleaned_data["body"],
                    actor=request.user,
                )
            )

        if section is None:
            form.add_error("section", _("Choose a section of this document."))
        elif run_action(
            request, give, form=form, done=_("The advice was sent."), on_refused=not_found
        ):
            return redirect(f"{plan.get_absolute_url()}#advice-{given[0].pk}")
    return _detail(request, plan, advice_form=form, status=400)


@login_required
@require_POST
def plan_advice_answer(request, pk, advice_pk):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_edit_plan(request.user, plan):
        raise Http404
    advice = get_advice_on(plan, advice_pk)
    form = AnswerForm(request.POST, prefix=f"answer-{advice.pk}")
    if form.is_valid():

        def answer():
            advice_services.advice_answer(
                advice=advice, owner=plan, answer=form.cleaned_data["answer"], actor=request.user
            )

        if run_action(
            request, answer, form=form, done=_("Your answer was sent."), on_refused=not_found
        ):
            return redirect(f"{plan.get_absolute_url()}#advice-{advice.pk}")
    return _detail(request, plan, answer_forms={advice.pk: form}, status=400)
