"""Surveys beyond the municipal text answer: the cooperatives audience, a file question,
the respondent's to-do item, who may download a survey's files, and the demo data."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casebook.models import Cooperative, ResponseStatus
from casebook.services import survey_responses as answering
from casebook.services import surveys as services
from portal.audiences import AudienceKind
from portal.registry import todos_for
from portal.services.attachments import attachment_store
from tests.factories import UserFactory

from .cooperative_helpers import cooperative, pdf
from .factories_surveys import make_survey, published

pytestmark = pytest.mark.django_db


def test_a_certified_cooperative_gets_and_answers_a_survey(
    client, django_capture_on_commit_callbacks
):
    hq = UserFactory(hq=True)
    coop = cooperative(hq)
    Cooperative.objects.filter(pk=coop.pk).update(certified_on=timezone.localdate())
    survey = make_survey(
        hq,
        audience_kind=AudienceKind.COOPERATIVES,
        questions=[{"kind": "short_text", "text": "組合員数"}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.survey_publish(survey=survey, actor=hq)
    assert [m.to for m in mail.outbox] == [[coop.user.email]]  # the cooperative's account
    response = survey.responses.get()
    assert response.cooperative == coop and response.municipality is None
    assert response.bureau == coop.municipality.bureau
    client.force_login(coop.user)
    assert (
        "組合員数"
        in client.get(reverse("casebook:survey_answer", args=[response.pk])).content.decode()
    )
    question = survey.questions.get()
    client.post(
        reverse("casebook:survey_answer", args=[response.pk]),
        {f"q{question.pk}": "12", "action": "check"},
    )
    client.post(reverse("casebook:survey_check", args=[response.pk]))
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    # Municipal staff of the office's town do not see the cooperative's answer.
    client.force_login(UserFactory(role="municipal", municipality=coop.municipality))
    assert client.get(reverse("casebook:survey_answer", args=[response.pk])).status_code == 404


def test_a_file_question_takes_a_checked_upload_and_a_required_one_needs_it(client):
    hq = UserFactory(hq=True)
    staff = UserFactory(sapporo=True)
    survey = published(hq, codes=("011002",), questions=[{"kind": "file", "text": "計画書（PDF）"}])
    response = survey.responses.get()
    question = survey.questions.get()
    url = reverse("casebook:survey_answer", args=[response.pk])
    client.force_login(staff)
    empty = client.post(url, {"action": "check"})
    assert empty.status_code == 200
    assert 'class="error-summary"' in empty.content.decode()
    bad = client.post(
        url,
        {"action": "check", f"q{question.pk}": io.BytesIO(b"MZ\x90\x00not a pdf")},
    )
    assert bad.status_code == 200
    assert 'class="error-summary"' in bad.content.decode()
    good = client.post(url, {"action": "check", f"q{question.pk}": pdf("計画書.pdf")})
    assert good.status_code == 302, good.content.decode()[:2000]
    response.refresh_from_db()
    [attachment_id] = response.answers[str(question.pk)]
    download = reverse("portal:attachment_download", args=[attachment_id])
    assert client.get(download).status_code == 200
    client.force_login(UserFactory(hakodate=True))
    assert client.get(download).status_code == 404


def test_the_surveys_own_files_are_for_its_sender_and_its_recipients(client):
    officer = UserFactory(ishikari_officer=True)
    survey = published(officer, codes=("011002",))
    attachment = attachment_store(upload=pdf("調査票記入要領.pdf"), owner=survey)
    url = reverse("portal:attachment_download", args=[attachment.pk])
    for user, status in (
        (officer, 200),
        (UserFactory(sapporo=True), 200),
        (UserFactory(ebetsu=True), 404),
        (UserFactory(oshima_officer=True), 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_survey_to_answer_is_on_the_respondents_todo_list_until_submitted():
    hq = UserFactory(hq=True)
    staff = UserFactory(sapporo=True)
    survey = published(hq, codes=("011002",), questions=[{"kind": "yes_no", "text": "実施"}])
    titles = [item.title for item in todos_for(staff)]
    assert any(survey.title in title for title in titles)
    response = survey.responses.get()
    answering.response_save(
        response=response, actor=staff, answers={str(survey.questions.get().pk): True}
    )
    answering.response_submit(response=response, actor=staff)
    assert not any(survey.title in item.title for item in todos_for(staff))
    assert not any(survey.title in item.title for item in todos_for(UserFactory(hakodate=True)))
