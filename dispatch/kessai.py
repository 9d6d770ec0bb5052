"""The dispatch pillar's routed act (決裁): the bureau's 派遣決定, made by issuing the numbered
dispatch notice (派遣決定通知書). Registered with the kernel from ``plugins.py``; a re-issue
after the people changed is not routed (it restates a decision already made)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.actions import Action
from portal.kessai import BUREAU, RoutedAct, register_routed_act

from .forms.requests import NoticeIssueForm
from .services import notices

ISSUE_KIND = "dispatch.notice_issue"


def _run_issue(request, obj, form, target):
    notice = notices.dispatch_notice_issue(request=obj, actor=request.user)
    return _("Notice %(number)s has been issued and the municipality told.") % {
        "number": notice.document_number
    }


def _form(data, files, **kwargs):
    return NoticeIssueForm(data, reissue=False)


ISSUE_ACTION = Action(
    "issue_notice",
    _("Issue the dispatch notice (派遣決定)"),
    _run_issue,
    form=_form,
    kessai_kind=ISSUE_KIND,
)


def register() -> None:
    label = _("Dispatch decision (派遣決定)")
    register_routed_act(
        RoutedAct(
            kind=ISSUE_KIND,
            label=label,
            model=None,
            action=ISSUE_ACTION,
            side=BUREAU,
            title=lambda obj: f"{label}: {obj}",
            object_url=lambda user, obj: reverse("dispatch:request_detail", args=[obj.pk]),
            draft_url=lambda obj, kw: reverse("dispatch:notice_issue", args=[obj.pk]),
        )
    )
