"""The survey (照会・調査) journey in Chromium, Japanese UI: HQ builds a survey in the admin
with a short text, a number with limits and a table, previews it as a respondent, publishes
it to two chosen municipalities; 札幌市's staff open it, get an error on a number above its
maximum (what they typed is kept), add a table row without JavaScript's help, check the
answers and submit; HQ sees 提出済 in the response matrix. axe and 390/320 px reflow on every
page, the admin's builder, preview and matrix included."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casebook.models import ResponseStatus, Survey, SurveyStatus
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_hq_builds_and_publishes_a_survey_and_a_municipality_answers_it(page, live_server):
    hq = UserFactory(hq=True, email="hq@example.jp", name="本庁 四郎")
    staff = UserFactory(sapporo=True, email="staff@example.jp", name="札幌 太郎")
    UserFactory(ebetsu=True, email="ebetsu@example.jp")
    deadline = timezone.localdate() + dt.timedelta(days=10)

    # HQ writes the survey and its questions in the admin.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/casebook/survey/add/")
    assert_accessible(page, "new survey in the admin")
    page.fill("#id_title", "DX推進体制の調査")
    page.fill("#id_purpose", "市町村のDX推進体制を把握するため")
    page.fill("#id_deadline", deadline.isoformat())
    page.check("input[name=audience_kind][value=chosen]")
    picker = page.locator("[data-picker]").first
    picker.get_by_label("名前で絞り込む").fill("札幌")
    picker.get_by_label("札幌市").check()
    picker.get_by_label("名前で絞り込む").fill("江別")
    picker.get_by_label("江別市").check()
    page.fill("#id_questions-0-text", "担当課")
    add = page.locator("#questions-group .add-row a")
    add.click()
    page.select_option("#id_questions-1-kind", "number")
    page.fill("#id_questions-1-order", "2")
    page.fill("#id_questions-1-text", "担当職員数")
    page.fill("#id_questions-1-unit", "人")
    page.fill("#id_questions-1-min_value", "0")
    page.fill("#id_questions-1-max_value", "100")
    add.click()
    page.select_option("#id_questions-2-kind", "table")
    page.fill("#id_questions-2-order", "3")
    page.fill("#id_questions-2-text", "DX関連事業")
    page.fill("#id_questions-2-columns_text", "事業名\n事業費:数値")
    submit(page, "input[name=_continue]")
    survey = Survey.objects.get(title="DX推進体制の調査")
    assert_accessible(page, "survey with its questions")
    assert survey.sender_bureau is None
    assert survey.questions.count() == 3

    # The preview shows the questions as a respondent sees them, with nothing to send.
    page.goto(f"{live_server.url}/admin/casebook/survey/{survey.pk}/preview/")
    expect(page.locator("h1")).to_have_text("DX推進体制の調査")
    expect(page.locator("fieldset.survey-questions input").first).to_be_disabled()
    assert page.locator("button[name=action]").count() == 0
    assert_accessible(page, "preview")

    # Publish through the step page.
    page.goto(f"{live_server.url}/admin/casebook/survey/{survey.pk}/workflow/publish/")
    submit(page, "#content-main form [type=submit]")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    assert survey.responses.count() == 2
    response = survey.responses.get(municipality__code="011002")
    q_text, q_number, q_table = survey.questions.order_by("order")

    # 札幌市's staff find it in their list and open it.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/casebook/surveys/")
    assert_accessible(page, "survey list")
    submit(page, "a:has-text('DX推進体制の調査')")
    assert_accessible(page, "answer form")
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT

    # A number above the maximum comes back with its error; what was typed is kept.
    page.fill(f"#id_q{q_text.pk}", "企画課")
    page.fill(f"#id_q{q_number.pk}", "101")
    page.fill(f"#id_q{q_table.pk}-0-c0", "窓口予約")
    page.fill(f"#id_q{q_table.pk}-0-c1", "1200")
    submit(page, "button[name=action][value=save]")
    expect(page).to_have_title(re.compile(r"^\s*エラー："))
    assert page.locator(".error-summary").is_visible()
    assert page.locator(f"#id_q{q_text.pk}").input_value() == "企画課"
    assert_accessible(page, "answer form with an error")

    # Add a table row: the page comes back with one more row and nothing lost.
    page.fill(f"#id_q{q_number.pk}", "３")
    submit(page, f"button[name=add_row][value='{q_table.pk}']")
    assert page.locator(f"#id_q{q_table.pk}-0-c0").input_value() == "窓口予約"
    page.fill(f"#id_q{q_table.pk}-1-c0", "庁内チャット")
    page.fill(f"#id_q{q_table.pk}-1-c1", "850")
    assert_accessible(page, "answer form with two rows")
    submit(page, "button[name=action][value=check]")

    # Check the answers, then submit.
    assert page.url.endswith(f"/casebook/surveys/{response.pk}/check/")
    main = page.locator("main")
    expect(main).to_contain_text("企画課")
    expect(main).to_contain_text("庁内チャット")
    assert_accessible(page, "check answers")
    submit(page, "main form [type=submit]")
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.answers[str(q_number.pk)] == "3"
    assert len(response.answers[str(q_table.pk)]) == 2
    assert_accessible(page, "submitted answer")

    # HQ sees 提出済 for 札幌市 in the matrix.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/casebook/survey/{survey.pk}/responses/")
    row = page.locator("tr", has_text="札幌市")
    expect(row.locator(".survey-state")).to_have_text("提出済")
    expect(page.locator("tr", has_text="江別市").locator(".survey-state")).to_have_text("未開封")
    assert_accessible(page, "response matrix")
