"""The respondent's pages of a survey (照会・調査): the list of surveys sent to the user's
municipality (or cooperative), the answer form with a server-side draft, the check-answers
page and submission, and a question to the sender. Thin: a scoped selector (another
organisation's answer is 404), a form, one service per POST."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.actions import not_found, run_action
from portal.services.attachments import attachments_of
from portal.tasklist import draft_of, typed_values
from portal.uploads import keep_uploads

from ...forms.survey_answers import ADD_ROW
from ...forms.survey_sheets import AnswerSheet
from ...forms.surveys import AskForm
from ...permissions import surveys as perms
from ...selectors import surveys as selectors
from ...selectors.survey_answers import answer_rows, files_by_question, response_events
from ...services import survey_responses as services
from ...services.survey_responses import DRAFT_KEY
from ...workflows.surveys import SURVEY_RESPONSE_WORKFLOW


def _trail():
    return [(reverse("casebook:survey_list"), _("Surveys"))]


@login_required
@require_http_methods(["GET"])
def survey_list(request):
    """Every survey sent to the user's organisation: what is still to answer first."""
    responses = list(selectors.responses_of(request.user))
    return render(
        request,
        "casebook/surveys/list.html",
        {
            "open": [r for r in responses if r.survey.status == "published"],
            "closed": [r for r in responses if r.survey.status != "published"],
            "is_staff": perms.can_create_survey(request.user),
        },
    )


def _sheet(response, questions, *, data=None, files=None, strict=True, request=None):
    existing = files_by_question(response)
    wanted = {
        q.pk: [
            f
            for f in existing.get(q.pk, [])
            if str(f.pk) in set(response.answers.get(str(q.pk)) or [])
        ]
        for q in questions
    }
    sheet = AnswerSheet(
        questions,
        data=data,
        files=files,
        answers=response.answers,
        strict=strict,
        existing_files={k: v for k, v in wanted.items() if v},
    )
    if request is not None:
        keep_uploads(sheet.form, request)
    return sheet


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, pk):
    response = selectors.response_get_for(request.user, pk)
    survey = response.survey
    if request.method == "GET":
        services.response_open(response=response, actor=request.user)
    if not perms.can_answer(request.user, response):
        return _detail(request, response)
    questions = selectors.survey_questions(survey)
    action = request.POST.get("action", "save")
    if request.method == "POST":
        adding = ADD_ROW in request.POST
        sheet = _sheet(
            response,
            questions,
            data=request.POST,
            files=request.FILES,
            strict=action == "check" and not adding,
            request=request,
        )
        if adding:
            sheet.quiet()
            _keep_draft(request, response, request.POST)
        elif sheet.is_valid():
            saved = run_action(
                request,
                lambda: services.response_save(
                    response=response,
                    actor=request.user,
                    answers=sheet.answers(),
                    uploads=sheet.uploads(),
                ),
                form=sheet.form,
                on_refused=not_found,
                done=None if action == "check" else _("Your answers were saved as a draft."),
            )
            if saved:
                if action == "check":
                    return redirect("casebook:survey_check", pk=response.pk)
                return redirect("casebook:survey_answer", pk=response.pk)
        else:
            _keep_draft(request, response, request.POST)
    else:
        draft = draft_of(response, DRAFT_KEY)
        if draft is not None:
            # What was typed last time, with its errors.
            sheet = _sheet(response, questions, data=draft, strict=False)
            sheet.is_valid()
        else:
            sheet = _sheet(response, questions)
    return render(
        request,
        "casebook/surveys/answer.html",
        {
            "survey": survey,
            "response": response,
            "sheet": sheet,
            "attachments": attachments_of(survey),
            "threads": selectors.response_threads(response),
            "trail": _trail(),
        },
    )


def _keep_draft(request, response, post) -> None:
    raw = {k: v for k, v in typed_values(post).items() if k != ADD_ROW}
    with contextlib.suppress(ValidationError, PermissionDenied):
        services.response_keep_draft(response=response, actor=request.user, raw=raw)


def _detail(request, response):
    """A submitted answer, or one of a closed survey: read only, with its history."""
    return render(
        request,
        "casebook/surveys/detail.html",
        {
            "survey": response.survey,
            "response": response,
            "rows": answer_rows(response),
            "attachments": attachments_of(response.survey),
            "threads": selectors.response_threads(response),
            "events": response_events(response),
            "workflow": SURVEY_RESPONSE_WORKFLOW,
            "trail": _trail(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_check(request, pk):
    """Check the answers, then submit them (after the deadline too: marked late)."""
    response = selectors.response_get_for(request.user, pk)
    if not perms.can_answer(request.user, response):
        return redirect("casebook:survey_answer", pk=response.pk)
    errors = []
    if request.method == "POST":
        try:
            services.response_submit(response=response, actor=request.user)
        except ValidationError as error:
            errors = error.messages
        except PermissionDenied:
            return not_found(PermissionDenied())
        else:
            messages.success(
                request,
                _("Your answers were submitted to %(sender)s. Thank you.")
                % {"sender": response.survey.sender_label},
            )
            return redirect("casebook:survey_answer", pk=response.pk)
    return render(
        request,
        "casebook/surveys/check.html",
        {
            "survey": response.survey,
            "response": response,
            "rows": answer_rows(response),
            "errors": errors,
            "has_draft": draft_of(response, DRAFT_KEY) is not None,
            "trail": _trail(),
        },
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_ask(request, pk):
    """Ask the sender about the survey: a consultation thread, linked to the answer."""
    response = selectors.response_get_for(request.user, pk)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opened = []

        def ask():
            opened.append(
                services.response_ask(response=response, actor=request.user, **form.cleaned_data)
            )
            return _("Your question was sent to %(sender)s.") % {
                "sender": response.survey.sender_label
            }

        if run_action(request, ask, form=form, on_refused=not_found):
            if opened:
                return redirect("portal:consultation_detail", pk=opened[0].pk)
            return redirect("casebook:survey_answer", pk=response.pk)
    return render(
        request,
        "casebook/surveys/ask.html",
        {"survey": response.survey, "response": response, "form": form, "trail": _trail()},
    )
