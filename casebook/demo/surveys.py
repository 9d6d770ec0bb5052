"""Demo content of surveys (照会・調査) for `make run`: HQ's survey on digital transformation,
published to 札幌市 and 函館市 with a few question kinds and a table, answered and submitted
by 札幌市 (函館市 has not opened it yet), and a draft of 石狩振興局. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.audiences import AudienceKind
from portal.models import Municipality, User

from ..models import QuestionKind, Survey, SurveyQuestion
from ..services import survey_responses as response_services
from ..services import surveys as survey_services

TITLE = "自治体DXの取組状況に関する調査（令和8年度）"

QUESTIONS = [
    {"kind": QuestionKind.YES_NO, "text": "DX推進計画を策定していますか"},
    {
        "kind": QuestionKind.NUMBER,
        "text": "DX担当の職員数",
        "unit": "人",
        "min_value": 0,
        "max_value": 1000,
    },
    {
        "kind": QuestionKind.MULTIPLE_CHOICE,
        "text": "オンライン化済みの手続",
        "choices": ["転入・転出", "子育て関係", "介護関係", "税証明"],
        "required": False,
    },
    {
        "kind": QuestionKind.TABLE,
        "text": "今年度のDX関連事業",
        "columns": [
            {"name": "事業名", "kind": "text"},
            {"name": "事業費（千円）", "kind": "number"},
        ],
        "required": False,
    },
    {"kind": QuestionKind.LONG_TEXT, "text": "県に期待する支援", "required": False},
]


def load_survey_demo(stdout) -> None:
    if Survey.objects.filter(title=TITLE).exists():
        return
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example.jp")}
    hq = users.get("hq@demo.example.jp")
    staff = users.get("sapporo@demo.example.jp")
    if hq is None or staff is None:
        return
    survey = Survey(
        title=TITLE,
        purpose="市町村のDXの取組状況を把握し、来年度の支援策の検討に活用します。",
        cover_letter=(
            "各市町村DX担当課長 様\n\n"
            "標記について、別添のとおり調査を実施しますので、期限までに回答願います。"
        ),
        deadline=timezone.localdate() + dt.timedelta(days=14),
        audience_kind=AudienceKind.CHOSEN,
    )
    survey_services.survey_save(survey=survey, actor=hq, creating=True)
    survey.audience_municipalities.set(Municipality.objects.filter(code__in=["011002", "012025"]))
    for order, spec in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.create(survey=survey, order=order, **spec)
    survey_services.survey_publish(survey=survey, actor=hq)
    response = survey.responses.get(municipality__code="011002")
    response_services.response_open(response=response, actor=staff)
    questions = list(survey.questions.order_by("order"))
    response_services.response_save(
        response=response,
        actor=staff,
        answers={
            str(questions[0].pk): True,
            str(questions[1].pk): "4",
            str(questions[2].pk): ["転入・転出", "子育て関係"],
            str(questions[3].pk): [
                {"事業名": "窓口のオンライン予約", "事業費（千円）": "3200"},
                {"事業名": "庁内チャットの導入", "事業費（千円）": "850"},
            ],
            str(questions[4].pk): "DX人材の派遣と、先行事例の紹介をお願いしたい。",
        },
    )
    response_services.response_submit(response=response, actor=staff)
    officer = users.get("ishikari-officer@demo.example.jp")
    if officer is not None:
        # The bureau's own survey, still to be answered by 札幌市: the form to try.
        bureau_survey = Survey(
            title="地域公共交通の利用状況調査",
            purpose="管内市町村の地域公共交通の利用状況を把握します。",
            deadline=timezone.localdate() + dt.timedelta(days=30),
            audience_kind=AudienceKind.BUREAU,
            audience_bureau=officer.bureau,
        )
        survey_services.survey_save(survey=bureau_survey, actor=officer, creating=True)
        SurveyQuestion.objects.create(
            survey=bureau_survey,
            order=1,
            kind=QuestionKind.NUMBER,
            text="年間利用者数",
            unit="人",
            min_value=0,
        )
        SurveyQuestion.objects.create(
            survey=bureau_survey,
            order=2,
            kind=QuestionKind.DATE,
            text="計画の策定日",
            required=False,
        )
        SurveyQuestion.objects.create(
            survey=bureau_survey,
            order=3,
            kind=QuestionKind.TABLE,
            text="運行路線",
            columns=[{"name": "路線名", "kind": "text"}, {"name": "便数", "kind": "number"}],
        )
        survey_services.survey_publish(survey=bureau_survey, actor=officer)
    stdout.write("  surveys: HQ's answered by 札幌市; 石狩振興局's still to answer\n")
