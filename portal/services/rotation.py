"""Writes of the April rotation (人事異動, #20): prepare a batch (a file or single rows),
schedule it, and apply it on its effective date.

Applying a move records where the person was, lists and unassigns their open work (the
pillars' hand-over providers, ``portal.registry``) so that it waits for their old unit,
changes their organisation, unit and position, tells the old unit, and audits it. It runs from
the daily task (``portal.tasks.apply_due_rotations``) and, for one person, from the first
request they make on or after the date (``portal.middleware.RotationMiddleware``), so old
access never outlives the date. Both are safe to run twice: an applied move is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..excel import imports
from ..models import Role, RosterBatch, RosterMove, User
from ..models.rotation import RosterBatchStatus as S
from ..permissions import rotation as perms
from ..workflow import audit, run_transition
from ..workflows.rotation import ROTATION_WORKFLOW
from . import notifications
from .handover import handover_snapshot
from .rotation_rows import FIELDS, IMPORTER, check_rows

RESOLVED = ("person", "kind", "to_role", "to_municipality", "to_bureau", "to_unit", "to_position")


def _check_date(effective_date) -> None:
    if effective_date < timezone.localdate():
        raise ValidationError(
            {"effective_date": _("The effective date cannot be in the past.")}, code="past"
        )


def batch_create(*, actor, effective_date: dt.date, title: str = "") -> RosterBatch:
    """A new draft batch for the actor's organisation (a municipality's, or HQ's)."""
    if not perms.can_prepare_rotation(actor):
        raise PermissionDenied
    _check_date(effective_date)
    municipality = actor.municipality if actor.role == Role.MUNICIPAL else None
    with transaction.atomic():
        batch = RosterBatch.objects.create(
            municipality=municipality,
            effective_date=effective_date,
            title=title,
            prepared_by=actor,
        )
        audit(batch, actor=actor, action="create", to_status=batch.status)
    return batch


def _editable(batch: RosterBatch, actor) -> RosterBatch:
    locked = RosterBatch.objects.select_for_update().get(pk=batch.pk)
    if not perms.can_manage_batch(actor, locked):
        raise PermissionDenied
    if locked.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be changed: put it back to draft first."))
    return locked


def recheck(batch: RosterBatch) -> int:
    """Check every row of the batch again (people and units change); returns how many rows
    have a problem."""
    moves = list(batch.moves.all())
    rows = [{"row_number": m.row_number, **{f: getattr(m, f) for f in FIELDS}} for m in moves]
    wrong = 0
    for move, checked in zip(moves, check_rows(batch, rows), strict=True):
        move.problems = checked.problems
        for name in RESOLVED:
            default = "move" if name == "kind" else ("" if name == "to_role" else None)
            setattr(move, name, checked.values.get(name, default))
        wrong += bool(checked.problems)
    RosterMove.objects.bulk_update(moves, ["problems", *RESOLVED])
    return wrong


def batch_load(*, batch: RosterBatch, actor, filename: str, content: bytes) -> int:
    """Replace the draft's rows by those of an .xlsx or CSV file; every row is kept with its
    problems, for the preview. Raises ``ImportFileError`` for a file that cannot be read."""
    positions, body = imports.read_any(IMPORTER, content, filename)
    with transaction.atomic():
        locked = _editable(batch, actor)
        locked.moves.all().delete()
        moves = []
        for number, cells in body:
            values = [
                imports._as_text(cells[i]) if i is not None and i < len(cells) else ""
                for i in positions
            ]
            texts = {f: v[:120] for f, v in zip(FIELDS, values, strict=True)}
            moves.append(RosterMove(batch=locked, row_number=number, **texts))
        RosterMove.objects.bulk_create(moves)
        locked.source_name = filename[:200]
        locked.save(update_fields=["source_name"])
        wrong = recheck(locked)
        audit(locked, actor=actor, action="rotation_load", extra={"rows": len(moves)})
    batch.source_name = locked.source_name
    return wrong


def move_save(*, batch: RosterBatch, actor, data: dict, move: RosterMove | None = None):
    """Add one row, or correct one (the preview's rows are corrected here, not by a new
    upload)."""
    with transaction.atomic():
        locked = _editable(batch, actor)
        if move is None:
            last = locked.moves.order_by("-row_number").first()
            move = RosterMove(batch=locked, row_number=(last.row_number + 1) if last else 1)
        for name in FIELDS:
            setattr(move, name, (data.get(name) or "").strip())
        move.save()
        recheck(locked)
        audit(locked, actor=actor, action="rotation_row", extra={"row": move.row_number})
    move.refresh_from_db()
    return move


def move_remove(*, move: RosterMove, actor) -> None:
    with transaction.atomic():
        locked = _editable(move.batch, actor)
        move.delete()
        recheck(locked)


def _refresh_moves_on(person_ids) -> None:
    """Each person's next scheduled, unapplied move date (None when there is none)."""
    dates = dict(
        RosterMove.objects.filter(
            person_id__in=person_ids, batch__status=S.SCHEDULED, applied_at__isnull=True
        )
        .values("person_id")
        .annotate(first=Min("batch__effective_date"))
        .values_list("person_id", "first")
    )
    for pk in person_ids:
        User.objects.filter(pk=pk).update(moves_on=dates.get(pk))


def batch_schedule(*, batch: RosterBatch, actor) -> RosterBatch:
    """Fix the batch for its date. Every row must be right; nothing changes before the date
    (a date of today applies at once)."""
    with transaction.atomic():
        locked = _editable(batch, actor)
        _check_date(locked.effective_date)
        if not locked.moves.exists():
            raise ValidationError(_("The roster change has no rows."))
        if recheck(locked):
            raise ValidationError(_("Some rows have problems: correct or remove them first."))
        run_transition(
            ROTATION_WORKFLOW,
            locked,
            "schedule",
            actor=actor,
            allowed=lambda b: perms.can_manage_batch(actor, b),
        )
        _refresh_moves_on(list(locked.moves.values_list("person_id", flat=True)))
    if locked.effective_date <= timezone.localdate():
        batch_apply(batch_id=locked.pk)
    batch.refresh_from_db()
    return batch


def batch_unschedule(*, batch: RosterBatch, actor) -> RosterBatch:
    with transaction.atomic():
        if batch.effective_date <= timezone.localdate():
            raise ValidationError(_("The effective date has come: the change is applied."))
        run_transition(
            ROTATION_WORKFLOW,
            batch,
            "unschedule",
            actor=actor,
            allowed=lambda b: perms.can_manage_batch(actor, b),
        )
        _refresh_moves_on(list(batch.moves.values_list("person_id", flat=True)))
    return batch


# --- Applying -----------------------------------------------------------------------------


def notify_unit(unit, *, move: RosterMove) -> None:
    """Tell the old unit what the person left to it, in its shared inbox (each member, the
    unit's mailbox): the person has already left it."""
    if unit is None:
        return
    notifications.notify_unit(
        unit=unit,
        kind="rotation_handover",
        subject=_("Hand-over: %(name)s has moved"),
        subject_params={"name": str(move.person)},
        template="portal/email/rotation_handover.txt",
        context={"move": move, "items": move.handover},
        url=reverse("portal:rotation_handover", args=[move.batch_id]),
        dedupe_key=f"rotation:{move.pk}",
    )


def _apply_move(move_id: int) -> bool:
    with transaction.atomic():
        move = (
            RosterMove.objects.select_for_update(of=("self",))
            .select_related("batch", "person")
            .filter(pk=move_id)
            .first()
        )
        if move is None or move.applied_at is not None or move.person_id is None:
            return False
        person = User.objects.select_for_update().get(pk=move.person_id)
        move.from_role, move.from_municipality_id = person.role, person.municipality_id
        move.from_bureau_id, move.from_unit_id = person.bureau_id, person.unit_id
        move.from_position = person.position
        move.handover = handover_snapshot(person, release=True)
        before = {"role": person.role, "organisation": person.municipality_id or person.bureau_id}
        same_org = (move.to_role, move.to_municipality_id, move.to_bureau_id) == (
            person.role,
            person.municipality_id,
            person.bureau_id,
        )
        person.role = move.to_role or Role.NONE
        person.municipality_id = move.to_municipality_id
        person.bureau_id = move.to_bureau_id
        person.unit_id = move.to_unit_id
        person.position = move.to_position or person.position
        person.is_staff = person.role in (Role.BUREAU, Role.HQ)
        # An organisation's administrator is so for that organisation only.
        person.is_org_admin = person.is_org_admin and same_org
        person.moves_on = None
        person.save()
        move.applied_at = timezone.now()
        move.save()
        audit(
            person,
            actor=None,
            action="rotation_move",
            extra={
                "batch": move.batch_id,
                "kind": move.kind,
                "from": before,
                "to": {
                    "role": person.role,
                    "organisation": move.to_municipality_id or move.to_bureau_id,
                },
                "unit": move.to_unit_id,
                "position": move.to_position,
                "open_items": len(move.handover),
            },
        )
        notify_unit(move.from_unit, move=move)
    _refresh_moves_on([move.person_id])
    _close_if_done(move.batch_id)
    return True


def _close_if_done(batch_id: int) -> None:
    with transaction.atomic():
        batch = RosterBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != S.SCHEDULED or batch.moves.filter(applied_at__isnull=True).exists():
            return

        def stamp(locked):
            locked.applied_at = timezone.now()
            return ["applied_at"]

        run_transition(ROTATION_WORKFLOW, batch, "apply", actor=None, apply=stamp)


def batch_apply(*, batch_id: int) -> int:
    """Apply every move of a scheduled batch whose date has come. Safe to run twice."""
    batch = RosterBatch.objects.filter(pk=batch_id, status=S.SCHEDULED).first()
    if batch is None or batch.effective_date > timezone.localdate():
        return 0
    applied = sum(
        _apply_move(pk)
        for pk in batch.moves.filter(applied_at__isnull=True).values_list("pk", flat=True)
    )
    _close_if_done(batch.pk)
    return applied


def rotations_apply_due() -> int:
    """Every scheduled batch whose effective date has come (the daily task)."""
    due = RosterBatch.objects.filter(status=S.SCHEDULED, effective_date__lte=timezone.localdate())
    return sum(batch_apply(batch_id=pk) for pk in due.values_list("pk", flat=True))


def person_apply_due(*, person) -> bool:
    """Apply the person's moves whose date has come; True when anything changed (the
    request's user is then read again)."""
    today = timezone.localdate()
    pending = RosterMove.objects.filter(
        person=person,
        applied_at__isnull=True,
        batch__status=S.SCHEDULED,
        batch__effective_date__lte=today,
    ).order_by("batch__effective_date", "pk")
    # Every due move is applied: no short cut after the first.
    results = [_apply_move(pk) for pk in pending.values_list("pk", flat=True)]
    changed = any(results)
    if not changed:
        _refresh_moves_on([person.pk])
    return changed
