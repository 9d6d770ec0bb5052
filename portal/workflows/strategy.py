"""The only table of allowed moves of a strategy: 下書き draft ⇄ 公開 published.

A published strategy stays editable (a KPI's result is entered every 年度): publishing
puts it on the public pages and in the open data, withdrawing takes it off them.
Who may move it is the editors' predicate (``permissions.strategy.can_edit_strategy``).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import Role
from ..models.strategy import StrategyStatus as S
from ..workflow import Transition, Workflow

EDITORS = frozenset({Role.MUNICIPAL, Role.BUREAU, Role.HQ})

STRATEGY_WORKFLOW = Workflow(
    name="strategy",
    transitions=[
        Transition(
            "publish",
            frozenset({S.DRAFT}),
            S.PUBLISHED,
            EDITORS,
            pgettext_lazy("strategy", "Publish"),
            pgettext_lazy("strategy history", "Published"),
        ),
        Transition(
            "withdraw",
            frozenset({S.PUBLISHED}),
            S.DRAFT,
            EDITORS,
            _("Withdraw from the public pages"),
            _("Withdrawn from the public pages"),
        ),
    ],
    labels={
        "create": pgettext_lazy("strategy history", "Created"),
        "edit": _("Edited"),
        "goal": _("Goal saved"),
        "measure": _("Measure saved"),
        "kpi": _("KPI saved"),
        "remove": _("Part removed"),
        "advice": _("Advice given"),
        "advice_answer": _("Advice answered"),
    },
)
