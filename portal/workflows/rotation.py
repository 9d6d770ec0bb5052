"""The only table of allowed moves of a roster change (人事異動): 下書き draft → 予定
scheduled (every row right) → 発令済み applied on the effective date (by the system: the
daily task, or the first request of a person who moves). A scheduled batch can go back to
draft until its date."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import Role
from ..models.rotation import RosterBatchStatus as S
from ..workflow import Transition, Workflow

PREPARERS = frozenset({Role.MUNICIPAL, Role.HQ})

ROTATION_WORKFLOW = Workflow(
    name="rotation",
    transitions=[
        Transition(
            "schedule",
            frozenset({S.DRAFT}),
            S.SCHEDULED,
            PREPARERS,
            _("Schedule the roster change"),
            _("Roster change scheduled"),
        ),
        Transition(
            "unschedule",
            frozenset({S.SCHEDULED}),
            S.DRAFT,
            PREPARERS,
            _("Back to draft"),
            _("Roster change back to draft"),
        ),
        # Only the system applies a batch (actor None passes the role check).
        Transition(
            "apply",
            frozenset({S.SCHEDULED}),
            S.APPLIED,
            frozenset(),
            pgettext_lazy("rotation", "Apply"),
            _("Roster change applied"),
        ),
    ],
    labels={
        "rotation_load": _("Roster file loaded"),
        "rotation_row": _("Roster row saved"),
        "rotation_move": _("Moved by a roster change"),
        "rotation_release": _("Unassigned by a roster change"),
    },
)
