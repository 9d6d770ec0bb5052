"""A survey with one question of each kind, answered through the services by 札幌市 and
函館市 (late), returned for 江別市, opened by 北斗市 and left unopened by 小樽市: the collation
tests and the benchmark's small run read it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casebook.models import Survey, SurveyQuestion
from casebook.services import survey_responses as answering
from casebook.services import surveys as sending
from portal.audiences import AudienceKind
from portal.models import Municipality
from tests.factories import UserFactory

QUESTIONS = [
    {"kind": "short_text", "text": "担当課"},
    {"kind": "long_text", "text": "地域の課題", "required": False},
    {"kind": "number", "text": "職員数", "unit": "人"},
    {"kind": "yes_no", "text": "計画の有無"},
    {"kind": "single_choice", "text": "人口規模", "choices": ["小", "中", "大"]},
    {"kind": "multiple_choice", "text": "関心分野", "choices": ["観光", "移住", "福祉"]},
    {"kind": "date", "text": "策定日"},
    {"kind": "file", "text": "資料", "required": False},
    {
        "kind": "table",
        "text": "事業一覧",
        "columns": [{"name": "事業名", "kind": "text"}, {"name": "事業費", "kind": "number"}],
    },
]
TARGETS = ["011002", "012173", "012025", "012360", "012033"]  # 札幌 江別 函館 北斗 小樽


def build_survey(*, sender, title="地域課題調査", targets=TARGETS) -> Survey:
    """A published survey of QUESTIONS sent by ``sender`` to ``targets``."""
    survey = Survey.objects.create(
        title=title,
        purpose="課題を集める。",
        deadline=timezone.localdate() + dt.timedelta(days=7),
        sender_bureau=sender.bureau if sender.bureau_id else None,
        audience_kind=AudienceKind.CHOSEN,
        created_by=sender,
    )
    survey.audience_municipalities.set(Municipality.objects.filter(code__in=targets))
    for order, spec in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.create(survey=survey, order=order, **spec)
    sending.survey_publish(survey=survey, actor=sender)
    return survey


def answers_for(survey: Survey, **by_text) -> dict:
    ids = {q.text: str(q.pk) for q in survey.questions.all()}
    return {ids[text]: value for text, value in by_text.items()}


SAPPORO = {
    "担当課": "企画課",
    "職員数": "1200.5",
    "計画の有無": True,
    "人口規模": "大",
    "関心分野": ["観光", "移住"],
    "策定日": "2026-04-01",
    "資料": ["1", "2"],
    "事業一覧": [{"事業名": "A事業", "事業費": "100"}, {"事業名": "B事業", "事業費": "250.5"}],
}
HAKODATE = {
    "担当課": "=政策課",  # a formula-like text must come out as text
    "地域の課題": "人口減少",
    "職員数": "300",
    "計画の有無": False,
    "人口規模": "中",
    "関心分野": ["観光"],
    "策定日": "2025-10-01",
    "事業一覧": [{"事業名": "C事業", "事業費": "50"}],
}


def answer(survey: Survey, code: str, values: dict, *, submit: bool = True):
    user = UserFactory(role="municipal", municipality=Municipality.objects.get(code=code))
    response = survey.responses.get(municipality__code=code)
    answering.response_open(response=response, actor=user)
    answering.response_save(response=response, actor=user, answers=answers_for(survey, **values))
    if submit:
        answering.response_submit(response=response, actor=user)
    return response


def answered_survey(*, sender, hq) -> Survey:
    """札幌市 submits on time; 江別市 submits and is returned; the deadline passes; 函館市
    submits late; 北斗市 only opens it; 小樽市 never does."""
    survey = build_survey(sender=sender)
    answer(survey, "011002", SAPPORO)
    ebetsu = answer(survey, "012173", SAPPORO)
    sending.response_return(response=ebetsu, actor=hq, reason="記入漏れがあります。")
    Survey.objects.filter(pk=survey.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    survey.refresh_from_db()
    answer(survey, "012025", HAKODATE)
    answer(survey, "012360", {"担当課": "総務課"}, submit=False)
    return survey
