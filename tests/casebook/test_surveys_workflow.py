"""Surveys (照会・調査): every move of the survey and of a response, allowed and refused, with
what publishing creates and who is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casebook.models import ResponseStatus, Survey, SurveyResponse, SurveyStatus
from casebook.rules.surveys import columns_text
from casebook.services import survey_responses as answering
from casebook.services import surveys as services
from portal.audiences import AudienceKind
from portal.models import Notification
from portal.workflow import InvalidTransition
from tests.factories import UserFactory, bureau

from .factories_surveys import TABLE_COLUMNS, answers_for, make_survey, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq():
    return UserFactory(hq=True)


@pytest.fixture
def sapporo():
    return UserFactory(sapporo=True)


def _response(survey, code="011002") -> SurveyResponse:
    return survey.responses.get(municipality__code=code)


def _answered(survey, user, code="011002") -> SurveyResponse:
    response = _response(survey, code)
    answering.response_open(response=response, actor=user)
    answering.response_save(response=response, actor=user, answers=answers_for(survey))
    return response


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_creates_one_response_per_chosen_municipality_and_tells_their_staff(
    hq, sapporo, django_capture_on_commit_callbacks
):
    UserFactory(ebetsu=True)
    survey = make_survey(hq)
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_publish(survey=survey, actor=hq)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    assert survey.published_at is not None
    codes = sorted(survey.responses.values_list("municipality__code", flat=True))
    assert codes == ["011002", "012173"]
    assert set(survey.responses.values_list("status", flat=True)) == {ResponseStatus.UNOPENED}
    assert survey.responses.get(municipality__code="011002").bureau.code == "ishikari"
    mails = Notification.objects.filter(kind="casebook_survey_published")
    assert {n.recipient.municipality.code for n in mails} == {"011002", "012173"}
    assert "DXの取組状況調査" in mails.first().subject


def test_publishing_twice_creates_nothing_more(hq, sapporo):
    survey = published(hq)
    sent = Notification.objects.filter(kind="casebook_survey_published").count()
    assert sent == 1
    services.survey_publish(survey=survey, actor=hq)  # a double click: harmless
    assert survey.responses.count() == 2
    assert Notification.objects.filter(kind="casebook_survey_published").count() == sent


def test_a_survey_without_questions_is_not_published(hq):
    survey = make_survey(hq, questions=[{"kind": "short_text", "text": "x"}])
    survey.questions.all().delete()
    with pytest.raises(ValidationError) as error:
        services.survey_publish(survey=survey, actor=hq)
    assert "question" in str(error.value).lower() or error.value.messages
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.DRAFT


def test_a_choice_question_with_one_choice_stops_publication(hq):
    survey = make_survey(hq, questions=[{"kind": "single_choice", "text": "x", "choices": ["a"]}])
    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey, actor=hq)


def test_a_deadline_in_the_past_stops_publication(hq):
    survey = make_survey(hq, deadline=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey, actor=hq)


def test_a_bureau_publishes_only_within_its_own_area():
    officer = UserFactory(ishikari_officer=True)
    survey = make_survey(officer, codes=("011002", "012025"))  # 函館市 is 渡島's
    assert survey.sender_bureau.code == "ishikari"
    services.survey_publish(survey=survey, actor=officer)
    assert list(survey.responses.values_list("municipality__code", flat=True)) == ["011002"]


def test_a_bureau_cannot_send_to_all_municipalities():
    officer = UserFactory(ishikari_officer=True)
    survey = make_survey(officer, audience_kind=AudienceKind.ALL)
    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey, actor=officer)


def test_a_bureau_sends_to_its_municipalities_by_bureau():
    officer = UserFactory(ishikari_officer=True)
    survey = make_survey(
        officer, audience_kind=AudienceKind.BUREAU, audience_bureau=bureau("ishikari")
    )
    services.survey_publish(survey=survey, actor=officer)
    assert survey.responses.count() == bureau("ishikari").municipalities.count()


def test_another_bureau_cannot_publish_or_close(hq):
    officer = UserFactory(ishikari_officer=True)
    other = UserFactory(oshima_officer=True)
    survey = make_survey(officer)
    with pytest.raises(PermissionDenied):
        services.survey_publish(survey=survey, actor=other)
    services.survey_publish(survey=survey, actor=officer)
    with pytest.raises(PermissionDenied):
        services.survey_close(survey=survey, actor=other)


def test_municipal_staff_cannot_publish(hq, sapporo):
    survey = make_survey(hq)
    with pytest.raises(PermissionDenied):
        services.survey_publish(survey=survey, actor=sapporo)


def test_close_and_reopen(hq):
    survey = published(hq)
    services.survey_close(survey=survey, actor=hq)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert survey.closed_at is not None
    with pytest.raises(InvalidTransition):
        services.survey_publish(survey=survey, actor=hq)
    with pytest.raises(PermissionDenied):
        services.survey_reopen(survey=survey, actor=UserFactory(sapporo=True))
    services.survey_reopen(survey=survey, actor=hq)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED


def test_a_draft_cannot_be_closed_or_reopened(hq):
    survey = make_survey(hq)
    with pytest.raises(InvalidTransition):
        services.survey_close(survey=survey, actor=hq)
    with pytest.raises(InvalidTransition):
        services.survey_reopen(survey=survey, actor=hq)


def test_a_published_survey_can_no_longer_be_edited(hq):
    survey = published(hq)
    survey.title = "変更"
    with pytest.raises(ValidationError):
        services.survey_save(survey=survey, actor=hq, creating=False)


# --- Answering ----------------------------------------------------------------------------------


def test_opening_marks_the_response_opened_once(hq, sapporo):
    survey = published(hq)
    response = _response(survey)
    answering.response_open(response=response, actor=sapporo)
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT
    first = response.opened_at
    answering.response_open(response=response, actor=sapporo)
    response.refresh_from_db()
    assert response.opened_at == first


def test_the_sender_looking_does_not_open_it(hq):
    survey = published(hq)
    response = _response(survey)
    answering.response_open(response=response, actor=hq)
    response.refresh_from_db()
    assert response.status == ResponseStatus.UNOPENED


def test_submitting_on_time_is_not_late(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    answering.response_submit(response=response, actor=sapporo)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.is_late is False
    assert response.submitted_by == sapporo


def test_submitting_on_the_deadline_day_is_not_late(hq, sapporo):
    survey = published(hq, deadline=timezone.localdate())
    response = _answered(survey, sapporo)
    answering.response_submit(response=response, actor=sapporo)
    response.refresh_from_db()
    assert response.is_late is False


def test_a_late_answer_is_accepted_and_marked_late(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    Survey.objects.filter(pk=survey.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    response = SurveyResponse.objects.get(pk=response.pk)
    answering.response_submit(response=response, actor=sapporo)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.is_late is True


def test_submitting_with_a_required_answer_missing_is_refused(hq, sapporo):
    survey = published(hq)
    response = _response(survey)
    answering.response_open(response=response, actor=sapporo)
    answers = answers_for(survey)
    answers.pop(next(iter(answers)))
    answering.response_save(response=response, actor=sapporo, answers=answers)
    with pytest.raises(ValidationError) as error:
        answering.response_submit(response=response, actor=sapporo)
    assert "担当課" in " ".join(error.value.messages)
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_submitting_with_a_kept_draft_is_refused(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    answering.response_keep_draft(response=response, actor=sapporo, raw={"q1": "x"})
    with pytest.raises(ValidationError):
        answering.response_submit(response=response, actor=sapporo)


def test_another_municipality_cannot_answer_or_submit(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    hakodate = UserFactory(hakodate=True)
    with pytest.raises(PermissionDenied):
        answering.response_save(response=response, actor=hakodate, answers={})
    with pytest.raises(PermissionDenied):
        answering.response_submit(response=response, actor=hakodate)


def test_a_submitted_answer_cannot_be_changed(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    answering.response_submit(response=response, actor=sapporo)
    with pytest.raises(ValidationError):
        answering.response_save(response=response, actor=sapporo, answers={})
    with pytest.raises(ValidationError):
        answering.response_submit(response=response, actor=sapporo)


def test_nothing_is_answered_in_a_closed_survey(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    services.survey_close(survey=survey, actor=hq)
    response = SurveyResponse.objects.get(pk=response.pk)
    with pytest.raises(ValidationError):
        answering.response_submit(response=response, actor=sapporo)


# --- Returning (差戻し) --------------------------------------------------------------------------


def test_returning_with_a_reason_then_resubmitting(hq, sapporo, django_capture_on_commit_callbacks):
    survey = published(hq)
    response = _answered(survey, sapporo)
    answering.response_submit(response=response, actor=sapporo)
    with django_capture_on_commit_callbacks(execute=True):
        services.response_return(response=response, actor=hq, reason="職員数を確認してください")
    response.refresh_from_db()
    assert response.status == ResponseStatus.RETURNED
    assert response.return_reason == "職員数を確認してください"
    told = Notification.objects.filter(kind="casebook_survey_returned", recipient=sapporo)
    assert told.count() == 1
    answering.response_save(response=response, actor=sapporo, answers=answers_for(survey))
    answering.response_submit(response=response, actor=sapporo)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    # A second return is a second mail.
    services.response_return(response=response, actor=hq, reason="もう一度")
    assert Notification.objects.filter(kind="casebook_survey_returned").count() == 2


def test_returning_needs_a_reason(hq, sapporo):
    survey = published(hq)
    response = _answered(survey, sapporo)
    answering.response_submit(response=response, actor=sapporo)
    with pytest.raises(ValidationError):
        services.response_return(response=response, actor=hq, reason="  ")


@pytest.mark.parametrize("status", [ResponseStatus.UNOPENED, ResponseStatus.DRAFT])
def test_only_a_submitted_answer_can_be_returned(hq, sapporo, status):
    survey = published(hq)
    response = _response(survey)
    if status == ResponseStatus.DRAFT:
        answering.response_open(response=response, actor=sapporo)
    with pytest.raises(InvalidTransition):
        services.response_return(response=response, actor=hq, reason="x")


def test_another_bureau_cannot_return_an_answer(sapporo):
    officer = UserFactory(ishikari_officer=True)
    survey = published(officer, codes=("011002",))
    response = _answered(survey, sapporo)
    answering.response_submit(response=response, actor=sapporo)
    with pytest.raises(PermissionDenied):
        services.response_return(
            response=response, actor=UserFactory(oshima_officer=True), reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.response_return(response=response, actor=sapporo, reason="x")


def test_status_is_assigned_only_by_the_workflow_engine():
    """CONVENTIONS §3: no `.status =` outside services and tests in the surveys' code."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "casebook"
    pattern = re.compile(r"\.status\s*=[^=]")
    offenders = [
        str(path)
        for path in root.rglob("*survey*.py")
        if "services" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_a_published_surveys_questions_read_in_japanese_in_the_admin(client, hq):
    """Once out, the questions are read-only: the typed lists show under their Japanese
    labels, one item a line (the admin named them 「Choices text」, 「Columns text」)."""
    survey = published(
        hq,
        questions=[
            {"kind": "single_choice", "text": "体制", "choices": ["専任", "兼任"]},
            {"kind": "table", "text": "事業", "columns": TABLE_COLUMNS, "required": False},
        ],
    )
    client.force_login(hq)
    page = client.get(reverse("admin:casebook_survey_change", args=[survey.pk])).content.decode()
    assert "Choices text" not in page and "Columns text" not in page
    assert "選択肢" in page and "専任<br>兼任<br>" in page
    assert "列" in page and columns_text(TABLE_COLUMNS).splitlines()[0] in page
