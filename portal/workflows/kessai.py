"""The only table of a 決裁's moves: in progress → approved, returned ⇄ in progress, withdrawn.

An approval that is not the last one is done in place (the draft stays in progress, its
current step moves on); who may stamp which step is ``portal.services.kessai``'s business
(the holder of the step's position in the drafter's chain, or their stand-in).
"""

from django.utils.translation import pgettext_lazy

from ..models import Role
from ..models.kessai import KessaiStatus as S
from ..workflow import Transition, Workflow

OFFICES = frozenset({Role.MUNICIPAL, Role.BUREAU, Role.HQ})

KESSAI_WORKFLOW = Workflow(
    name="kessai",
    transitions=[
        Transition(
            "kessai_approve_step",
            frozenset({S.IN_PROGRESS}),
            None,
            OFFICES,
            pgettext_lazy("kessai", "Approve"),
            pgettext_lazy("kessai history", "Approved (決裁 step)"),
        ),
        Transition(
            "kessai_decide",
            frozenset({S.IN_PROGRESS}),
            S.APPROVED,
            OFFICES,
            pgettext_lazy("kessai", "Approve and decide"),
            pgettext_lazy("kessai history", "Decided (決裁)"),
        ),
        Transition(
            "kessai_return",
            frozenset({S.IN_PROGRESS}),
            S.RETURNED,
            OFFICES,
            pgettext_lazy("kessai", "Return to the drafter"),
            pgettext_lazy("kessai history", "Returned to the drafter (決裁)"),
        ),
        Transition(
            "kessai_resubmit",
            frozenset({S.RETURNED}),
            S.IN_PROGRESS,
            OFFICES,
            pgettext_lazy("kessai", "Resubmit"),
            pgettext_lazy("kessai history", "Resubmitted (決裁)"),
        ),
        Transition(
            "kessai_withdraw",
            frozenset({S.IN_PROGRESS, S.RETURNED}),
            S.WITHDRAWN,
            OFFICES,
            pgettext_lazy("kessai", "Withdraw the draft"),
            pgettext_lazy("kessai history", "Draft withdrawn (決裁)"),
        ),
        Transition(
            "kessai_afterwards",
            frozenset({S.IN_PROGRESS, S.APPROVED}),
            None,
            OFFICES,
            pgettext_lazy("kessai", "Read afterwards (後閲)"),
            pgettext_lazy("kessai history", "Read afterwards (後閲)"),
        ),
    ],
    labels={
        "kessai_draft": pgettext_lazy("kessai history", "Drafted (起案)"),
        "kessai_proxy": pgettext_lazy("kessai history", "Decided as deputy (代決)"),
        "route_set": pgettext_lazy("kessai history", "決裁 route set"),
        "route_removed": pgettext_lazy("kessai history", "決裁 route removed"),
        "delegation_set": pgettext_lazy("kessai history", "Stand-in named (代決者の指定)"),
        "delegation_removed": pgettext_lazy("kessai history", "Stand-in removed"),
    },
)
