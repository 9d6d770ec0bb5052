"""Decisions with a note: one shape for approving, declining or returning what someone asked
for (a company's or a cooperative's registration, a support request …).

A decision is a move of the object's workflow table that records who decided and when, keeps
the note the other side reads on the object, and writes it as the audit event's comment. The
pillar's service keeps what is its own: the predicate, extra checks on the locked row, and
what follows (a role given, a notification).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..workflow import TransitionResult, Workflow, run_transition


def required_note(note: str | None, message=None, *, field: str | None = None) -> str:
    """The note without surrounding blanks; a ValidationError (on ``field`` if given) when
    nothing is left, for a decision the other side must be given a reason for."""
    note = (note or "").strip()
    if not note:
        message = message or _("Give the reason for declining.")
        if field is not None:
            raise ValidationError({field: message})
        raise ValidationError(message, code="reason_required")
    return note


def decide(
    workflow: Workflow,
    obj,
    action: str,
    *,
    actor,
    note: str = "",
    allowed: Callable[[Any], bool] | None = None,
    check: Callable[[Any], None] | None = None,
    note_field: str = "decision_note",
) -> TransitionResult:
    """Run the decision ``action`` of ``workflow`` on ``obj`` (see ``run_transition``).

    Sets ``decided_by``, ``decided_at`` and ``note_field`` on the locked row; ``check(locked)``
    may raise ValidationError first. Safe to call twice: an object already decided so is
    returned unchanged."""
    now = timezone.now()

    def apply(locked):
        if check is not None:
            check(locked)
        locked.decided_by = actor
        locked.decided_at = now
        setattr(locked, note_field, note)
        return ["decided_by", "decided_at", note_field]

    return run_transition(
        workflow, obj, action, actor=actor, comment=note, allowed=allowed, apply=apply
    )
