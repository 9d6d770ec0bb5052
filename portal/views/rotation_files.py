"""The April rotation's downloads and its 引継ぎ list (人事異動, #20): the template to fill
in (.xlsx or CSV), and each moving person's open items — before applying (what they will
leave) and after (what they left, kept on the move), as a page or an .xlsx file.

The 引継ぎ list is for the batch's preparers and, once applied, for the active members of
each old unit (only the moves out of their unit). Anyone else: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..excel.imports import template_rows
from ..excel.workbooks import Sheet, xlsx_response
from ..exports import csv_response
from ..models import RosterBatch
from ..models.rotation import RosterBatchStatus
from ..permissions import is_active_user
from ..permissions import rotation as perms
from ..selectors import rotation as selectors
from ..services.handover import handover_snapshot
from ..services.rotation_rows import IMPORTER


@login_required
@require_http_methods(["GET"])
def rotation_template(request):
    if not perms.can_prepare_rotation(request.user):
        raise Http404
    if request.GET.get("format") == "csv":
        return csv_response(
            "jinji-idou.csv",
            IMPORTER.headers(),
            template_rows(IMPORTER),
            download_name=_("roster change template") + ".csv",
        )
    return xlsx_response(
        "jinji-idou.xlsx",
        [Sheet(_("Template"), IMPORTER.headers(), template_rows(IMPORTER))],
        download_name=_("roster change template") + ".xlsx",
    )


def _handover_moves(user, pk):
    batch = RosterBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    moves = selectors.batch_moves(batch).filter(person__isnull=False)
    if perms.can_manage_batch(user, batch):
        return batch, moves
    if (
        batch.status == RosterBatchStatus.APPLIED
        and is_active_user(user)
        and user.unit_id
        and moves.filter(from_unit_id=user.unit_id).exists()
    ):
        return batch, moves.filter(from_unit_id=user.unit_id)
    raise Http404


def _people(batch, moves) -> list[dict]:
    people = []
    for move in moves:
        items = move.handover if move.applied_at else handover_snapshot(move.person)
        people.append({"move": move, "items": items, "applied": bool(move.applied_at)})
    return people


@login_required
@require_http_methods(["GET"])
def rotation_handover(request, pk):
    batch, moves = _handover_moves(request.user, pk)
    people = _people(batch, moves)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                str(p["move"].person),
                p["move"].person.email,
                str(p["move"].from_unit or ""),
                item["kind"],
                item["title"],
                item["status"],
                _("Unassigned") if item["released"] else "",
            ]
            for p in people
            for item in p["items"]
        ]
        headers = [
            _("Person"),
            _("Email address"),
            _("Old unit"),
            _("Kind"),
            _("Item"),
            _("Status"),
            _("In charge"),
        ]
        return xlsx_response(
            f"hikitsugi-{batch.pk}.xlsx",
            [Sheet(_("Hand-over list"), headers, rows)],
            download_name=_("hand-over list") + f"-{batch.effective_date}.xlsx",
        )
    return render(
        request,
        "portal/rotation/handover.html",
        {"batch": batch, "people": people, "manager": perms.can_manage_batch(request.user, batch)},
    )
