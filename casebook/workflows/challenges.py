"""The only table of allowed moves of a challenge or need (課題・ニーズ).

新規 new → 検討中 under consideration → マッチング済 matched → 解決 resolved / 対応困難 not
feasible. The municipality's bureau (and HQ) triages; a closed challenge can be reopened.
Writing the response is done in place (a row without a target); linking support is audited
too, but is not in the table.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.challenges import ChallengeStatus as S

STAFF = frozenset({Role.BUREAU, Role.HQ})


def _t(action, sources, target, label, municipal_label):
    return Transition(action, frozenset(sources), target, STAFF, label, municipal_label)


CHALLENGE_WORKFLOW = Workflow(
    name="challenge",
    transitions=[
        _t(
            "consider",
            {S.NEW},
            S.CONSIDERING,
            _("Taken up for consideration"),
            _("The bureau is considering it"),
        ),
        _t(
            "match",
            {S.NEW, S.CONSIDERING},
            S.MATCHED,
            _("Matched with support"),
            _("Support was found"),
        ),
        _t(
            "resolve",
            {S.CONSIDERING, S.MATCHED},
            S.RESOLVED,
            _("Resolved"),
            _("Resolved"),
        ),
        _t(
            "decline",
            {S.NEW, S.CONSIDERING, S.MATCHED},
            S.NOT_FEASIBLE,
            _("Marked not feasible"),
            _("The bureau found no way to support it for now"),
        ),
        _t(
            "reopen",
            {S.RESOLVED, S.NOT_FEASIBLE},
            S.CONSIDERING,
            _("Reopened"),
            _("Reopened"),
        ),
        # Done in place, in any status: the bureau's written response.
        Transition("respond", frozenset(S), None, STAFF, _("Write the response")),
    ],
    labels={
        "submit": _("Submitted by the municipality"),
        "respond": _("Response written"),
        "link": _("Support linked"),
        "unlink": _("Link removed"),
        "share": _("Sharing with neighbours changed"),
        "echo": _("A neighbour has the same challenge"),
        "echo_edit": _("A neighbour updated its same-challenge mark"),
        "unecho": _("A neighbour took back its same-challenge mark"),
    },
)

# Liaison meetings have no status to move; their history still reads in words.
MEETING_HISTORY = Workflow(
    name="liaison_meeting",
    transitions=[],
    labels={
        "create": _("Meeting created"),
        "edit": _("Edited"),
        "action_item": _("Action item set"),
        "action_item_closed": _("Action item closed"),
        "action_item_reopened": _("Action item reopened"),
        "attach": _("Files attached"),
        "publish_minutes": _("Minutes made public"),
        "unpublish_minutes": _("Minutes withdrawn from the public site"),
    },
)
