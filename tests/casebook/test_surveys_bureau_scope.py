"""A bureau following HQ's survey (#19 point 5): a bureau officer reads, in the admin, a survey
it did not send that reached its municipalities, with only their answers (matrix, counts,
collation, downloads) and nothing to act on (publish, close, reopen, return: refused, state
unchanged). A survey that reached none of them, and another bureau's survey, stay 404; the
roll-up by bureau stays the sender's and HQ's."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from casebook.models import ResponseStatus, SurveyStatus
from casebook.services import surveys as services
from portal.models import Bureau, Municipality
from tests.factories import UserFactory

from .factories_surveys import published
from .survey_collation_helpers import SAPPORO, answer, answered_survey, build_survey

pytestmark = pytest.mark.django_db

ROWS = re.compile(r"casebook/surveyresponse/(\d+)/change/")


@pytest.fixture
def hq():
    return UserFactory(hq=True)


@pytest.fixture
def ishikari():
    return UserFactory(ishikari_officer=True)


@pytest.fixture
def survey(hq):
    """HQ's survey to 札幌市・江別市 (石狩), 函館市・北斗市 (渡島) and 小樽市 (後志): 札幌市
    submitted, 江別市 returned, 函館市 late, 北斗市 a draft, 小樽市 unopened."""
    return answered_survey(sender=hq, hq=hq)


def _url(name, survey, *args, query=""):
    return reverse(f"admin:casebook_survey_{name}", args=[survey.pk, *args]) + query


def _respondents(page) -> set[str]:
    from casebook.models import SurveyResponse

    ids = {int(pk) for pk in ROWS.findall(page.content.decode())}
    return {r.respondent_name for r in SurveyResponse.objects.filter(pk__in=ids)}


def _workbook_names(response) -> list[str]:
    book = load_workbook(io.BytesIO(response.content))
    return [
        row[0] for sheet in book.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def _csv_names(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    return [row[0] for row in rows[1:]]


# --- What the bureau reads ------------------------------------------------------------------


def test_the_bureau_lists_and_opens_hqs_survey_read_only(client, ishikari, survey):
    client.force_login(ishikari)
    listing = client.get(reverse("admin:casebook_survey_changelist")).content.decode()
    assert survey.title in listing
    page = client.get(_url("change", survey))
    assert page.status_code == 200
    text = page.content.decode()
    assert "survey-reading-notice" in text  # who sent it, and that it is read only
    for step in ("close", "reopen", "publish"):
        assert _url("step", survey, step) not in text
    assert 'name="_save"' not in text
    assert client.get(_url("preview", survey)).status_code == 200


def test_hq_sent_to_all_shows_the_bureau_its_municipalities_alone(client, ishikari, hq):
    survey = published(hq, audience_kind="all", codes=(), title="全道調査")
    client.force_login(ishikari)
    page = client.get(_url("responses", survey))
    assert page.status_code == 200
    mine = Municipality.objects.filter(bureau=ishikari.bureau)
    assert _respondents(page) == set(mine.values_list("name", flat=True))
    assert page.context["counts"]["total"] == mine.count() < survey.responses.count()


def test_the_matrix_and_its_counts_hold_the_bureaus_municipalities_alone(
    client, ishikari, survey, django_assert_num_queries
):
    client.force_login(ishikari)
    url = _url("responses", survey)
    client.get(url)  # the session and the content types are cached
    # The survey, its targets, counts, bureaus, the threads' ids and threads; the admin's
    # frame: session (read, and saved in three), user, permissions (2), notices. As many as
    # the sender's matrix: limiting the targets is a filter, not a query.
    with django_assert_num_queries(14):
        page = client.get(url)
    assert _respondents(page) == {"札幌市", "江別市"}
    counts = page.context["counts"]
    assert (counts["total"], counts["submitted"], counts["returned"], counts["late"]) == (
        2,
        1,
        1,
        0,
    )
    text = page.content.decode()
    assert _url("rollup", survey) not in text
    assert 'id="matrix-bureau"' not in text
    # Asking for another bureau's targets shows none of them.
    oshima = Bureau.objects.get(code="oshima")
    assert _respondents(client.get(url, {"bureau": oshima.pk})) == set()


def test_the_collation_and_downloads_hold_the_bureaus_answers_alone(client, ishikari, survey):
    client.force_login(ishikari)
    oshima = Bureau.objects.get(code="oshima")
    for query in ("", f"?bureau={oshima.pk}"):
        page = client.get(_url("collation", survey, query=query))
        assert page.status_code == 200
        assert [row["respondent"].name for row in page.context["rows"]] == ["札幌市"]
        assert page.context["counts"]["total"] == 2
        assert _url("rollup", survey) not in page.content.decode()
        # Every sheet of the workbook (answers, the table question's rows): 札幌市 alone.
        book = client.get(_url("collation_xlsx", survey, query=query))
        assert set(_workbook_names(book)) == {"札幌市"}
        assert _csv_names(client.get(_url("collation_csv", survey, query=query))) == ["札幌市"]
    table = survey.questions.get(kind="table")
    assert set(_csv_names(client.get(_url("collation_table_csv", survey, table.pk)))) == {"札幌市"}
    page = client.get(_url("collation_table", survey, table.pk))
    assert {who.name for who, _n, _cells in page.context["table_rows"]} == {"札幌市"}


def test_the_roll_up_by_bureau_is_not_the_reading_bureaus(client, ishikari, hq, survey):
    client.force_login(ishikari)
    assert client.get(_url("rollup", survey)).status_code == 404
    client.force_login(hq)
    assert client.get(_url("rollup", survey)).status_code == 200


def test_hq_still_sees_every_target(client, hq, survey):
    client.force_login(hq)
    page = client.get(_url("responses", survey))
    assert _respondents(page) == {"札幌市", "江別市", "函館市", "北斗市", "小樽市"}
    assert "survey-reading-notice" not in page.content.decode()
    book = client.get(_url("collation_xlsx", survey))
    assert set(_workbook_names(book)) == {"札幌市", "函館市"}


def test_another_bureau_reads_its_own_municipalities_of_the_same_survey(client, survey):
    client.force_login(UserFactory(oshima_officer=True))
    assert _respondents(client.get(_url("responses", survey))) == {"函館市", "北斗市"}
    page = client.get(_url("collation", survey))
    assert [row["respondent"].name for row in page.context["rows"]] == ["函館市"]


# --- Answers --------------------------------------------------------------------------------


def test_the_bureau_reads_its_municipalitys_answer_but_cannot_return_it(client, ishikari, survey):
    response = survey.responses.get(municipality__code="011002")
    client.force_login(ishikari)
    page = client.get(reverse("admin:casebook_surveyresponse_change", args=[response.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "企画課" in text
    url = reverse("admin:casebook_surveyresponse_step", args=[response.pk, "return"])
    assert url not in text
    refused = client.post(url, {"reason": "単位を確認"})
    assert refused.status_code == 302  # back to the answer, with a message
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.response_return(response=response, actor=ishikari, reason="単位を確認")


def test_the_answers_list_holds_the_bureaus_municipalities_alone(client, ishikari, survey):
    client.force_login(ishikari)
    listing = client.get(reverse("admin:casebook_surveyresponse_changelist"))
    assert _respondents(listing) == {"札幌市", "江別市"}
    hakodate = survey.responses.get(municipality__code="012025")
    url = reverse("admin:casebook_surveyresponse_change", args=[hakodate.pk])
    assert client.get(url).status_code == 404


# --- Acting is the sender's -----------------------------------------------------------------


def test_the_bureau_cannot_close_or_reopen_hqs_survey(client, ishikari, hq, survey):
    client.force_login(ishikari)
    for step in ("close", "reopen", "publish"):
        refused = client.post(_url("step", survey, step), {"comment": "締めます"})
        assert refused.status_code == 302, step
        survey.refresh_from_db()
        assert survey.status == SurveyStatus.PUBLISHED, step
    with pytest.raises(PermissionDenied):
        services.survey_close(survey=survey, actor=ishikari)
    services.survey_close(survey=survey, actor=hq)
    survey.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.survey_reopen(survey=survey, actor=ishikari)
    assert survey.status == SurveyStatus.CLOSED


def test_the_bureau_cannot_edit_hqs_survey(client, ishikari, survey):
    client.force_login(ishikari)
    data = {"title": "書き換え", "purpose": "x", "deadline": "2099-01-31"}
    client.post(_url("change", survey), data)
    survey.refresh_from_db()
    assert survey.title == "地域課題調査"
    assert client.post(_url("delete", survey), {"post": "yes"}).status_code in (302, 403)
    assert survey.__class__.objects.filter(pk=survey.pk).exists()


# --- Out of scope ---------------------------------------------------------------------------


def _every_page(survey, response):
    table = survey.questions.get(kind="table")
    return [
        _url("change", survey),
        _url("preview", survey),
        _url("responses", survey),
        _url("collation", survey),
        _url("collation_xlsx", survey),
        _url("collation_csv", survey),
        _url("collation_table", survey, table.pk),
        _url("collation_table_csv", survey, table.pk),
        _url("rollup", survey),
        _url("step", survey, "close"),
        reverse("admin:casebook_surveyresponse_change", args=[response.pk]),
    ]


def test_hqs_survey_that_reached_none_of_the_bureaus_municipalities_is_404(client, ishikari, hq):
    survey = build_survey(sender=hq, targets=["012025", "012360"])  # 渡島 alone
    response = answer(survey, "012025", SAPPORO)
    client.force_login(ishikari)
    for url in _every_page(survey, response):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("admin:casebook_survey_changelist")).content.decode()
    assert _url("change", survey) not in listing


def test_another_bureaus_survey_is_404(client, ishikari):
    oshima = UserFactory(oshima_officer=True)
    survey = build_survey(sender=oshima, targets=["012025"])
    response = answer(survey, "012025", SAPPORO)
    client.force_login(ishikari)
    for url in _every_page(survey, response):
        assert client.get(url).status_code == 404, url
