"""Writes of the respondent's side of a survey: opening it (未開封 → 下書き), saving answers
and keeping what did not validate as a draft, submitting (late answers accepted and marked
late), and asking the sender a question in a consultation thread linked to the answer."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.models import ConsultationCategory
from portal.services.attachments import attachment_store, attachments_delete
from portal.services.consultations import consultation_link, consultation_open_guest
from portal.tasklist import draft_drop, draft_keep
from portal.workflow import run_transition

from ..models import ResponseStatus, SurveyResponse, SurveyStatus
from ..permissions import surveys as perms
from ..rules.surveys import missing_answers
from ..workflows.surveys import SURVEY_RESPONSE_WORKFLOW

DRAFT_KEY = "answers"
CONSULTATION_CATEGORY = "survey"


def response_open(*, response: SurveyResponse, actor) -> SurveyResponse:
    """The respondent opened the survey: 未開封 becomes 下書き for the sender's matrix. Safe to
    call on every visit (only the first moves it); a visit by anyone else changes nothing."""
    if response.status != ResponseStatus.UNOPENED or not perms.is_respondent(actor, response):
        return response
    if response.survey.status != SurveyStatus.PUBLISHED:
        return response

    def apply(obj):
        obj.opened_at = timezone.now()
        return ["opened_at"]

    run_transition(SURVEY_RESPONSE_WORKFLOW, response, "open", actor=actor, apply=apply)
    return response


def _ensure_answerable(response: SurveyResponse, actor) -> None:
    if not perms.is_respondent(actor, response):
        raise PermissionDenied
    if response.survey.status != SurveyStatus.PUBLISHED:
        raise ValidationError(_("This survey is closed: answers can no longer be changed."))
    if response.status == ResponseStatus.SUBMITTED:
        raise ValidationError(
            _("The answer has been submitted. It can be changed only if the sender returns it.")
        )


def response_save(
    *, response: SurveyResponse, actor, answers: dict, uploads: dict | None = None
) -> SurveyResponse:
    """Save valid answers (replacing the kept draft). ``uploads`` by question id: new files
    to attach and ids of attached files to remove (``AnswerSheet.uploads()``)."""
    _ensure_answerable(response, actor)
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        merged = dict(locked.answers or {})
        merged.update(answers)
        for question_id, change in (uploads or {}).items():
            key = str(question_id)
            remove = {str(pk) for pk in change["remove"]}
            kept = [pk for pk in merged.get(key) or [] if pk not in remove]
            if remove:
                attachments_delete(owner=locked, ids=remove)
            for upload in change["add"]:
                attachment = attachment_store(
                    upload=upload, owner=locked, uploaded_by=actor, label=f"q{question_id}"
                )
                kept.append(str(attachment.pk))
            merged[key] = kept or None
        locked.answers = merged
        fields = ["answers", "updated_at"]
        if locked.status == ResponseStatus.UNOPENED:
            # Answered without the visit that opens it (a second tab): open it now.
            run_transition(SURVEY_RESPONSE_WORKFLOW, locked, "open", actor=actor)
        if draft_drop(locked, DRAFT_KEY):
            fields.append("section_drafts")
        locked.save(update_fields=fields)
    response.answers = locked.answers
    response.section_drafts = locked.section_drafts
    return response


def response_keep_draft(*, response: SurveyResponse, actor, raw: dict) -> None:
    """Keep what was typed, as typed, when it did not validate (or a row was added)."""
    _ensure_answerable(response, actor)
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        draft_keep(locked, DRAFT_KEY, raw)
        locked.save(update_fields=["section_drafts", "updated_at"])
    response.section_drafts = locked.section_drafts


def response_submit(*, response: SurveyResponse, actor) -> SurveyResponse:
    """Submit the saved answers. Refused while a required question is unanswered or a draft
    with errors is kept; accepted after the deadline, and then marked late."""
    _ensure_answerable(response, actor)
    questions = list(response.survey.questions.order_by("order", "pk"))
    if (response.section_drafts or {}).get(DRAFT_KEY) is not None:
        raise ValidationError(
            _("Some answers were not saved because of errors: correct them before submitting.")
        )
    missing = missing_answers(questions, response.answers)
    if missing:
        raise ValidationError(
            [_("Answer the question: %(text)s") % {"text": question.text} for question in missing]
        )

    def apply(obj):
        obj.submitted_at = timezone.now()
        obj.submitted_by = actor
        obj.is_late = timezone.localdate() > obj.survey.deadline
        return ["submitted_at", "submitted_by", "is_late"]

    with transaction.atomic():
        run_transition(
            SURVEY_RESPONSE_WORKFLOW,
            response,
            "submit",
            actor=actor,
            allowed=lambda obj: perms.can_answer(actor, obj),
            apply=apply,
        )
    return response


def response_ask(*, response: SurveyResponse, actor, subject: str, question: str):
    """Ask the sender about the survey: a consultation thread answered by the sending bureau
    (HQ's desk for HQ's surveys), linked to this answer so both sides find it there."""
    if not perms.is_respondent(actor, response) or response.survey.status == SurveyStatus.DRAFT:
        raise PermissionDenied
    if not subject.strip() or not question.strip():
        raise ValidationError(_("Write a subject and a question."), code="empty")
    survey = response.survey
    category = ConsultationCategory.objects.get(code=CONSULTATION_CATEGORY)
    with translation.override(settings.LANGUAGE_CODE):  # the desk reads Japanese
        header = _("About the survey 「%(title)s」 (%(respondent)s)") % {
            "title": survey.title,
            "respondent": response.respondent_name,
        }
    with transaction.atomic():
        consultation = consultation_open_guest(
            category=category,
            name=actor.get_full_name() or response.respondent_name,
            email=actor.email,
            subject=subject.strip()[:200],
            question=f"{header}\n\n{question.strip()}"[:10000],
            municipality=response.municipality,
            asker=actor,
            # The sender answers: its bureau, or HQ (the category is HQ's) for HQ's surveys.
            bureau=survey.sender_bureau,
        )
        consultation_link(consultation=consultation, related=response, actor=actor)
    return consultation
