"""The April rotation's working pages (人事異動, #20), for a municipality's administrator
(its own staff) and HQ (bureau and HQ staff): the list of roster changes, a new one, its
preview (each row with its problems, corrected on the page or replaced by a new file), single
rows, and scheduling. Outside the organisation: 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..actions import add_service_errors
from ..excel.imports import ImportFileError
from ..forms.rotation import BatchForm, MoveForm, RosterFileForm
from ..models.rotation import RosterBatchStatus
from ..permissions import rotation as perms
from ..selectors import rotation as selectors
from ..services import rotation as services
from ..services.rotation_rows import FIELDS, problem_text
from ..workflow import InvalidTransition
from ..workflows.rotation import ROTATION_WORKFLOW


def _preparer(request):
    if not perms.can_prepare_rotation(request.user):
        raise Http404
    return request.user


@login_required
@require_http_methods(["GET"])
def rotation_list(request):
    user = _preparer(request)
    batches = selectors.batches_visible_to(user).order_by("-effective_date", "-pk")[:100]
    return render(request, "portal/rotation/batch_list.html", {"batches": batches})


@login_required
@require_http_methods(["GET", "POST"])
def rotation_create(request):
    user = _preparer(request)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("portal:rotation_detail", batch.pk)
    return render(request, "portal/rotation/batch_form.html", {"form": form})


def _rows(batch):
    rows = []
    for move in selectors.batch_moves(batch):
        problems = {}
        for problem in move.problems:
            problems.setdefault(problem["field"], []).append(problem_text(problem))
        rows.append({"move": move, "problems": problems, "wrong": bool(move.problems)})
    return rows


def _detail(request, batch, *, file_form=None, status=200):
    rows = _rows(batch)
    wrong = sum(row["wrong"] for row in rows)
    return render(
        request,
        "portal/rotation/batch_detail.html",
        {
            "batch": batch,
            "rows": rows,
            "wrong": wrong,
            "file_form": file_form or RosterFileForm(),
            "draft": batch.status == RosterBatchStatus.DRAFT,
            "steps": ROTATION_WORKFLOW.available(batch, request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def rotation_detail(request, pk):
    batch = selectors.batch_get_for(request.user, pk)
    return _detail(request, batch)


@login_required
@require_POST
def rotation_upload(request, pk):
    batch = selectors.batch_get_for(request.user, pk)
    form = RosterFileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            wrong = services.batch_load(
                batch=batch, actor=request.user, filename=upload.name, content=upload.read()
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        except ValidationError as error:
            add_service_errors(form, error, "file")
        else:
            if wrong:
                messages.error(
                    request,
                    _("%(count)s rows have problems. Nothing is applied until every row is right.")
                    % {"count": wrong},
                )
            else:
                messages.success(
                    request, _("Every row is right. Check them and schedule the change.")
                )
            return redirect("portal:rotation_detail", batch.pk)
    return _detail(request, batch, file_form=form)


def _move_form(request, batch, move=None):
    initial = {f: getattr(move, f) for f in FIELDS} if move else None
    form = MoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_save(batch=batch, actor=request.user, data=form.cleaned_data, move=move)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The row was saved."))
            return redirect("portal:rotation_detail", batch.pk)
    problems = [problem_text(p) for p in move.problems] if move else []
    return render(
        request,
        "portal/rotation/move_form.html",
        {"batch": batch, "form": form, "move": move, "problems": problems},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rotation_move_create(request, pk):
    batch = selectors.batch_get_for(request.user, pk)
    if batch.status != RosterBatchStatus.DRAFT:
        raise Http404
    return _move_form(request, batch)


@login_required
@require_http_methods(["GET", "POST"])
def rotation_move_edit(request, pk, move_pk):
    move = selectors.move_get_for(request.user, pk, move_pk)
    if move.batch.status != RosterBatchStatus.DRAFT:
        raise Http404
    return _move_form(request, move.batch, move)


@login_required
@require_POST
def rotation_move_remove(request, pk, move_pk):
    move = selectors.move_get_for(request.user, pk, move_pk)
    try:
        services.move_remove(move=move, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The row was removed."))
    return redirect("portal:rotation_detail", pk)


@login_required
@require_POST
def rotation_step(request, pk, action):
    batch = selectors.batch_get_for(request.user, pk)
    call = {"schedule": services.batch_schedule, "unschedule": services.batch_unschedule}.get(
        action
    )
    if call is None:
        raise Http404
    try:
        call(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (InvalidTransition, PermissionDenied):
        messages.error(request, _("This action is not possible in the current status."))
    else:
        batch.refresh_from_db()
        if batch.status == RosterBatchStatus.APPLIED:
            messages.success(request, _("The roster change was applied."))
        elif action == "schedule":
            messages.success(
                request,
                _("The roster change is scheduled: people move on its effective date."),
            )
        else:
            messages.success(request, _("The roster change is a draft again."))
    return redirect(reverse("portal:rotation_detail", args=[pk]))
