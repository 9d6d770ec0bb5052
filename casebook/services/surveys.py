"""Writes of the sender's side of a survey (照会・調査): saving the draft, publishing it to
its audience (one response per recipient, who are notified), closing and reopening it,
returning an answer (差戻し), and the scheduled reminders and 督促.

Every move goes through the tables in ``workflows/surveys.py``; notifications are rows of
the kernel's outbox written in the same transaction and mailed after commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audiences
from portal.models import Municipality
from portal.services.attachments import attachments_store
from portal.services.notifications import notify_many
from portal.workflow import audit, run_transition

from ..models import (
    ReminderStage,
    ResponseStatus,
    Survey,
    SurveyReminder,
    SurveyResponse,
    SurveyStatus,
)
from ..permissions import surveys as perms
from ..rules.surveys import survey_errors
from ..selectors.recipients import people_by_recipient, recipient_key
from ..workflows.surveys import SURVEY_RESPONSE_WORKFLOW, SURVEY_WORKFLOW
from .common import sender_bureau

# The reminder goes this many days before the deadline; the 督促 the day after it.
REMINDER_DAYS_BEFORE = 3

SUBJECTS = {
    "published": _("Survey from %(sender)s: %(title)s (answer by %(deadline)s)"),
    "returned": _("Your answer was returned for correction: %(title)s"),
    ReminderStage.BEFORE: _("Reminder: the survey %(title)s is due on %(deadline)s"),
    ReminderStage.OVERDUE: _("督促: please answer the survey %(title)s (due %(deadline)s)"),
}


def survey_save(*, survey: Survey, actor, creating: bool, uploads=()) -> Survey:
    """Save the draft written in the admin, with new attachments. A new survey is the
    actor's bureau's (HQ's for HQ staff); once published its text and questions no longer
    change."""
    if creating:
        if not perms.can_create_survey(actor):
            raise PermissionDenied
        survey.sender_bureau = sender_bureau(actor)
        survey.created_by = actor
    elif not perms.can_manage_survey(actor, survey):
        raise PermissionDenied
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("A published survey can no longer be changed."), code="published")
    with transaction.atomic():
        survey.save()
        attachments_store(uploads=uploads, owner=survey, uploaded_by=actor)
        if creating:
            audit(survey, actor=actor, action="create", to_status=survey.status)
    return survey


def _notify_respondents(
    survey: Survey, responses, *, key: str, subject_key, template: str, once: str = ""
) -> None:
    """Tell each response's people; ``once`` makes the dedupe key of a repeatable event."""
    people = people_by_recipient(responses)
    for response in responses:
        notify_many(
            people.get(recipient_key(response), []),
            kind=f"casebook_survey_{key}",
            subject=SUBJECTS[subject_key],
            subject_params={
                "title": survey.title,
                "sender": survey.sender_label,
                "deadline": survey.deadline,
            },
            template=f"casebook/email/{template}.txt",
            context={"survey": survey, "response": response, "stage": subject_key},
            dedupe_key=f"casebook:survey:{survey.pk}:{key}{once}:r{response.pk}",
            url=reverse("casebook:survey_answer", args=[response.pk]),
        )


def survey_publish(*, survey: Survey, actor) -> Survey:
    """Publish the survey: one response per recipient of its audience (within the sender
    bureau's area), each recipient's staff notified after commit.

    Refused (ValidationError) with no questions, an incomplete question, a deadline in the
    past, an audience beyond the sending bureau's area, or nobody to send to."""
    if not perms.can_manage_survey(actor, survey):
        raise PermissionDenied
    SURVEY_WORKFLOW.ensure_possible(survey, "publish")
    problems = survey_errors(survey, list(survey.questions.all()))
    if survey.deadline < timezone.localdate():
        problems.append(_("The deadline has passed: set a new deadline before publishing."))
    if problems:
        raise ValidationError(problems)
    audiences.validate_within(survey, survey.sender_bureau)
    recipients = audiences.resolve(survey, within=survey.sender_bureau)
    if not recipients:
        raise ValidationError(_("Nobody is in this audience: choose other recipients."))
    with transaction.atomic():

        def apply(obj):
            obj.published_at = timezone.now()
            return ["published_at"]

        result = run_transition(
            SURVEY_WORKFLOW,
            survey,
            "publish",
            actor=actor,
            allowed=lambda obj: perms.can_manage_survey(actor, obj),
            apply=apply,
            extra={"recipients": len(recipients)},
        )
        if not result.changed:
            return survey
        SurveyResponse.objects.bulk_create(
            [_response_for(survey, recipient) for recipient in recipients]
        )
        responses = list(
            SurveyResponse.objects.filter(survey=survey).select_related("cooperative__user")
        )
        _notify_respondents(
            survey,
            responses,
            key="published",
            subject_key="published",
            template="survey_published",
        )
    return survey


def _response_for(survey: Survey, recipient) -> SurveyResponse:
    if isinstance(recipient, Municipality):
        return SurveyResponse(survey=survey, municipality=recipient, bureau_id=recipient.bureau_id)
    bureau = audiences.bureau_of(recipient)
    return SurveyResponse(survey=survey, cooperative=recipient, bureau=bureau)


def survey_close(*, survey: Survey, actor, comment: str = "") -> Survey:
    """Close the survey: no more answers are written or submitted."""
    return _move(survey, "close", actor=actor, comment=comment, stamp="closed_at")


def survey_reopen(*, survey: Survey, actor, comment: str = "") -> Survey:
    """Reopen a closed survey, to let the last answers in."""
    return _move(survey, "reopen", actor=actor, comment=comment)


def _move(survey: Survey, action: str, *, actor, comment: str = "", stamp: str = "") -> Survey:
    if not perms.can_manage_survey(actor, survey):
        raise PermissionDenied

    def apply(obj):
        if not stamp:
            return []
        setattr(obj, stamp, timezone.now())
        return [stamp]

    run_transition(
        SURVEY_WORKFLOW,
        survey,
        action,
        actor=actor,
        comment=comment,
        allowed=lambda obj: perms.can_manage_survey(actor, obj),
        apply=apply,
    )
    return survey


def response_return(*, response: SurveyResponse, actor, reason: str) -> SurveyResponse:
    """Return a submitted answer for correction (差戻し) with a reason; the respondent's staff
    are notified and see the reason on the answer."""
    if not perms.can_manage_survey(actor, response.survey):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the answer is returned.")})
    with transaction.atomic():

        def apply(obj):
            obj.return_reason = reason
            obj.returned_at = timezone.now()
            return ["return_reason", "returned_at"]

        result = run_transition(
            SURVEY_RESPONSE_WORKFLOW,
            response,
            "return",
            actor=actor,
            comment=reason,
            allowed=lambda obj: perms.can_manage_survey(actor, obj.survey),
            apply=apply,
        )
        if result.changed:
            fresh = SurveyResponse.objects.select_related("cooperative__user", "survey").get(
                pk=response.pk
            )
            # An answer can be returned more than once: each return is its own mail.
            _notify_respondents(
                fresh.survey,
                [fresh],
                key="returned",
                subject_key="returned",
                template="survey_returned",
                once=f":e{result.event.pk}",
            )
    return response


# --- Reminders and 督促 -------------------------------------------------------------------------


def _stage_due(survey: Survey, today: dt.date) -> str | None:
    if today > survey.deadline:
        return ReminderStage.OVERDUE
    window_start = survey.deadline - dt.timedelta(days=REMINDER_DAYS_BEFORE)
    published_on = timezone.localdate(survey.published_at) if survey.published_at else today
    # A survey published inside the window has just been announced: no reminder on top.
    if window_start <= today and published_on < window_start:
        return ReminderStage.BEFORE
    return None


def survey_reminders_send(*, today: dt.date | None = None) -> int:
    """Send the reminder due before the deadline and the 督促 after it, to the targets that
    have not submitted, once per stage and survey (recorded in ``SurveyReminder``; a rerun
    sends nothing). Returns the number of responses reminded."""
    today = today or timezone.localdate()
    reminded = 0
    candidates = Survey.objects.filter(
        status=SurveyStatus.PUBLISHED,
        deadline__gte=today - dt.timedelta(days=30),
        deadline__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
    ).select_related("sender_bureau")
    for survey in candidates:
        stage = _stage_due(survey, today)
        if stage is None:
            continue
        reminded += _remind(survey, stage)
    return reminded


def _remind(survey: Survey, stage: str) -> int:
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = SurveyReminder.objects.create(survey=survey, stage=stage)
        except IntegrityError:
            return 0  # this stage went out already
        waiting = list(
            survey.responses.exclude(status=ResponseStatus.SUBMITTED).select_related(
                "cooperative__user"
            )
        )
        _notify_respondents(
            survey, waiting, key=f"reminder_{stage}", subject_key=stage, template="survey_reminder"
        )
        record.recipients = len(waiting)
        record.save(update_fields=["recipients"])
        audit(
            survey,
            actor=None,
            action=f"remind_{stage}",
            extra={"responses": [r.pk for r in waiting]},
        )
    return len(waiting)
