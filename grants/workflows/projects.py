"""The bureau policy project (F2): the only table of allowed moves.

計画 → 実施中 → 完了 → 評価済. Only officers of the bureau that runs the project move it
(the services check that it is their bureau); HQ reads.

A table of its own beside ``applications.py`` (the F1 table), so the finished grant
lifecycle stays untouched.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.projects import PUBLIC_PROJECT_STATUSES
from ..models.projects import ProjectStatus as S

BUREAU = frozenset({Role.BUREAU})


def _not_yet_proposed(user, project) -> bool:
    return project.case_study_proposed_at is None


PROJECT_WORKFLOW = Workflow(
    name="policy_project",
    transitions=[
        Transition(
            "start",
            frozenset({S.PLANNED}),
            S.IN_PROGRESS,
            BUREAU,
            _("Started (実施中)"),
        ),
        Transition(
            "complete",
            frozenset({S.IN_PROGRESS}),
            S.COMPLETED,
            BUREAU,
            _("Completed (完了)"),
        ),
        Transition(
            "evaluate",
            frozenset({S.COMPLETED}),
            S.EVALUATED,
            BUREAU,
            _("Evaluated (評価済)"),
        ),
        # Done in place, once: the project is put to HQ for the journal.
        Transition(
            "propose_case_study",
            frozenset(PUBLIC_PROJECT_STATUSES),
            None,
            BUREAU,
            _("Propose as a case study for the journal"),
            when=_not_yet_proposed,
        ),
    ],
    labels={
        "create": _("Recorded"),
        "update": _("Updated"),
        "propose_case_study": _("Proposed as a case study for the journal"),
    },
)
