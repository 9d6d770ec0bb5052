"""The transition tables of 地域おこし協力隊 support (H3): the only allowed moves.

Positions and trial programmes: 下書き → 公開 (→ 下書き to correct) → 募集終了 (→ 公開 again
while the window is still open). Municipal staff post them; their bureau and HQ may do
the same for them (HQ's support office gathers recruitment information in one place).

The register: 募集中 → 委嘱 → 活動中 → 任期満了, or 途中退任 from 委嘱 or 活動中. Only the
municipality keeps its register; the bureau and HQ read it.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.kyoryokutai import PostingStatus as P
from ..models.volunteers import VolunteerStatus as V

POSTERS = frozenset({Role.MUNICIPAL, Role.BUREAU, Role.HQ})
MUNICIPAL = frozenset({Role.MUNICIPAL})
# The bureau or HQ entering members from the register they kept in Excel before the portal
# (admin → 協力隊名簿 → 「Excelから取り込む」); from then on the municipality keeps them.
REGISTER_IMPORTERS = frozenset({Role.BUREAU, Role.HQ})


def _t(action, sources, target, roles, label, applicant_label=None):
    return Transition(action, frozenset(sources), target, roles, label, applicant_label)


def _posting_workflow(name: str) -> Workflow:
    return Workflow(
        name=name,
        transitions=[
            _t("publish", {P.DRAFT}, P.PUBLISHED, POSTERS, _("Published")),
            _t("unpublish", {P.PUBLISHED}, P.DRAFT, POSTERS, _("Taken back to draft")),
            _t("close", {P.PUBLISHED}, P.CLOSED, POSTERS, _("Closed")),
            _t("reopen", {P.CLOSED}, P.PUBLISHED, POSTERS, _("Opened again")),
        ],
        labels={"create": _("Draft started"), "edit": _("Changed")},
    )


POSITION_WORKFLOW = _posting_workflow("kyoryokutai_position")
TRIAL_WORKFLOW = _posting_workflow("kyoryokutai_trial")

VOLUNTEER_WORKFLOW = Workflow(
    name="kyoryokutai_volunteer",
    transitions=[
        _t("commission", {V.RECRUITING}, V.COMMISSIONED, MUNICIPAL, _("Commissioned (委嘱)")),
        _t(
            "import_commissioned",
            {V.RECRUITING},
            V.COMMISSIONED,
            REGISTER_IMPORTERS,
            _("Commissioned (委嘱), entered from the bureau's Excel register"),
        ),
        _t("start", {V.COMMISSIONED}, V.ACTIVE, MUNICIPAL, _("Activities started")),
        _t("complete", {V.ACTIVE}, V.COMPLETED, MUNICIPAL, _("Term completed")),
        _t(
            "resign",
            {V.COMMISSIONED, V.ACTIVE},
            V.RESIGNED,
            MUNICIPAL,
            _("Left before the end of the term"),
        ),
    ],
    labels={
        "create": _("Added to the register"),
        "edit": _("Details changed"),
        "settlement": _("Settlement after the term recorded"),
        "follow_up": _("Follow-up a year later recorded"),
        "invite_member": _("Member invited to their own account"),
        "member_settings": _("Reports and contact set"),
        "member_report": _("Activity report filed"),
        "intention": _("The member said what comes next"),
        "alumni": _("OB/OG listing changed"),
    },
)
