"""The only tables of allowed moves in the casebook.

Case studies: 下書き draft → 確認待ち review → (公開予約 scheduled →) 公開 published →
アーカイブ archived. Bureau officers (and editors) submit drafts; HQ editors return, publish,
schedule and archive — the table holds the roles, and its ``when`` predicates (for the
buttons; the services check the same predicates) who is an editor. ``go_live`` is the
scheduled publication made by the system at its time.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.choices import IssueStatus
from ..models.choices import Status as S
from ..permissions.case_studies import can_review_case_study, can_submit_case_study

DRAFTERS = frozenset({Role.BUREAU, Role.HQ})
EDITORS = frozenset({Role.HQ})


def _t(action, sources, target, roles, label, public_label=None, when=None):
    return Transition(action, frozenset(sources), target, roles, label, public_label, when)


def _editor_only(user, obj) -> bool:
    return can_review_case_study(user, obj)


CASE_STUDY_WORKFLOW = Workflow(
    name="case_study",
    transitions=[
        _t(
            "submit",
            {S.DRAFT},
            S.REVIEW,
            DRAFTERS,
            _("Submitted for review"),
            when=can_submit_case_study,
        ),
        _t(
            "return",
            {S.REVIEW, S.SCHEDULED},
            S.DRAFT,
            EDITORS,
            _("Returned to the draft"),
            when=_editor_only,
        ),
        _t(
            "publish",
            {S.REVIEW, S.SCHEDULED},
            S.PUBLISHED,
            EDITORS,
            _("Published"),
            when=_editor_only,
        ),
        _t(
            "schedule",
            {S.REVIEW},
            S.SCHEDULED,
            EDITORS,
            _("Publication scheduled"),
            when=_editor_only,
        ),
        _t(
            "unschedule",
            {S.SCHEDULED},
            S.REVIEW,
            EDITORS,
            _("Scheduled publication cancelled"),
            when=_editor_only,
        ),
        _t("go_live", {S.SCHEDULED}, S.PUBLISHED, EDITORS, _("Published at the scheduled time")),
        _t("archive", {S.PUBLISHED}, S.ARCHIVED, EDITORS, _("Archived"), when=_editor_only),
        _t("restore", {S.ARCHIVED}, S.PUBLISHED, EDITORS, _("Published again"), when=_editor_only),
    ],
    labels={
        "create": _("Draft started"),
        "propose": _("Proposed by the municipality"),
        "from_project": _("Drafted from the bureau's policy project"),
        "edit": _("Edited"),
    },
)

ISSUE_WORKFLOW = Workflow(
    name="journal_issue",
    transitions=[
        _t(
            "publish",
            {IssueStatus.DRAFT},
            IssueStatus.PUBLISHED,
            EDITORS,
            _("Issue published"),
            when=_editor_only,
        ),
        _t(
            "unpublish",
            {IssueStatus.PUBLISHED},
            IssueStatus.DRAFT,
            EDITORS,
            _("Issue withdrawn from publication"),
            when=_editor_only,
        ),
    ],
    labels={"create": _("Issue created"), "edit": _("Edited")},
)
