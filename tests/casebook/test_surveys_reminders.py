"""Reminders before a survey's deadline and 督促 after it: only to the targets that have not
submitted, once per stage however often the beat runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casebook.models import ReminderStage, Survey, SurveyReminder
from casebook.services import survey_responses as answering
from casebook.services.surveys import REMINDER_DAYS_BEFORE, survey_reminders_send
from casebook.tasks import send_survey_reminders
from portal.models import Notification
from tests.factories import UserFactory

from .factories_surveys import answers_for, published

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def setup():
    hq = UserFactory(hq=True)
    sapporo = UserFactory(sapporo=True)
    ebetsu = UserFactory(ebetsu=True)
    survey = published(hq, deadline=TODAY + dt.timedelta(days=10))
    # Published well before the reminder window.
    Survey.objects.filter(pk=survey.pk).update(published_at=timezone.now() - dt.timedelta(days=20))
    response = survey.responses.get(municipality__code="011002")
    answering.response_open(response=response, actor=sapporo)
    answering.response_save(response=response, actor=sapporo, answers=answers_for(survey))
    answering.response_submit(response=response, actor=sapporo)
    Notification.objects.all().delete()
    return survey, sapporo, ebetsu


def _sent(kind):
    return list(Notification.objects.filter(kind=kind))


def test_no_reminder_before_the_window(setup):
    survey, _, _ = setup
    day = survey.deadline - dt.timedelta(days=REMINDER_DAYS_BEFORE + 1)
    assert survey_reminders_send(today=day) == 0
    assert not SurveyReminder.objects.exists()


def test_the_reminder_goes_only_to_those_who_have_not_submitted_and_only_once(setup):
    survey, _sapporo, ebetsu = setup
    day = survey.deadline - dt.timedelta(days=REMINDER_DAYS_BEFORE)
    assert survey_reminders_send(today=day) == 1
    sent = _sent("casebook_survey_reminder_before")
    assert [n.recipient for n in sent] == [ebetsu]
    # The next day's run and a rerun the same day send nothing more.
    assert survey_reminders_send(today=day) == 0
    assert survey_reminders_send(today=day + dt.timedelta(days=1)) == 0
    assert len(_sent("casebook_survey_reminder_before")) == 1
    assert SurveyReminder.objects.get(survey=survey).stage == ReminderStage.BEFORE


def test_no_reminder_on_the_deadline_day_after_it_went(setup):
    survey, _, _ = setup
    survey_reminders_send(today=survey.deadline - dt.timedelta(days=1))
    assert survey_reminders_send(today=survey.deadline) == 0


def test_the_tokusoku_goes_the_day_after_the_deadline_once_to_non_submitters(setup):
    survey, _sapporo, ebetsu = setup
    assert survey_reminders_send(today=survey.deadline) == 1  # the reminder, not yet 督促
    assert not _sent("casebook_survey_reminder_overdue")
    day_after = survey.deadline + dt.timedelta(days=1)
    assert survey_reminders_send(today=day_after) == 1
    sent = _sent("casebook_survey_reminder_overdue")
    assert [n.recipient for n in sent] == [ebetsu]
    assert "督促" in sent[0].subject
    assert survey_reminders_send(today=day_after + dt.timedelta(days=1)) == 0
    assert len(_sent("casebook_survey_reminder_overdue")) == 1


def test_a_returned_answer_counts_as_not_submitted(setup):
    from casebook.services.surveys import response_return

    survey, sapporo, ebetsu = setup
    response = survey.responses.get(municipality__code="011002")
    response_return(response=response, actor=UserFactory(hq=True), reason="確認")
    survey_reminders_send(today=survey.deadline + dt.timedelta(days=1))
    assert {n.recipient for n in _sent("casebook_survey_reminder_overdue")} == {sapporo, ebetsu}


def test_a_closed_survey_reminds_nobody(setup):
    from casebook.services.surveys import survey_close

    survey, _, _ = setup
    survey_close(survey=survey, actor=UserFactory(hq=True))
    assert survey_reminders_send(today=survey.deadline + dt.timedelta(days=1)) == 0


def test_a_survey_published_inside_the_window_gets_no_extra_reminder():
    hq = UserFactory(hq=True)
    UserFactory(ebetsu=True)
    published(hq, deadline=TODAY + dt.timedelta(days=1))
    assert survey_reminders_send(today=TODAY) == 0


def test_the_task_runs_twice_and_mails_once(setup, mailoutbox, django_capture_on_commit_callbacks):
    survey, _, ebetsu = setup
    day = (survey.deadline + dt.timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        send_survey_reminders.apply(kwargs={"today": day})
    with django_capture_on_commit_callbacks(execute=True):
        send_survey_reminders.apply(kwargs={"today": day})
    assert len([m for m in mailoutbox if ebetsu.email in m.to]) == 1
