"""The plans registry (I4): municipal staff register and keep their municipality's
plans; bureau officers and HQ read them, advise in a thread, and see the matrix of
municipalities × plan types with what is due for revision. Outside scope: 404."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.actions import add_service_errors, not_found, run_action
from portal.concurrency import StaleVersion
from portal.japanese import fiscal_year
from portal.models import Bureau, Region
from portal.permissions import is_hq
from portal.selectors.strategy import strategy_tree
from portal.services.attachments import attachments_of
from portal.uploads import keep_uploads, kept_uploads

from ..filters.challenges import PlanFilter
from ..forms.challenges import (
    DocumentsForm,
    PlanCommentForm,
    PlanForm,
    PlanRegisterForm,
    PlanStepForm,
)
from ..models import PlanComment, PlanType
from ..permissions import challenges as perms
from ..selectors import plans as selectors
from ..services import plans as services
from ..workflows.plans import PLAN_WORKFLOW
from .common import query_without_page
from .plan_parts import advice_context

PER_PAGE = 30


def _trail():
    return [(reverse("casebook:plan_list"), _("Plans"))]


FIELDS = (
    "plan_type",
    "title",
    "start_year",
    "end_year",
    "summary",
    "url",
    "strategy",
    "next_revision_due",
)


def _allowed(user) -> bool:
    return perms.can_register_plan(user) or perms.is_staff(user)


@login_required
@require_http_methods(["GET"])
def plan_list(request):
    user = request.user
    if not _allowed(user):
        raise Http404
    filterset = PlanFilter(
        request.GET,
        queryset=selectors.plans_visible_to(user).order_by(
            "municipality__code", "plan_type__order", "-start_year", "-pk"
        ),
        user=user,
    )
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    year = fiscal_year()
    for plan in page:
        plan.is_due = plan.due_for_revision(year)
    return render(
        request,
        "casebook/plans/plan_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "can_register": perms.can_register_plan(user),
            "is_staff": perms.is_staff(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not perms.can_register_plan(request.user):
        messages.info(request, _("Only staff of a municipality can register a plan."))
        return redirect("casebook:plan_list" if perms.is_staff(request.user) else "casebook:index")
    form = keep_uploads(
        PlanRegisterForm(
            request.POST or None,
            request.FILES or None,
            municipality_id=request.user.municipality_id,
        ),
        request,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in FIELDS}
        registered = []

        def register():
            plan = services.plan_register(
                actor=request.user,
                data=data,
                status=form.cleaned_data["status"],
                uploads=form.cleaned_data["documents"],
            )
            registered.append(plan)

        done = _("The plan was registered.")
        if run_action(request, register, form=form, done=done, on_refused=not_found):
            return redirect(registered[0])
    return render(
        request, "casebook/plans/plan_form.html", {"form": form, "plan": None, "trail": _trail()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_edit_plan(request.user, plan):
        raise Http404
    initial = {name: getattr(plan, name) for name in FIELDS}
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        municipality_id=plan.municipality_id,
        own_strategy_id=plan.strategy_id,
    )
    keep_uploads(form, request)
    if request.method != "POST":
        form.stamp(version=plan.version, values=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                data=data,
                uploads=form.cleaned_data["documents"],
                version=form.base_version,
            )
        except PermissionDenied:
            raise Http404 from None
        except StaleVersion:
            current = selectors.plan_get_for(request.user, pk)
            form.refuse_stale(
                version=current.version,
                values={name: getattr(current, name) for name in FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(
        request, "casebook/plans/plan_form.html", {"form": form, "plan": plan, "trail": _trail()}
    )


def _detail(request, plan, *, comment_form=None, advice_form=None, answer_forms=None, status=200):
    user = request.user
    steps = PLAN_WORKFLOW.available(plan, user) if perms.can_edit_plan(user, plan) else []
    tree = strategy_tree(plan.strategy) if plan.strategy_id else None
    advice = advice_context(plan, user, tree, advice_form=advice_form, answer_forms=answer_forms)
    return render(
        request,
        "casebook/plans/plan_detail.html",
        {
            "plan": plan,
            "trail": _trail(),
            "is_due": plan.due_for_revision(fiscal_year()),
            "is_overdue": plan.revision_overdue(timezone.localdate()),
            "strategy_tree": tree,
            **advice,
            "attachments": attachments_of(plan),
            "thread": selectors.plan_thread(plan),
            "events": selectors.plan_events(plan),
            "workflow": PLAN_WORKFLOW,
            "steps": steps,
            "step_form": PlanStepForm(),
            "can_edit": perms.can_edit_plan(user, plan),
            "can_comment": perms.can_comment_plan(user, plan),
            "comment_form": comment_form or PlanCommentForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def plan_detail(request, pk):
    return _detail(request, selectors.plan_get_for(request.user, pk))


@login_required
@require_POST
def plan_step(request, pk, action):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_edit_plan(request.user, plan):
        raise Http404
    moves = {"adopt": services.plan_adopt, "revise": services.plan_revise}
    if action not in moves:
        raise Http404
    form = PlanStepForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""

    def move():
        moves[action](plan=plan, actor=request.user, comment=comment)
        return _("Status: %(status)s") % {"status": plan.get_status_display()}

    run_action(request, move, refused=_("Not possible."))
    return redirect(plan)


@login_required
@require_POST
def plan_comment(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_comment_plan(request.user, plan):
        raise Http404
    form = PlanCommentForm(request.POST)
    if form.is_valid():
        parent = None
        parent_id = form.cleaned_data.get("parent")
        if parent_id:
            parent = PlanComment.objects.filter(plan=plan, pk=parent_id).first()
            if parent is None:
                form.add_error("body", _("The comment you replied to no longer exists."))
        if not form.errors:
            posted = []

            def post():
                posted.append(
                    services.plan_comment(
                        plan=plan, actor=request.user, body=form.cleaned_data["body"], parent=parent
                    )
                )

            done = _("Your comment was posted.")
            if run_action(request, post, form=form, done=done, on_refused=not_found):
                return redirect(f"{plan.get_absolute_url()}#comment-{posted[0].pk}")
    return _detail(request, plan, comment_form=form, status=400)


@login_required
@require_POST
def plan_upload(request, pk):
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_edit_plan(request.user, plan):
        raise Http404
    form = keep_uploads(DocumentsForm(request.POST, request.FILES), request)
    valid = form.is_valid()
    # Nothing else to correct on this form: the files that passed are attached even when
    # others were refused, and the refused ones are named to be chosen again.
    uploads = form.cleaned_data["documents"] if valid else kept_uploads(form, "documents")
    if uploads:
        upload = partial(
            services.plan_update, plan=plan, actor=request.user, data={}, uploads=uploads
        )
        done = _("The documents were uploaded.")
        run_action(request, upload, done=done, on_refused=not_found)
    if not valid:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(plan)


@login_required
@require_http_methods(["GET"])
def plan_matrix(request):
    """Which municipalities have which plans (bureau: its municipalities; HQ: all, by
    bureau or region), with what is due for revision."""
    user = request.user
    if not perms.is_staff(user):
        raise Http404
    hq = is_hq(user)
    bureau = region = plan_type = None
    if hq:
        bureau = Bureau.objects.filter(code=request.GET.get("bureau") or "").first()
        region = Region.objects.filter(code=request.GET.get("region") or "").first()
    plan_type = PlanType.objects.filter(code=request.GET.get("plan_type") or "").first()
    show = request.GET.get("show", "")
    matrix = selectors.plan_matrix(
        user,
        bureau=bureau,
        region=region,
        plan_type=plan_type,
        missing_only=show == "missing",
        due_only=show == "due",
    )
    return render(
        request,
        "casebook/plans/plan_matrix.html",
        {
            "matrix": matrix,
            "trail": _trail(),
            "is_hq": hq,
            "bureaus": Bureau.objects.order_by("order") if hq else [],
            "regions": Region.objects.all() if hq else [],
            "plan_types": selectors.plan_types_active(),
            "selected": {
                "bureau": bureau.code if bureau else "",
                "region": region.code if region else "",
                "plan_type": plan_type.code if plan_type else "",
                "show": show,
            },
        },
    )


@login_required
@require_POST
def plan_measures(request, pk):
    """Start the plan's own measures and KPIs (a kernel strategy of kind "plan") and open
    the strategy's page to enter them."""
    plan = selectors.plan_get_for(request.user, pk)
    if not perms.can_edit_plan(request.user, plan):
        raise Http404
    started = []

    def start():
        started.append(services.plan_measures_start(plan=plan, actor=request.user))

    done = _("Enter the plan's goals, measures and KPIs.")
    run_action(request, start, done=done, on_refused=not_found)
    # Refused (already started, or a period the strategies cannot hold): the message says
    # why, on the plan's page.
    return redirect(started[0].strategy.get_absolute_url() if started else plan)
