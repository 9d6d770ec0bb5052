"""ふるさと納税 support (F4): the tables of allowed moves of a company's registration, of a
project seeking support, and of a company's expression of interest.

A table of its own beside ``applications.py`` (the F1 table), so the finished grant
lifecycle stays untouched.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.furusato import CompanyStatus, InterestStatus, SupportProjectStatus

HQ = frozenset({Role.HQ})
MUNICIPAL = frozenset({Role.MUNICIPAL})
COMPANY = frozenset({Role.COMPANY})

COMPANY_WORKFLOW = Workflow(
    name="company_registration",
    transitions=[
        Transition(
            "approve",
            frozenset({CompanyStatus.PENDING}),
            CompanyStatus.APPROVED,
            HQ,
            _("Registration approved"),
        ),
        Transition(
            "decline",
            frozenset({CompanyStatus.PENDING}),
            CompanyStatus.DECLINED,
            HQ,
            _("Registration declined"),
        ),
    ],
    labels={"submit": _("Registration sent")},
)

SUPPORT_PROJECT_WORKFLOW = Workflow(
    name="support_project",
    transitions=[
        Transition(
            "publish",
            frozenset({SupportProjectStatus.DRAFT}),
            SupportProjectStatus.OPEN,
            MUNICIPAL,
            _("Published to companies"),
        ),
        Transition(
            "close",
            frozenset({SupportProjectStatus.OPEN}),
            SupportProjectStatus.CLOSED,
            MUNICIPAL,
            _("No longer seeking support"),
        ),
        Transition(
            "reopen",
            frozenset({SupportProjectStatus.CLOSED}),
            SupportProjectStatus.OPEN,
            MUNICIPAL,
            _("Seeking support again"),
        ),
    ],
    labels={"create": _("Created"), "update": _("Updated")},
)

INTEREST_WORKFLOW = Workflow(
    name="support_interest",
    transitions=[
        Transition(
            "accept",
            frozenset({InterestStatus.EXPRESSED}),
            InterestStatus.ACCEPTED,
            MUNICIPAL,
            _("Accepted by the municipality"),
        ),
        Transition(
            "decline",
            frozenset({InterestStatus.EXPRESSED}),
            InterestStatus.DECLINED,
            MUNICIPAL,
            _("Declined by the municipality"),
        ),
        Transition(
            "withdraw",
            frozenset({InterestStatus.EXPRESSED}),
            InterestStatus.WITHDRAWN,
            COMPANY,
            _("Withdrawn by the company"),
        ),
    ],
    labels={"express": _("Interest expressed")},
)
