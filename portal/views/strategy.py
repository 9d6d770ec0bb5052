"""Working pages of strategies (#21): the list in scope, a new strategy, its own fields,
its working page (the whole tree with the advice beside each section), publish and
withdraw. The goals, measures and KPIs are edited in ``strategy_parts``; the public pages
and the open data are ``strategy_public``. Outside scope: 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..actions import add_service_errors, run_action
from ..concurrency import StaleVersion
from ..forms.strategy import AdviceForm, StrategyForm
from ..models import AuditEvent, Region, Role, StrategyKind
from ..permissions import strategy as perms
from ..selectors import advice as advice_selectors
from ..selectors import strategy as selectors
from ..services import strategy as services
from ..workflows.strategy import STRATEGY_WORKFLOW

FIELDS = ("title", "start_year", "end_year", "summary", "url")
PER_PAGE = 50


def trail():
    return [(reverse("portal:strategy_list"), _("Strategies"))]


@login_required
@require_http_methods(["GET"])
def strategy_list(request):
    user = request.user
    kinds = [
        k
        for k in (StrategyKind.MUNICIPAL, StrategyKind.REGIONAL)
        if perms.can_create_strategy(user, k)
    ]
    strategies = selectors.strategies_visible_to(user).order_by(
        "kind", "region__order", "municipality_id", "-start_year", "pk"
    )
    page = Paginator(strategies, PER_PAGE).get_page(request.GET.get("page"))
    if not page.object_list and not kinds:
        raise Http404
    return render(
        request,
        "portal/strategy/strategy_list.html",
        {
            "strategies": page.object_list,
            "page": page,
            "kinds": kinds,
            "progress_links": _progress_links(user),
        },
    )


def _progress_links(user) -> list[tuple[str, str]]:
    """The 効果検証 pages the user may open: their municipality's, their bureau's region's
    and its municipalities', or every region's for HQ."""
    if user.role == Role.MUNICIPAL and user.municipality_id:
        code = user.municipality_id
        return [
            (reverse("portal:strategy_municipality_progress", args=[code]), _("Our municipality"))
        ]
    if user.role == Role.BUREAU and user.bureau_id:
        region = user.bureau.region
        return [(reverse("portal:strategy_region_progress", args=[region.code]), region.name)]
    if user.is_superuser or user.role == Role.HQ:
        return [
            (reverse("portal:strategy_region_progress", args=[r.code]), r.name)
            for r in Region.objects.all()
        ]
    return []


@login_required
@require_http_methods(["GET", "POST"])
def strategy_create(request, kind):
    user = request.user
    # A plan's measures (kind "plan") are started from the plan's page, not here.
    if kind not in (StrategyKind.MUNICIPAL, StrategyKind.REGIONAL) or not perms.can_create_strategy(
        user, kind
    ):
        raise Http404
    hq_regional = kind == StrategyKind.REGIONAL and perms.officer_region_id(user) is None
    form = StrategyForm(request.POST or None, regions=Region.objects.all() if hq_regional else None)
    if request.method == "POST" and form.is_valid():
        created = []

        def create():
            created.append(
                services.strategy_create(
                    actor=user,
                    kind=kind,
                    data={name: form.cleaned_data[name] for name in FIELDS},
                    region=form.cleaned_data.get("region"),
                )
            )

        if run_action(request, create, form=form, done=_("The strategy was created.")):
            return redirect(created[0])
    return render(
        request,
        "portal/strategy/strategy_form.html",
        {"form": form, "strategy": None, "kind_label": StrategyKind(kind).label, "trail": trail()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request, pk):
    strategy = selectors.strategy_get_for(request.user, pk)
    if not perms.can_edit_strategy(request.user, strategy):
        raise Http404
    values = {name: getattr(strategy, name) for name in FIELDS}
    form = StrategyForm(request.POST or None, initial=values)
    if request.method != "POST":
        form.stamp(version=strategy.version, values=values)
    elif form.is_valid():
        try:
            services.strategy_update(
                strategy=strategy,
                actor=request.user,
                data={name: form.cleaned_data[name] for name in FIELDS},
                version=form.base_version,
            )
        except PermissionDenied:
            raise Http404 from None
        except StaleVersion:
            current = selectors.strategy_get_for(request.user, pk)
            form.refuse_stale(
                version=current.version,
                values={name: getattr(current, name) for name in FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy was saved."))
            return redirect(strategy)
    return render(
        request,
        "portal/strategy/strategy_form.html",
        {
            "form": form,
            "strategy": strategy,
            "kind_label": strategy.get_kind_display(),
            "trail": trail(),
        },
    )


def advice_sections(strategy, tree) -> list[tuple[str, str]]:
    """The sections advice can be about, as the advice form offers them."""
    sections = [
        (f"strategy-{strategy.pk}", str(selectors.strategy_section_label(strategy, strategy)))
    ]
    for node in tree:
        if node.goal is not None:
            sections.append((f"goal-{node.goal.pk}", f"{_('Goal')}: {node.goal.title}"))
        for measure_node in node.measures:
            measure = measure_node.measure
            sections.append((f"measure-{measure.pk}", f"{_('Measure')}: {measure.title}"))
            for kpi_node in measure_node.kpis:
                sections.append((f"kpi-{kpi_node.kpi.pk}", f"KPI: {kpi_node.kpi.name}"))
    return sections


def _attach_advice(tree, by_section) -> None:
    """Give each goal, measure and KPI node the advice on it, for the page to show beside it."""
    for node in tree:
        node.advice = by_section.get(("strategygoal", node.goal.pk), []) if node.goal else []
        for measure_node in node.measures:
            measure_node.advice = by_section.get(("strategymeasure", measure_node.measure.pk), [])
            for kpi_node in measure_node.kpis:
                kpi_node.advice = by_section.get(("kpi", kpi_node.kpi.pk), [])


def render_work(request, strategy, *, advice_form=None, answer_forms=None, status=200):
    user = request.user
    tree = selectors.strategy_tree(strategy)
    advice = advice_selectors.advice_on(strategy)
    by_section = advice_selectors.advice_by_section(advice)
    _attach_advice(tree, by_section)
    can_advise = perms.can_advise_strategy(user, strategy)
    can_edit = perms.can_edit_strategy(user, strategy)
    sections = advice_sections(strategy, tree) if can_advise else []
    return render(
        request,
        "portal/strategy/strategy_work.html",
        {
            "strategy": strategy,
            "tree": tree,
            "advice": advice,
            "strategy_advice": by_section.get(("strategy", strategy.pk), []),
            "can_edit": can_edit,
            "can_advise": can_advise,
            "can_answer": perms.can_answer_advice(user, strategy),
            "advice_form": advice_form or (AdviceForm(sections=sections) if can_advise else None),
            "answer_forms": answer_forms or {},
            "steps": STRATEGY_WORKFLOW.available(strategy, user) if can_edit else [],
            "events": AuditEvent.objects.for_object(strategy).select_related("actor"),
            "workflow": STRATEGY_WORKFLOW,
            "trail": trail(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def strategy_work(request, pk):
    strategy = selectors.strategy_get_for(request.user, pk)
    if not perms.can_view_strategy(request.user, strategy):
        raise Http404
    return render_work(request, strategy)


@login_required
@require_POST
def strategy_step(request, pk, action):
    strategy = selectors.strategy_get_for(request.user, pk)
    moves = {"publish": services.strategy_publish, "withdraw": services.strategy_withdraw}
    if action not in moves or not perms.can_edit_strategy(request.user, strategy):
        raise Http404

    def move():
        moved = moves[action](strategy=strategy, actor=request.user)
        return _("Status: %(status)s") % {"status": moved.get_status_display()}

    run_action(request, move, refused=_("Not possible."))
    return redirect(strategy)
