"""The only tables of allowed moves in the casebook.

Case studies: 下書き draft → 確認待ち review → (公開予約 scheduled →) 公開 published →
アーカイブ archived. Bureau officers (and editors) submit drafts; HQ editors return, publish,
schedule and archive — who is an editor is checked by the services' predicates, the table
holds the roles. ``go_live`` is the scheduled publication made by the system at its time.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.choices import IssueStatus
from ..models.choices import Status as S

DRAFTERS = frozenset({Role.BUREAU, Role.HQ})
EDITORS = frozenset({Role.HQ})


def _t(action, sources, target, roles, label, public_label=None):
    return Transition(action, frozenset(sources), target, roles, label, public_label)


CASE_STUDY_WORKFLOW = Workflow(
    name="case_study",
    transitions=[
        _t("submit", {S.DRAFT}, S.REVIEW, DRAFTERS, _("Submitted for review")),
        _t("return", {S.REVIEW, S.SCHEDULED}, S.DRAFT, EDITORS, _("Returned to the draft")),
        _t("publish", {S.REVIEW, S.SCHEDULED}, S.PUBLISHED, EDITORS, _("Published")),
        _t("schedule", {S.REVIEW}, S.SCHEDULED, EDITORS, _("Publication scheduled")),
        _t("unschedule", {S.SCHEDULED}, S.REVIEW, EDITORS, _("Scheduled publication cancelled")),
        _t("go_live", {S.SCHEDULED}, S.PUBLISHED, EDITORS, _("Published at the scheduled time")),
        _t("archive", {S.PUBLISHED}, S.ARCHIVED, EDITORS, _("Archived")),
        _t("restore", {S.ARCHIVED}, S.PUBLISHED, EDITORS, _("Published again")),
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
        _t("publish", {IssueStatus.DRAFT}, IssueStatus.PUBLISHED, EDITORS, _("Issue published")),
        _t(
            "unpublish",
            {IssueStatus.PUBLISHED},
            IssueStatus.DRAFT,
            EDITORS,
            _("Issue withdrawn from publication"),
        ),
    ],
    labels={"create": _("Issue created"), "edit": _("Edited")},
)
