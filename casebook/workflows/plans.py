"""The only table of allowed moves of a municipality's plan (各種計画).

策定中 drafting → 策定済 adopted → 改定中 revising → 策定済 adopted. The municipality keeps
its own plans; bureau officers advise through comments.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.plans import PlanStatus as S

OWNERS = frozenset({Role.MUNICIPAL})

PLAN_WORKFLOW = Workflow(
    name="plan",
    transitions=[
        Transition(
            "adopt",
            frozenset({S.DRAFTING, S.REVISING}),
            S.ADOPTED,
            OWNERS,
            _("Adopted"),
            _("Adopted"),
        ),
        Transition(
            "revise",
            frozenset({S.ADOPTED}),
            S.REVISING,
            OWNERS,
            _("Revision started"),
            _("Revision started"),
        ),
    ],
    labels={
        "create": pgettext_lazy("plan history", "Registered"),
        "edit": _("Edited"),
        "document": _("Document uploaded"),
        "comment": _("Comment written"),
    },
)
