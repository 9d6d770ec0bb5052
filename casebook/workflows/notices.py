"""The only table of allowed moves of a notice (お知らせ・事務連絡).

下書き draft → 送信済 sent → 取下げ withdrawn. HQ sends to any audience, a bureau within its
own area (the services check it); who may act on a notice at all is the sender's scope
(``permissions.notices.can_manage_notice``)."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.notices import NoticeStatus as S

SENDERS = frozenset({Role.BUREAU, Role.HQ})

NOTICE_WORKFLOW = Workflow(
    name="notice",
    transitions=[
        Transition(
            "send",
            frozenset({S.DRAFT}),
            S.SENT,
            SENDERS,
            _("Send the notice"),
            _("Notice sent"),
        ),
        Transition(
            "withdraw",
            frozenset({S.SENT}),
            S.WITHDRAWN,
            SENDERS,
            _("Withdraw the notice"),
            _("Notice withdrawn"),
        ),
    ],
    labels={
        "create": _("Notice written"),
        "edit": _("Notice edited"),
        "attach": _("Files attached"),
        "confirm": _("Confirmed by a recipient"),
    },
)
