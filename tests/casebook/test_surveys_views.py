"""Surveys through the pages: the respondent's list, answer form with its draft, check page
and submission; the sender's admin (scope, preview, matrix, publish, return). Out of scope
is 404; lists have a pinned number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casebook.models import ResponseStatus, SurveyStatus
from casebook.services import survey_responses as answering
from casebook.services import surveys as services
from tests.factories import UserFactory

from .factories_surveys import answers_for, make_survey, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(ishikari_officer=True)


@pytest.fixture
def sapporo():
    return UserFactory(sapporo=True)


@pytest.fixture
def survey(officer):
    return published(officer, codes=("011002", "012173"))


@pytest.fixture
def response(survey):
    return survey.responses.get(municipality__code="011002")


def _answer_url(response):
    return reverse("casebook:survey_answer", args=[response.pk])


def _question_pks(survey):
    return [q.pk for q in survey.questions.order_by("order")]


def _valid_post(survey, action="check"):
    pks = _question_pks(survey)
    return {
        f"q{pks[0]}": "企画課",
        f"q{pks[1]}": "３",
        f"q{pks[2]}": "yes",
        f"q{pks[3]}-TOTAL_FORMS": "1",
        f"q{pks[3]}-INITIAL_FORMS": "0",
        f"q{pks[3]}-0-c0": "窓口DX",
        f"q{pks[3]}-0-c1": "1200",
        "action": action,
    }


# --- The respondent ------------------------------------------------------------------------------


def test_the_list_shows_the_municipalitys_surveys_in_a_fixed_number_of_queries(
    client, sapporo, officer, survey, django_assert_num_queries
):
    published(officer, codes=("011002",), title="二つ目の調査")
    client.force_login(sapporo)
    client.get(reverse("casebook:survey_list"))  # warm the session and caches
    with django_assert_num_queries(7):
        page = client.get(reverse("casebook:survey_list"))
    text = page.content.decode()
    assert "DXの取組状況調査" in text and "二つ目の調査" in text
    published(officer, codes=("011002",), title="三つ目の調査")
    with django_assert_num_queries(7):
        client.get(reverse("casebook:survey_list"))


def test_another_municipality_sees_neither_the_list_entry_nor_the_answer(client, response):
    hakodate = UserFactory(hakodate=True)
    client.force_login(hakodate)
    assert "DXの取組状況調査" not in client.get(reverse("casebook:survey_list")).content.decode()
    for name in ("casebook:survey_answer", "casebook:survey_check", "casebook:survey_ask"):
        assert client.get(reverse(name, args=[response.pk])).status_code == 404


def test_a_draft_survey_is_not_shown_to_its_targets(client, sapporo, officer):
    make_survey(officer, codes=("011002",), title="まだ下書き")
    client.force_login(sapporo)
    assert "まだ下書き" not in client.get(reverse("casebook:survey_list")).content.decode()


def test_opening_the_survey_marks_it_opened(client, sapporo, response):
    client.force_login(sapporo)
    page = client.get(_answer_url(response))
    assert page.status_code == 200
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_a_wrong_answer_comes_back_with_errors_and_is_kept_as_a_draft(
    client, sapporo, survey, response
):
    client.force_login(sapporo)
    data = _valid_post(survey, action="save")
    pks = _question_pks(survey)
    data[f"q{pks[1]}"] = "101"  # above the maximum of 100
    page = client.post(_answer_url(response), data)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'class="error-summary"' in text
    assert 'value="101"' in text and 'value="企画課"' in text
    response.refresh_from_db()
    assert response.section_drafts["answers"][f"q{pks[1]}"] == "101"
    # Coming back later shows what was typed, with the error.
    again = client.get(_answer_url(response)).content.decode()
    assert 'value="101"' in again and 'class="error-summary"' in again


def test_adding_a_row_keeps_what_was_typed(client, sapporo, survey, response):
    client.force_login(sapporo)
    pks = _question_pks(survey)
    data = _valid_post(survey)
    data["add_row"] = str(pks[3])
    page = client.post(_answer_url(response), data)
    text = page.content.decode()
    assert page.status_code == 200
    assert f'name="q{pks[3]}-1-c0"' in text
    assert 'value="窓口DX"' in text
    assert 'class="error-summary"' not in text


def test_save_check_and_submit(client, sapporo, survey, response, officer):
    client.force_login(sapporo)
    saved = client.post(_answer_url(response), _valid_post(survey))
    assert saved.status_code == 302
    assert saved["Location"] == reverse("casebook:survey_check", args=[response.pk])
    check = client.get(saved["Location"]).content.decode()
    assert "企画課" in check and "窓口DX" in check and "1,200" in check
    submitted = client.post(saved["Location"])
    assert submitted.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.answers[str(_question_pks(survey)[1])] == "3"
    # Submitted: the page reads the answers, with nothing to change.
    page = client.get(_answer_url(response)).content.decode()
    assert 'name="action"' not in page and "企画課" in page


def test_submitting_without_the_required_answers_says_which(client, sapporo, survey, response):
    client.force_login(sapporo)
    client.get(_answer_url(response))
    page = client.post(reverse("casebook:survey_check", args=[response.pk]))
    assert page.status_code == 200
    assert "担当課" in page.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_a_returned_answer_shows_the_reason_and_can_be_resubmitted(
    client, sapporo, survey, response, officer
):
    answering.response_open(response=response, actor=sapporo)
    answering.response_save(response=response, actor=sapporo, answers=answers_for(survey))
    answering.response_submit(response=response, actor=sapporo)
    services.response_return(response=response, actor=officer, reason="人数を再確認してください")
    client.force_login(sapporo)
    page = client.get(_answer_url(response)).content.decode()
    assert "人数を再確認してください" in page
    client.post(_answer_url(response), _valid_post(survey))
    client.post(reverse("casebook:survey_check", args=[response.pk]))
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_asking_the_sender_opens_a_thread_the_sending_bureau_answers(
    client, sapporo, response, officer
):
    client.force_login(sapporo)
    page = client.post(
        reverse("casebook:survey_ask", args=[response.pk]),
        {"subject": "回答方法", "question": "表の単位は千円ですか"},
    )
    assert page.status_code == 302
    from casebook.selectors.surveys import response_threads

    thread = response_threads(response).get()
    assert thread.bureau.code == "ishikari"
    assert "DXの取組状況調査" in thread.question
    client.force_login(officer)
    matrix = client.get(reverse("admin:casebook_survey_responses", args=[response.survey_id]))
    assert "回答方法" in matrix.content.decode()


# --- The sender in the admin ---------------------------------------------------------------------


def test_another_bureau_gets_404_on_every_page_of_the_survey(client, survey, response):
    client.force_login(UserFactory(oshima_officer=True))
    for url in (
        reverse("admin:casebook_survey_change", args=[survey.pk]),
        reverse("admin:casebook_survey_preview", args=[survey.pk]),
        reverse("admin:casebook_survey_responses", args=[survey.pk]),
        reverse("admin:casebook_survey_step", args=[survey.pk, "close"]),
        reverse("admin:casebook_surveyresponse_change", args=[response.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_hq_sees_a_bureaus_survey(client, survey):
    client.force_login(UserFactory(hq=True))
    assert client.get(reverse("admin:casebook_survey_change", args=[survey.pk])).status_code == 200


def test_the_preview_shows_the_form_without_a_way_to_send(client, officer):
    survey = make_survey(officer)
    client.force_login(officer)
    page = client.get(reverse("admin:casebook_survey_preview", args=[survey.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "担当課" in text and "事業費" in text
    assert 'name="action"' not in text
    assert '<fieldset class="survey-questions" disabled' in text


def test_publishing_through_the_admin_step(client, officer, sapporo):
    survey = make_survey(officer, codes=("011002",))
    client.force_login(officer)
    url = reverse("admin:casebook_survey_step", args=[survey.pk, "publish"])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    assert survey.responses.count() == 1


def test_the_matrix_lists_each_target_in_a_fixed_number_of_queries(
    client, officer, django_assert_num_queries
):
    survey = published(officer, audience_kind="bureau", audience_bureau=officer.bureau, codes=())
    response = survey.responses.order_by("pk").first()
    answering.response_open(
        response=response, actor=UserFactory(municipality=response.municipality, role="municipal")
    )
    client.force_login(officer)
    url = reverse("admin:casebook_survey_responses", args=[survey.pk])
    client.get(url)
    with django_assert_num_queries(14):
        page = client.get(url)
    text = page.content.decode()
    rows = re.compile(r"casebook/surveyresponse/\d+/change/")
    assert len(rows.findall(text)) == survey.responses.count()
    assert "下書き" in text or "Draft" in text
    filtered = client.get(url, {"status": "draft"}).content.decode()
    assert len(rows.findall(filtered)) == 1


def test_returning_an_answer_from_the_admin(client, officer, sapporo, survey, response):
    answering.response_open(response=response, actor=sapporo)
    answering.response_save(response=response, actor=sapporo, answers=answers_for(survey))
    answering.response_submit(response=response, actor=sapporo)
    client.force_login(officer)
    page = client.get(reverse("admin:casebook_surveyresponse_change", args=[response.pk]))
    text = page.content.decode()
    assert "企画課" in text and "窓口DX" in text  # the answers, the table's row included
    url = reverse("admin:casebook_surveyresponse_step", args=[response.pk, "return"])
    assert url in text  # the return button of the status panel
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200  # the form again, with its error
    assert client.post(url, {"reason": "単位を確認"}).status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.RETURNED
    assert response.return_reason == "単位を確認"


def test_a_bureau_officer_creates_a_survey_of_their_bureau_in_the_admin(client, officer):
    client.force_login(officer)
    data = {
        "title": "管内調査",
        "purpose": "把握のため",
        "cover_letter": "",
        "deadline": "2099-01-31",
        "audience_kind": "bureau",
        "audience_bureau": str(officer.bureau_id),
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-order": "1",
        "questions-0-kind": "table",
        "questions-0-text": "事業一覧",
        "questions-0-required": "on",
        "questions-0-columns_text": "事業名\n事業費:数値",
    }
    page = client.post(reverse("admin:casebook_survey_add"), data)
    assert page.status_code == 302, page.context and page.context["adminform"].form.errors
    from casebook.models import Survey

    survey = Survey.objects.get(title="管内調査")
    assert survey.sender_bureau == officer.bureau
    question = survey.questions.get()
    assert question.columns == [
        {"name": "事業名", "kind": "text"},
        {"name": "事業費", "kind": "number"},
    ]


def test_a_bureau_officer_does_not_see_hqs_surveys_to_other_bureaus(client, officer):
    """HQ's survey to 函館市 (渡島) alone: nothing of it reaches 石狩, so 404. HQ's survey
    that reached 石狩's municipalities is read there (test_surveys_bureau_scope.py)."""
    hq_survey = published(UserFactory(hq=True), codes=("012025",), title="本庁の調査")
    client.force_login(officer)
    listing = client.get(reverse("admin:casebook_survey_changelist")).content.decode()
    assert "本庁の調査" not in listing
    for url in (
        reverse("admin:casebook_survey_change", args=[hq_survey.pk]),
        reverse("admin:casebook_survey_responses", args=[hq_survey.pk]),
        reverse("admin:casebook_surveyresponse_change", args=[hq_survey.responses.get().pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_matrix_filters_by_bureau_and_lateness(client, sapporo):
    hq = UserFactory(hq=True)
    survey = published(hq, codes=("011002", "012025"))  # 石狩 and 渡島
    rows = re.compile(r"casebook/surveyresponse/\d+/change/")
    url = reverse("admin:casebook_survey_responses", args=[survey.pk])
    client.force_login(hq)
    ishikari = survey.responses.get(municipality__code="011002").bureau_id
    by_bureau = client.get(url, {"bureau": ishikari}).content.decode()
    assert len(rows.findall(by_bureau)) == 1 and "札幌市" in by_bureau
    assert len(rows.findall(client.get(url, {"late": "1"}).content.decode())) == 0
    response = survey.responses.get(municipality__code="011002")
    answering.response_save(response=response, actor=sapporo, answers=answers_for(survey))
    from casebook.models import Survey

    Survey.objects.filter(pk=survey.pk).update(deadline="2020-01-01")
    response.survey.refresh_from_db()
    answering.response_submit(response=response, actor=sapporo)
    late = client.get(url, {"late": "1"}).content.decode()
    assert len(rows.findall(late)) == 1
    # Nonsense in the filters is ignored, never an error.
    assert client.get(url, {"bureau": "x", "status": "bogus"}).status_code == 200
