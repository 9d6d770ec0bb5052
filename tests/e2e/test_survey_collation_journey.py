"""The sender collates a survey's answers in Chromium, Japanese UI: from the response matrix
to the collation (answers, figures, charts), a table question's rows, the roll-up by bureau
and the Excel download under the survey's title. Each page passes axe and reflows at 320 px."""

import pytest

from tests.casebook.survey_collation_helpers import answered_survey
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_hq_collates_the_answers_and_downloads_them(page, live_server):
    hq = UserFactory(hq=True, email="hq@example.jp")
    survey = answered_survey(sender=hq, hq=hq)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", hq.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    page.goto(f"{live_server.url}/admin/casebook/survey/{survey.pk}/responses/")
    with page.expect_navigation():
        page.locator(".survey-collation-links a").first.click()
    assert "/collation/" in page.url
    assert page.locator(".survey-collation-table tbody tr").count() == 2
    assert page.locator("svg.fluid-chart").count() == 3
    assert page.locator(".survey-late").first.is_visible()  # 「（期限後提出）」
    assert_accessible(page, "collation")

    with page.expect_download() as download:
        page.locator(".dashboard-actions a[href$='download.xlsx']").click()
    assert download.value.suggested_filename.startswith("地域課題調査_集計_")

    with page.expect_navigation():
        page.locator(".survey-collation-table a[href*='/tables/']").first.click()
    assert page.locator("table.responsive tbody tr").count() >= 3
    assert_accessible(page, "a table question's rows")

    page.goto(f"{live_server.url}/admin/casebook/survey/{survey.pk}/rollup/")
    assert page.locator(".survey-rollup-table tbody tr").count() == 3
    assert_accessible(page, "roll-up by bureau")
