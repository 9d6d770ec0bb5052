"""Surveys for the tests: a draft with questions of the kinds asked, published through the
service (so responses and notifications are real)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casebook.models import QuestionKind, Survey, SurveyQuestion
from casebook.services import surveys as services
from portal.audiences import AudienceKind
from portal.models import Municipality

TABLE_COLUMNS = [{"name": "事業名", "kind": "text"}, {"name": "事業費", "kind": "number"}]


def make_survey(
    actor,
    *,
    codes=("011002", "012173"),
    deadline=None,
    questions=None,
    title="DXの取組状況調査",
    audience_kind=AudienceKind.CHOSEN,
    audience_bureau=None,
) -> Survey:
    survey = Survey(
        title=title,
        purpose="取組状況を把握するため",
        deadline=deadline or timezone.localdate() + dt.timedelta(days=10),
        audience_kind=audience_kind,
        audience_bureau=audience_bureau,
    )
    services.survey_save(survey=survey, actor=actor, creating=True)
    if audience_kind == AudienceKind.CHOSEN:
        survey.audience_municipalities.set(Municipality.objects.filter(code__in=codes))
    for order, spec in enumerate(questions or default_questions(), start=1):
        SurveyQuestion.objects.create(survey=survey, order=order, **spec)
    return survey


def default_questions():
    return [
        {"kind": QuestionKind.SHORT_TEXT, "text": "担当課"},
        {
            "kind": QuestionKind.NUMBER,
            "text": "担当職員数",
            "unit": "人",
            "min_value": 0,
            "max_value": 100,
        },
        {"kind": QuestionKind.YES_NO, "text": "計画はありますか"},
        {
            "kind": QuestionKind.TABLE,
            "text": "事業",
            "columns": TABLE_COLUMNS,
            "required": False,
        },
    ]


def published(actor, **kwargs) -> Survey:
    survey = make_survey(actor, **kwargs)
    services.survey_publish(survey=survey, actor=actor)
    survey.refresh_from_db()
    return survey


def answers_for(survey) -> dict:
    """Valid answers to the default questions."""
    q = list(survey.questions.order_by("order"))
    return {
        str(q[0].pk): "企画課",
        str(q[1].pk): "3",
        str(q[2].pk): True,
        str(q[3].pk): [{"事業名": "窓口DX", "事業費": "1200"}],
    }
