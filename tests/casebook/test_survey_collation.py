"""The sender's collation of a survey (#19 point 3): the figures of each question kind, the
.xlsx and CSV read back, the roll-up by bureau, the scope of the pages and their queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from casebook.selectors.survey_collation import collate, rollup_by_bureau
from tests.factories import UserFactory

from .survey_collation_helpers import answered_survey, build_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq():
    return UserFactory(hq=True)


@pytest.fixture
def survey(hq):
    return answered_survey(sender=hq, hq=hq)


def _summary(collation, text):
    return next(s for s in collation.summaries if s.question.text == text)


def _url(name, survey, *args, query=""):
    return reverse(f"admin:casebook_survey_{name}", args=[survey.pk, *args]) + query


def _table_question(survey):
    return survey.questions.get(kind="table")


# --- The figures ----------------------------------------------------------------------------


def test_only_submitted_answers_are_collated_with_the_late_one_marked(survey):
    collation = collate(survey)
    assert [(r.respondent.name, r.respondent.is_late) for r in collation.rows] == [
        ("札幌市", False),
        ("函館市", True),
    ]
    assert collation.rows[0].respondent.code == "011002"
    assert collation.rows[1].respondent.bureau == "渡島総合振興局"


def test_each_question_kind_is_summarised(survey):
    collation = collate(survey)
    text = _summary(collation, "担当課")
    assert (text.answered, text.unanswered) == (2, 0)
    optional = _summary(collation, "地域の課題")
    assert (optional.answered, optional.unanswered) == (1, 1)
    number = _summary(collation, "職員数").stats
    assert (number.count, number.total, number.mean) == (2, Decimal("1500.5"), Decimal("750.25"))
    assert (number.minimum, number.maximum) == (Decimal("300"), Decimal("1200.5"))
    assert [(str(label), n) for label, n in _summary(collation, "計画の有無").counts] == [
        ("はい", 1),
        ("いいえ", 1),
    ]
    assert _summary(collation, "人口規模").counts == [("小", 0), ("中", 1), ("大", 1)]
    assert _summary(collation, "関心分野").counts == [("観光", 2), ("移住", 1), ("福祉", 0)]
    dates = _summary(collation, "策定日")
    assert (dates.earliest, dates.latest) == (dt.date(2025, 10, 1), dt.date(2026, 4, 1))
    files = _summary(collation, "資料")
    assert (files.answered, files.files) == (1, 2)
    table = _summary(collation, "事業一覧")
    assert table.rows == 3
    name, cost = table.columns
    assert (name.name, name.filled, name.stats) == ("事業名", 3, None)
    assert (cost.stats.total, cost.stats.mean) == (Decimal("400.5"), Decimal("133.5"))
    assert (cost.stats.minimum, cost.stats.maximum) == (Decimal("50"), Decimal("250.5"))


def test_a_table_questions_rows_come_from_every_respondent(survey):
    collation = collate(survey)
    rows = collation.table_rows(_table_question(survey))
    assert [(who.name, n, cells) for who, n, cells in rows] == [
        ("札幌市", 1, ["A事業", Decimal("100")]),
        ("札幌市", 2, ["B事業", Decimal("250.5")]),
        ("函館市", 1, ["C事業", Decimal("50")]),
    ]


def test_the_bureau_filter_keeps_that_bureaus_answers(survey):
    from portal.models import Bureau

    oshima = Bureau.objects.get(code="oshima")
    collation = collate(survey, bureau_id=oshima.pk)
    assert [r.respondent.name for r in collation.rows] == ["函館市"]
    assert _summary(collation, "職員数").stats.total == Decimal("300")


def test_the_rollup_counts_each_bureaus_targets_by_state(survey):
    rows, total = rollup_by_bureau(survey)
    figures = {
        r.name: (r.targets, r.unopened, r.opened, r.draft, r.submitted, r.late, r.returned)
        for r in rows
    }
    assert figures == {
        "石狩振興局": (2, 0, 2, 0, 1, 0, 1),
        "渡島総合振興局": (2, 0, 2, 1, 1, 1, 0),
        "後志総合振興局": (1, 1, 0, 0, 0, 0, 0),
    }
    # In the bureaus' own order (空知, 石狩, 後志, 胆振, 日高, 渡島 …).
    assert [r.name for r in rows] == ["石狩振興局", "後志総合振興局", "渡島総合振興局"]
    assert (total.targets, total.submitted, total.late, total.rate) == (5, 2, 1, Decimal("40.0"))
    assert rows[0].rate == Decimal("50.0")


# --- The pages ------------------------------------------------------------------------------


def test_the_collation_page_shows_answers_figures_charts_and_the_late_mark(client, hq, survey):
    client.force_login(hq)
    response = client.get(_url("collation", survey))
    assert response.status_code == 200
    page = response.content.decode()
    assert "札幌市" in page and "函館市" in page and "江別市" not in page.split("<h2")[2]
    assert "1,200.5 人" in page
    assert 'class="fluid-chart"' in page  # the choice questions' charts
    assert page.count('role="img"') == 3  # yes/no, single and multiple choice
    table_link = _url("collation_table", survey, _table_question(survey).pk)
    assert f'href="{table_link}#r' in page
    assert _url("collation_xlsx", survey) in page


def test_the_collation_page_filters_by_bureau_with_the_matrix_parameter(client, hq, survey):
    from portal.models import Bureau

    client.force_login(hq)
    oshima = Bureau.objects.get(code="oshima")
    response = client.get(_url("collation", survey, query=f"?bureau={oshima.pk}"))
    assert [r["respondent"].name for r in response.context["rows"]] == ["函館市"]
    matrix = _url("responses", survey, query=f"?bureau={oshima.pk}")
    assert matrix in response.content.decode()


def test_an_unknown_bureau_in_the_filter_shows_every_answer(client, hq, survey):
    client.force_login(hq)
    response = client.get(_url("collation", survey, query="?bureau=abc"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2


def test_the_table_page_lists_every_row_and_refuses_another_question(client, hq, survey):
    client.force_login(hq)
    table = _table_question(survey)
    response = client.get(_url("collation_table", survey, table.pk))
    assert response.status_code == 200
    assert len(response.context["table_rows"]) == 3
    assert 'id="r' in response.content.decode()
    number = survey.questions.get(kind="number")
    assert client.get(_url("collation_table", survey, number.pk)).status_code == 404
    other = build_survey(sender=hq, title="別の調査", targets=["011002"])
    other_table = other.questions.get(kind="table")
    assert client.get(_url("collation_table", survey, other_table.pk)).status_code == 404


def test_the_rollup_links_each_bureau_to_the_filtered_matrix(client, hq, survey):
    from portal.models import Bureau

    client.force_login(hq)
    response = client.get(_url("rollup", survey))
    assert response.status_code == 200
    page = response.content.decode()
    ishikari = Bureau.objects.get(code="ishikari")
    matrix = _url("responses", survey)
    assert f'href="{matrix}?bureau={ishikari.pk}"' in page
    assert f'href="{matrix}?bureau={ishikari.pk}&amp;status=returned"' in page
    oshima = Bureau.objects.get(code="oshima")
    assert f'href="{matrix}?bureau={oshima.pk}&amp;late=1"' in page
    assert "40.0%" in page


def test_the_response_matrix_links_to_the_collation(client, hq, survey):
    client.force_login(hq)
    page = client.get(_url("responses", survey)).content.decode()
    assert _url("collation", survey) in page
    assert _url("rollup", survey) in page


# --- The downloads --------------------------------------------------------------------------


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_the_workbook_has_the_answers_and_a_sheet_per_table_question(client, hq, survey):
    client.force_login(hq)
    response = client.get(_url("collation_xlsx", survey))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="survey-')
    assert f"filename*=UTF-8''{quote('地域課題調査_集計_')}" in disposition
    book = _workbook(response)
    assert book.sheetnames == ["回答一覧", "問9 事業一覧"]
    main = [list(row) for row in book["回答一覧"].iter_rows(values_only=True)]
    assert main[0][:7] == [
        "回答者",
        "コード",
        "振興局",
        "提出日時",
        "期限後提出",
        "問1 担当課",
        "問2 地域の課題",
    ]
    assert main[0][7] == "問3 職員数（人）"
    assert main[0][-1] == "問9 事業一覧（行数）"
    sapporo, hakodate = main[1], main[2]
    assert sapporo[:3] == ["札幌市", "011002", "石狩振興局"]
    assert isinstance(sapporo[3], dt.datetime)
    assert (sapporo[4], hakodate[4]) == (None, "期限後")
    assert sapporo[7] == 1200.5 and isinstance(hakodate[7], int | float)
    assert (sapporo[8], hakodate[8]) == ("はい", "いいえ")
    assert sapporo[10] == "観光、移住"
    assert sapporo[11] == dt.datetime(2026, 4, 1)  # a date, not text
    assert (sapporo[12], sapporo[13], hakodate[13]) == (2, 2, 1)
    assert hakodate[5] == "'=政策課"  # text, never a formula
    table = [list(row) for row in book["問9 事業一覧"].iter_rows(values_only=True)]
    assert table[0] == ["回答者", "コード", "振興局", "期限後提出", "行", "事業名", "事業費"]
    assert table[1:] == [
        ["札幌市", "011002", "石狩振興局", None, 1, "A事業", 100],
        ["札幌市", "011002", "石狩振興局", None, 2, "B事業", 250.5],
        ["函館市", "012025", "渡島総合振興局", "期限後", 1, "C事業", 50],
    ]


def test_the_workbook_follows_the_bureau_filter(client, hq, survey):
    from portal.models import Bureau

    client.force_login(hq)
    oshima = Bureau.objects.get(code="oshima")
    book = _workbook(client.get(_url("collation_xlsx", survey, query=f"?bureau={oshima.pk}")))
    assert [row[0] for row in book["回答一覧"].iter_rows(min_row=2, values_only=True)] == ["函館市"]


def _csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_a_bom_japanese_headers_and_a_row_per_respondent(client, hq, survey):
    client.force_login(hq)
    response = client.get(_url("collation_csv", survey))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"filename*=UTF-8''{quote('地域課題調査_集計_')}" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:5] == ["回答者", "コード", "振興局", "提出日時", "期限後提出"]
    assert [row[0] for row in rows[1:]] == ["札幌市", "函館市"]
    assert rows[1][7] == "1200.5" and rows[1][11] == "2026-04-01"
    assert rows[2][4] == "期限後"


def test_a_table_questions_csv_has_every_respondents_rows(client, hq, survey):
    client.force_login(hq)
    table = _table_question(survey)
    rows = _csv(client.get(_url("collation_table_csv", survey, table.pk)))
    assert rows[0] == ["回答者", "コード", "振興局", "期限後提出", "行", "事業名", "事業費"]
    assert rows[3] == ["函館市", "012025", "渡島総合振興局", "期限後", "1", "C事業", "50"]


# --- Scope ----------------------------------------------------------------------------------

PAGES = ["collation", "rollup", "collation_xlsx", "collation_csv"]


@pytest.fixture
def bureau_survey(hq):
    """A survey sent by 石狩振興局 to its own municipalities."""
    officer = UserFactory(ishikari_officer=True)
    return answered_bureau_survey(officer, hq), officer


def answered_bureau_survey(officer, hq):
    from .survey_collation_helpers import SAPPORO, answer

    survey = build_survey(sender=officer, targets=["011002", "012173"])
    answer(survey, "011002", SAPPORO)
    return survey


@pytest.mark.parametrize("name", PAGES)
def test_the_sending_bureau_and_hq_open_the_pages(client, hq, bureau_survey, name):
    survey, officer = bureau_survey
    for user in (officer, hq):
        client.force_login(user)
        assert client.get(_url(name, survey)).status_code == 200, (name, user)


@pytest.mark.parametrize("name", PAGES)
def test_another_bureaus_officer_gets_404(client, bureau_survey, name):
    survey, _officer = bureau_survey
    client.force_login(UserFactory(oshima_officer=True))
    assert client.get(_url(name, survey)).status_code == 404


def test_another_bureaus_officer_gets_404_for_a_table_and_its_csv(client, bureau_survey):
    survey, _officer = bureau_survey
    table = _table_question(survey)
    client.force_login(UserFactory(oshima_officer=True))
    assert client.get(_url("collation_table", survey, table.pk)).status_code == 404
    assert client.get(_url("collation_table_csv", survey, table.pk)).status_code == 404


def test_a_bureau_officer_gets_404_for_hqs_survey_to_other_bureaus_alone(client, hq):
    """HQ's survey that reached none of 石狩's municipalities (函館市, 北斗市: 渡島) is out of
    石狩's scope; one that reached them is read there (test_surveys_bureau_scope.py)."""
    survey = build_survey(sender=hq, targets=["012025", "012360"])
    client.force_login(UserFactory(ishikari_officer=True))
    for name in PAGES:
        assert client.get(_url(name, survey)).status_code == 404, name


@pytest.mark.parametrize("name", PAGES)
def test_municipal_staff_never_reach_the_collation(client, bureau_survey, name):
    """Municipal staff have no admin: the admin sends them to its sign-in page, as for every
    admin page (tests/hardening/test_permission_matrix.py), and shows nothing."""
    survey, _officer = bureau_survey
    client.force_login(UserFactory(sapporo=True))
    response = client.get(_url(name, survey))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Queries --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["collation", "collation_xlsx", "collation_csv", "rollup"])
def test_queries_do_not_grow_with_the_respondents(client, hq, name):
    from .survey_collation_helpers import HAKODATE, SAPPORO, answer

    few = build_survey(sender=hq, title="少ない", targets=["011002"])
    answer(few, "011002", SAPPORO)
    many = build_survey(sender=hq, title="多い")
    for code, values in [("011002", SAPPORO), ("012173", SAPPORO), ("012025", HAKODATE)]:
        answer(many, code, values)
    client.force_login(hq)
    client.get(_url(name, few))  # the session and the content types are cached
    assert _queries(client, _url(name, few)) == _queries(client, _url(name, many))


def test_the_collation_pages_queries_are_pinned(client, hq, survey, django_assert_num_queries):
    client.force_login(hq)
    client.get(_url("collation", survey))
    # The page's own: the survey, its bureaus, questions, submitted responses and counts;
    # the admin's frame: session (read and saved), user, permissions (2), editor, notices.
    with django_assert_num_queries(14):
        client.get(_url("collation", survey))


@pytest.mark.parametrize(
    "name", ["collation", "collation_table", "collation_table_csv", "rollup", "collation_xlsx"]
)
def test_every_role_gets_what_the_admin_matrix_gives_a_bureaus_row(client, name):
    """The roles of tests/hardening/test_permission_matrix.py on a survey of 石狩振興局 to
    札幌市: its officers and HQ 200, another bureau's officer 404, the roles without the
    admin its sign-in page (that matrix covers no admin page of a model's own)."""
    from tests.hardening.test_permission_matrix import (
        ROLES,
        SCOPED_CHANGE,
        _admin_answer,
        _log_in,
        _users,
    )

    users = _users()
    survey = build_survey(sender=users["owning_bureau_officer"], targets=["011002"])
    args = [_table_question(survey).pk] if "table" in name else []
    url = _url(name, survey, *args)
    wrong = {}
    for role in ROLES:
        _log_in(client, users, role)
        response = client.get(url)
        if not _admin_answer(response, SCOPED_CHANGE[role]):
            wrong[role] = (response.status_code, SCOPED_CHANGE[role])
    assert wrong == {}


def test_a_cooperatives_answer_is_collated_under_its_name(hq):
    from casebook.models import Survey, SurveyQuestion
    from casebook.services import survey_responses as answering
    from casebook.services import surveys as sending
    from portal.audiences import AudienceKind

    from .cooperative_helpers import certified
    from .survey_collation_helpers import answers_for

    coop, _application = certified(hq)
    survey = Survey.objects.create(
        title="組合への照会",
        purpose="活動を知る。",
        deadline=timezone.localdate() + dt.timedelta(days=7),
        audience_kind=AudienceKind.COOPERATIVES,
        created_by=hq,
    )
    SurveyQuestion.objects.create(survey=survey, order=1, kind="number", text="派遣職員数")
    sending.survey_publish(survey=survey, actor=hq)
    response = survey.responses.get()
    answering.response_save(
        response=response, actor=coop.user, answers=answers_for(survey, 派遣職員数="4")
    )
    answering.response_submit(response=response, actor=coop.user)
    collation = collate(survey)
    (row,) = collation.rows
    assert (row.respondent.name, row.respondent.bureau) == (coop.name, "上川総合振興局")
    assert collation.summaries[0].stats.total == Decimal("4")
