"""Editing a strategy's parts (#21): a goal, a measure, a KPI with its figures per 年度,
removing one; and the advice on a 総合戦略: the bureau advises on a section, the
municipality answers. Each part's page carries the part's version (portal.concurrency):
a save on a page someone else has saved since comes back with what changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..actions import add_service_errors, not_found, run_action
from ..concurrency import StaleVersion
from ..forms.strategy import AdviceForm, AnswerForm, GoalForm, KpiForm, MeasureForm, RemoveForm
from ..permissions import strategy as perms
from ..selectors import advice as advice_selectors
from ..selectors import strategy as selectors
from ..services import advice as advice_services
from ..services import strategy as services
from .strategy import advice_sections, render_work, trail


def _editable(request, pk):
    strategy = selectors.strategy_get_for(request.user, pk)
    if not perms.can_edit_strategy(request.user, strategy):
        raise Http404
    return strategy


def _save(request, form, save, reread, values_of, done):
    """Run ``save``; on a stale version show what changed; on a service error keep the
    input. Returns True when saved."""
    try:
        save()
    except PermissionDenied:
        raise Http404 from None
    except StaleVersion:
        current = reread()
        form.refuse_stale(version=current.version, values=values_of(current))
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        messages.success(request, done)
        return True
    return False


def _page(request, strategy, form, *, part_title, part):
    return render(
        request,
        "portal/strategy/part_form.html",
        {
            "strategy": strategy,
            "form": form,
            "part_title": part_title,
            "part": part,
            "trail": [*trail(), (strategy.get_absolute_url(), strategy.title)],
        },
    )


GOAL_FIELDS = ("title", "numerical_target")
MEASURE_FIELDS = ("goal", "title", "description")


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk, goal_pk=None):
    strategy = _editable(request, pk)
    goal = selectors.goal_of(strategy, goal_pk) if goal_pk else None
    values = {n: getattr(goal, n) for n in GOAL_FIELDS} if goal else {}
    form = GoalForm(request.POST or None, initial=values)
    if request.method != "POST" and goal is not None:
        form.stamp(version=goal.version, values=values)
    elif request.method == "POST" and form.is_valid():

        def save():
            services.goal_save(
                strategy=strategy,
                actor=request.user,
                goal=goal,
                data={n: form.cleaned_data[n] for n in GOAL_FIELDS},
                version=form.base_version,
            )

        def values_of(current):
            return {n: getattr(current, n) for n in GOAL_FIELDS}

        if _save(
            request,
            form,
            save,
            lambda: selectors.goal_of(strategy, goal_pk),
            values_of,
            _("The goal was saved."),
        ):
            return redirect(strategy)
    title = _("Edit the goal") if goal else _("Add a goal")
    return _page(request, strategy, form, part_title=title, part=goal)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk, measure_pk=None):
    strategy = _editable(request, pk)
    measure = selectors.measure_of(strategy, measure_pk) if measure_pk else None
    values = {n: getattr(measure, n) for n in MEASURE_FIELDS} if measure else {}
    if measure is None and request.GET.get("goal"):
        values["goal"] = request.GET["goal"]
    form = MeasureForm(request.POST or None, initial=values, strategy=strategy)
    if request.method != "POST" and measure is not None:
        form.stamp(version=measure.version, values=values)
    elif request.method == "POST" and form.is_valid():

        def save():
            services.measure_save(
                strategy=strategy,
                actor=request.user,
                measure=measure,
                data={n: form.cleaned_data[n] for n in MEASURE_FIELDS},
                version=form.base_version,
            )

        def values_of(current):
            return {n: getattr(current, n) for n in MEASURE_FIELDS}

        if _save(
            request,
            form,
            save,
            lambda: selectors.measure_of(strategy, measure_pk),
            values_of,
            _("The measure was saved."),
        ):
            return redirect(strategy)
    title = _("Edit the measure") if measure else _("Add a measure")
    return _page(request, strategy, form, part_title=title, part=measure)


@login_required
@require_http_methods(["GET", "POST"])
def kpi_edit(request, pk, measure_pk=None, kpi_pk=None):
    strategy = _editable(request, pk)
    kpi = selectors.kpi_of(strategy, kpi_pk) if kpi_pk else None
    measure = kpi.measure if kpi else selectors.measure_of(strategy, measure_pk)
    values = KpiForm.values_of(kpi, strategy.years)
    form = KpiForm(request.POST or None, initial=values, strategy=strategy)
    if request.method != "POST" and kpi is not None:
        form.stamp(version=kpi.version, values=values)
    elif request.method == "POST" and form.is_valid():

        def save():
            services.kpi_save(
                strategy=strategy,
                actor=request.user,
                measure=measure,
                kpi=kpi,
                data=form.kpi_data(),
                years=form.years_data(),
                version=form.base_version,
            )

        if _save(
            request,
            form,
            save,
            lambda: selectors.kpi_of(strategy, kpi_pk),
            lambda current: KpiForm.values_of(current, strategy.years),
            _("The KPI was saved."),
        ):
            return redirect(strategy)
    title = _("Edit the KPI") if kpi else _("Add a KPI to %(measure)s") % {"measure": measure}
    return _page(request, strategy, form, part_title=title, part=kpi)


@login_required
@require_POST
def part_remove(request, pk, kind, part_pk):
    strategy = _editable(request, pk)
    finders = {"goal": selectors.goal_of, "measure": selectors.measure_of, "kpi": selectors.kpi_of}
    if kind not in finders:
        raise Http404
    part = finders[kind](strategy, part_pk)
    form = RemoveForm(request.POST)
    form.is_valid()

    def remove():
        services.part_remove(
            strategy=strategy, actor=request.user, part=part, version=form.base_version
        )
        return _("%(part)s was removed.") % {"part": part}

    run_action(request, remove, on_refused=not_found)
    return redirect(strategy)


# --- Advice ---------------------------------------------------------------------------------


def _section(strategy, value: str):
    kind, _sep, raw = (value or "").partition("-")
    finders = {
        "strategy": lambda s, k: s if str(s.pk) == k else None,
        "goal": selectors.goal_of,
        "measure": selectors.measure_of,
        "kpi": selectors.kpi_of,
    }
    if kind not in finders:
        return None
    try:
        return finders[kind](strategy, raw)
    except Http404:
        return None


@login_required
@require_POST
def advice_give(request, pk):
    strategy = selectors.strategy_get_for(request.user, pk)
    if not perms.can_advise_strategy(request.user, strategy):
        raise Http404
    sections = advice_sections(strategy, selectors.strategy_tree(strategy))
    form = AdviceForm(request.POST, sections=sections)
    if form.is_valid():
        section = _section(strategy, form.cleaned_data["section"])
        given = []

        def give():
            given.append(
                advice_services.advice_give(
                    owner=strategy,
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
            return redirect(f"{strategy.get_absolute_url()}#advice-{given[0].pk}")
    return render_work(request, strategy, advice_form=form, status=400)


@login_required
@require_POST
def advice_answer(request, pk, advice_pk):
    strategy = selectors.strategy_get_for(request.user, pk)
    if not perms.can_answer_advice(request.user, strategy):
        raise Http404
    advice = advice_selectors.advice_get_on(strategy, advice_pk)
    form = AnswerForm(request.POST, prefix=f"answer-{advice.pk}")
    if form.is_valid():

        def answer():
            advice_services.advice_answer(
                advice=advice,
                owner=strategy,
                answer=form.cleaned_data["answer"],
                actor=request.user,
            )

        if run_action(
            request, answer, form=form, done=_("Your answer was sent."), on_refused=not_found
        ):
            return redirect(f"{strategy.get_absolute_url()}#advice-{advice.pk}")
    return render_work(request, strategy, answer_forms={advice.pk: form}, status=400)
