"""The steps of a case study in the admin: one kernel action per move of the table, each a
small page whose POST makes one service call (portal.actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionSet
from portal.japanese import wareki_datetime

from ..services import case_studies as services
from ..workflows.case_studies import CASE_STUDY_WORKFLOW
from .forms import ArchiveForm, CommentForm, ReturnForm, ScheduleForm


def _run_submit(request, case_study, form, target):
    services.case_study_submit(
        case_study=case_study, actor=request.user, comment=form.cleaned_data["comment"]
    )
    return _("Submitted for review. The editors were notified.")


def _run_return(request, case_study, form, target):
    services.case_study_return(
        case_study=case_study, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Returned to the draft. The bureau's officers were notified.")


def _run_publish(request, case_study, form, target):
    services.case_study_publish(
        case_study=case_study, actor=request.user, comment=form.cleaned_data["comment"]
    )
    return _("Published.")


def _run_schedule(request, case_study, form, target):
    when = form.cleaned_data["publish_at"]
    services.case_study_schedule(case_study=case_study, actor=request.user, publish_at=when)
    return _("Publication scheduled for %(when)s.") % {"when": wareki_datetime(when)}


def _run_unschedule(request, case_study, form, target):
    services.case_study_unschedule(case_study=case_study, actor=request.user)
    return _("The scheduled publication was cancelled; the case study awaits review again.")


def _run_archive(request, case_study, form, target):
    services.case_study_archive(
        case_study=case_study, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Archived: the case study is no longer public.")


def _run_restore(request, case_study, form, target):
    services.case_study_restore(case_study=case_study, actor=request.user)
    return _("Published again at the same address.")


CASE_STUDY_ACTIONS = ActionSet(
    CASE_STUDY_WORKFLOW,
    [
        Action(
            "submit",
            _("Submit for review"),
            _run_submit,
            form=CommentForm,
            submit_label=_("Submit for review"),
            style=PRIMARY,
        ),
        Action(
            "publish",
            _("Publish now"),
            _run_publish,
            form=CommentForm,
            submit_label=_("Publish now"),
            style=PRIMARY,
        ),
        Action(
            "schedule",
            _("Schedule the publication"),
            _run_schedule,
            form=ScheduleForm,
            submit_label=_("Schedule"),
            error_field="publish_at",
        ),
        Action(
            "return",
            _("Return to the draft"),
            _run_return,
            form=ReturnForm,
            submit_label=_("Return to the draft"),
            error_field="reason",
        ),
        Action(
            "unschedule",
            _("Cancel the scheduled publication"),
            _run_unschedule,
            submit_label=_("Cancel the scheduled publication"),
            style=DESTRUCTIVE,
        ),
        Action(
            "archive",
            _("Archive"),
            _run_archive,
            form=ArchiveForm,
            submit_label=_("Archive"),
            style=DESTRUCTIVE,
        ),
        Action(
            "restore",
            _("Publish again"),
            _run_restore,
            submit_label=_("Publish again"),
            style=PRIMARY,
        ),
    ],
)
