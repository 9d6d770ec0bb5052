"""A small workflow engine: declare a transition table, run a move through one function.

Each long-lived object (application, request, consultation …) declares a ``Workflow`` with
its transitions. ``run_transition`` is the only code that changes a workflow status: it locks
the row, checks the table, the actor's role and the caller's predicate, saves, and writes an
append-only audit event. Services call it; nothing else assigns ``status``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .action_labels import (  # noqa: F401 - re-exported for the pillars
    COMMON_ACTION_LABELS,
    action_label,
    labelled_actions,
    register_action_labels,
)
from .models import AuditEvent, Role


class InvalidTransition(Exception):
    """The requested move is not allowed from the object's current status."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("This action is not possible in the current status."))

    @property
    def message(self) -> str:
        return str(self.args[0])


class Refusal(PermissionDenied):
    """A PermissionDenied whose message is written for the user (translated), such as "only
    an officer holding the chief's authority can approve this"; a bare PermissionDenied's
    text, if any, is for logs."""


@dataclass(frozen=True)
class Transition:
    """One row of a table: ``action`` moves an object from one of ``sources`` to ``target``.

    A row whose ``target`` is ``None`` is an action done *in place* (scoring, recording a
    payment): the status stays, but the table still says from which statuses and by which
    roles it may be done, so that every button of an object comes from one table.
    ``when(user, obj)`` narrows the row further for buttons (e.g. "only once the amount is
    set"); the service re-checks its own rules when the action runs.
    """

    action: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    label: Any  # officer-facing label (lazy translation)
    applicant_label: Any = None  # what the applicant sees in their timeline
    when: Callable[[Any, Any], bool] | None = None

    @property
    def moves(self) -> bool:
        return self.target is not None

    def allows_role(self, user) -> bool:
        if user is None:  # the system itself (tasks, commands)
            return True
        role = Role.HQ if user.is_superuser else user.role
        return role in self.roles

    def offered(self, status: str, obj, user) -> bool:
        """Whether a button for this row is shown on ``obj`` (in ``status``) to ``user``."""
        if status not in self.sources or not self.allows_role(user):
            return False
        return self.when is None or bool(self.when(user, obj))


@dataclass
class Workflow:
    name: str
    transitions: Iterable[Transition]
    status_field: str = "status"
    # Labels of audit actions that are not moves of the table (assignments, scores …).
    labels: dict = field(default_factory=dict)
    _by_action: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self.transitions = tuple(self.transitions)
        self._by_action = {}
        for t in self.transitions:
            if t.action in self._by_action:
                raise ValueError(f"{self.name}: action {t.action!r} declared twice")
            self._by_action[t.action] = t
        register_action_labels({t.action: t.label for t in self.transitions if t.label})
        register_action_labels(self.labels)

    def get(self, action: str) -> Transition:
        try:
            return self._by_action[action]
        except KeyError:
            raise InvalidTransition from None

    def ensure_possible(self, obj, action: str) -> None:
        """Raise InvalidTransition now, before a service validates data for a move that
        could not happen anyway."""
        transition = self.get(action)
        status = self.status_of(obj)
        if status not in transition.sources and status != transition.target:
            raise InvalidTransition

    def status_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def available(self, obj, user) -> list[Transition]:
        """What the user could do with the object now: the only source of buttons and menus.

        The rows whose sources hold the object's status, whose roles hold the user's, and
        whose ``when`` predicate (if any) agrees."""
        status = self.status_of(obj)
        return [t for t in self.transitions if t.offered(status, obj, user)]

    def label_for(self, action: str, *, applicant: bool = False):
        t = self._by_action.get(action)
        if t is None or not t.moves:
            # An action done in place is labelled in the history as any audit action is.
            return self.labels.get(action) or action_label(action)
        return (t.applicant_label or t.label) if applicant else t.label


def audit(
    obj: models.Model,
    *,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    extra: dict | None = None,
) -> AuditEvent:
    """Write an audit event for something that happened to ``obj`` (also outside workflows)."""
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        extra=extra or {},
    )


@dataclass
class TransitionResult:
    obj: Any
    changed: bool
    event: AuditEvent | None = None


def run_transition(
    workflow: Workflow,
    obj: models.Model,
    action: str,
    *,
    actor,
    comment: str = "",
    extra: dict | None = None,
    allowed: Callable[[Any], bool] | None = None,
    apply: Callable[[Any], Iterable[str]] | None = None,
) -> TransitionResult:
    """Run one move of ``workflow`` on ``obj``.

    Locks the row, and if it is already in the move's target status (and the move does not
    start there) returns without change, so a double submit or a retried task is harmless.
    Raises ``InvalidTransition`` if the table has no such move from the current status,
    ``PermissionDenied`` if the actor's role or the ``allowed`` predicate (scope, ownership)
    says no. ``apply`` may set further fields on the locked object and returns their names.
    Must be called inside the service's ``transaction.atomic()``; it opens one if not.
    """
    transition = workflow.get(action)
    if not transition.moves:
        raise ValueError(f"{workflow.name}: {action!r} is done in place, not by run_transition")
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        current = workflow.status_of(locked)
        if current == transition.target and current not in transition.sources:
            return TransitionResult(obj=locked, changed=False)
        if current not in transition.sources:
            raise InvalidTransition
        if not transition.allows_role(actor):
            raise PermissionDenied
        if allowed is not None and not allowed(locked):
            raise PermissionDenied
        fields = set(apply(locked) or ()) if apply else set()
        setattr(locked, workflow.status_field, transition.target)
        fields.add(workflow.status_field)
        locked.save(update_fields=sorted(fields))
        event = audit(
            locked,
            actor=actor,
            action=action,
            from_status=current,
            to_status=transition.target,
            comment=comment,
            extra=extra,
        )
    # Keep the caller's instance in step with the database.
    for name in fields:
        setattr(obj, name, getattr(locked, name))
    return TransitionResult(obj=locked, changed=True, event=event)


# --- The kernel's own workflows -----------------------------------------------------------

ALL_STAFF = frozenset({Role.BUREAU, Role.HQ})

ACCESS_REQUEST_WORKFLOW = Workflow(
    name="access_request",
    transitions=[
        Transition(
            "approve",
            frozenset({"pending"}),
            "approved",
            ALL_STAFF,
            _("Approve access"),
            _("Access approved"),
        ),
        Transition(
            "decline",
            frozenset({"pending"}),
            "declined",
            ALL_STAFF,
            _("Decline access"),
            _("Access declined"),
        ),
    ],
)

# A local group's request is the same request, decided by the municipality it names (which
# knows its groups), not by the bureau; HQ can stand in. The predicate narrows it to the
# municipality's own staff.
GROUP_ACCESS_REQUEST_WORKFLOW = Workflow(
    name="group_access_request",
    transitions=[
        Transition(
            "approve",
            frozenset({"pending"}),
            "approved",
            frozenset({Role.MUNICIPAL, Role.HQ}),
            _("Approve access"),
            _("Access approved"),
        ),
        Transition(
            "decline",
            frozenset({"pending"}),
            "declined",
            frozenset({Role.MUNICIPAL, Role.HQ}),
            _("Decline access"),
            _("Access declined"),
        ),
    ],
)

GROUP_INVITATION_WORKFLOW = Workflow(
    name="group_invitation",
    transitions=[
        Transition(
            "accept",
            frozenset({"pending"}),
            "accepted",
            # The invitee, who has no role until the invitation gives them one.
            frozenset({Role.NONE}),
            _("Accept the invitation"),
            _("Invitation accepted"),
        ),
        Transition(
            "cancel",
            frozenset({"pending"}),
            "cancelled",
            frozenset({Role.MUNICIPAL, Role.HQ}),
            _("Cancel the invitation"),
            _("Invitation cancelled"),
        ),
    ],
    labels={"invite": _("Invited"), "resend": _("Invitation sent again")},
)

CONSULTATION_WORKFLOW = Workflow(
    name="consultation",
    transitions=[
        Transition(
            "answer",
            frozenset({"open"}),
            "answered",
            # Municipal staff answer the questions routed or handed over to their town.
            ALL_STAFF | {Role.MUNICIPAL},
            _("Answer"),
            _("Answered"),
        ),
        Transition(
            "hand_over",
            frozenset({"open", "answered"}),
            None,
            ALL_STAFF,
            _("Hand over to the municipality"),
            _("Handed over to the municipality"),
            when=lambda user, consultation: consultation.answering_municipality_id is None,
        ),
        Transition(
            "follow_up",
            frozenset({"answered"}),
            "open",
            frozenset({Role.MUNICIPAL, Role.NONE, Role.ADVISOR, Role.MEMBER}),
            _("Follow-up question"),
            _("Follow-up question sent"),
        ),
        Transition(
            "close",
            frozenset({"open", "answered"}),
            "closed",
            frozenset({Role.MUNICIPAL, Role.BUREAU, Role.HQ, Role.NONE, Role.ADVISOR, Role.MEMBER}),
            _("Close"),
            _("Closed"),
        ),
        Transition(
            "reopen",
            frozenset({"closed"}),
            "open",
            frozenset({Role.MUNICIPAL, Role.BUREAU, Role.HQ, Role.NONE, Role.ADVISOR, Role.MEMBER}),
            _("Reopen"),
            _("Reopened"),
        ),
    ],
    labels={"hand_over": _("Handed over to the municipality")},
)
