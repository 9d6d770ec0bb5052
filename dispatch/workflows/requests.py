"""The transition tables of the human-support pillar (H1, H2): the only allowed moves.

Request: 下書き → 申請 (approval pending) → 承認 / 差戻し (↔ 再申請) / 不承認 → 派遣中 (people
assigned) → 完了 (completion report); 取下げ while nobody is assigned yet. Approving a
地域振興派遣 is the bureau chief's decision: the service also checks that the officer holds
the chief's authority (DispatchDesk) and that the 地域創生枠 has a place left.

Activity report: 提出 → 確認 (with a rating) or 差戻し → 再提出.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.requests import Status as S
from ..models.work import ReportStatus as R

MUNICIPAL = frozenset({Role.MUNICIPAL})
BUREAU = frozenset({Role.BUREAU})
STAFF = frozenset({Role.BUREAU, Role.HQ})
# Whoever reports on a session: advisors, and prefectural staff whose accounts may be
# bureau officers or HQ staff; the service checks they are the person who attended.
REPORTERS = frozenset({Role.ADVISOR, Role.BUREAU, Role.HQ})


def _t(action, sources, target, roles, label, applicant_label):
    return Transition(action, frozenset(sources), target, roles, label, applicant_label)


REQUEST_WORKFLOW = Workflow(
    name="dispatch_request",
    transitions=[
        # The town and the bureau read one event under one name (the bare "Submitted" is
        # the grants' 申請, which a dispatch request is not).
        _t(
            "submit",
            {S.DRAFT},
            S.SUBMITTED,
            MUNICIPAL,
            _("Request submitted"),
            _("Request submitted"),
        ),
        _t(
            "resubmit",
            {S.RETURNED},
            S.SUBMITTED,
            MUNICIPAL,
            _("Request resubmitted"),
            _("Request resubmitted"),
        ),
        _t(
            "approve",
            {S.SUBMITTED},
            S.APPROVED,
            BUREAU,
            _("Approved"),
            _("Approved: the bureau is finding people"),
        ),
        _t(
            "return",
            {S.SUBMITTED},
            S.RETURNED,
            BUREAU,
            _("Returned for more information"),
            _("Returned for more information"),
        ),
        _t("decline", {S.SUBMITTED}, S.DECLINED, BUREAU, _("Declined"), _("Declined")),
        _t(
            "assign",
            {S.APPROVED},
            S.ASSIGNED,
            STAFF,
            _("People assigned"),
            _("People assigned: support under way"),
        ),
        _t(
            "complete",
            {S.ASSIGNED},
            S.CLOSED,
            MUNICIPAL,
            _("Completion report filed: request closed"),
            _("Completion report filed"),
        ),
        _t(
            "withdraw",
            {S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED},
            S.WITHDRAWN,
            MUNICIPAL,
            _("Withdrawn"),
            _("Withdrawn"),
        ),
    ],
    labels={
        "create": _("Draft started"),
        "assign_person": _("Person assigned"),
        "release_person": _("Assignment released"),
        "notice": _("Dispatch notice issued"),
        "schedule_session": _("Session scheduled"),
        "cancel_session": _("Session cancelled"),
        "report": _("Activity report filed"),
        "confirm_report": _("Activity report confirmed"),
        "return_report": _("Activity report returned"),
    },
)

REPORT_WORKFLOW = Workflow(
    name="dispatch_activity_report",
    transitions=[
        _t(
            "confirm",
            {R.SUBMITTED},
            R.CONFIRMED,
            MUNICIPAL,
            _("Confirmed and rated by the municipality"),
            # Not the bare "Confirmed": that is an event participant's 参加確定.
            _("Confirmed and rated by the municipality"),
        ),
        _t(
            "return",
            {R.SUBMITTED},
            R.RETURNED,
            MUNICIPAL,
            _("Returned for correction"),
            _("Returned for correction"),
        ),
        _t(
            "resubmit",
            {R.RETURNED},
            R.SUBMITTED,
            REPORTERS,
            _("Corrected and filed again"),
            _("Filed again"),
        ),
    ],
    labels={"report": _("Activity report filed")},
)
