"""The I1 journey in Chromium: municipal staff submit a challenge (one error corrected on
the way); the bureau's officer sees the suggestions in the admin, links the case study
that ranks first and writes a response; the municipality sees the response and the link.
axe checks every page, in the Japanese UI."""

import re

import pytest
from playwright.sync_api import expect

from casebook.models import Challenge, ChallengeLink, ChallengeStatus
from tests.casebook.conftest import reload_themes
from tests.casebook.factories import CaseStudyFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory, municipality

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def test_submit_a_challenge_link_a_case_study_and_read_the_response(page, live_server):
    reload_themes()
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    ebetsu = municipality("012173")
    expected = CaseStudyFactory(
        published=True,
        title="大学と連携した若者の地元定着",
        municipality=ebetsu,
        bureau=ebetsu.bureau,
        region=ebetsu.bureau.region,
        summary="大学生が地元企業でインターンシップをし、卒業後の市内就職につなげた。",
        challenge="市内の大学の卒業生の多くが市外で就職していた。",
        themes=["migration"],
    )
    CaseStudyFactory(published=True, title="移住フェアの開催", themes=["migration"])

    # Municipal staff submit a challenge; a missing theme comes back as an error.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/casebook/challenges/")
    assert_accessible(page, "challenge list")
    click(page, "link", "課題・ニーズを提出する")
    assert_accessible(page, "challenge form")
    page.fill("#id_title", "大学卒業後の若者の市外流出")
    page.fill("#id_description", "市内の大学を卒業した若者の多くが市外で就職している。")
    page.get_by_label("高：早急に対応が必要").check()
    page.get_by_label("情報提供（事例、施策など）").check()
    click(page, "button", "振興局に送付する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "form with an error")
    assert page.locator("#id_description").input_value().startswith("市内の大学")
    page.select_option("#id_theme", label="移住・定住")
    click(page, "button", "振興局に送付する")
    challenge = Challenge.objects.get()
    assert page.url.endswith(challenge.get_absolute_url())
    assert_accessible(page, "challenge page")

    # The officer triages in the admin: the expected case study is suggested first.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/casebook/challenge/{challenge.pk}/change/")
    assert_accessible(page, "admin challenge")
    first = page.locator("#suggested-case-studies li").first
    assert expected.title in first.inner_text()
    with page.expect_navigation():
        first.get_by_role("button").click()
    assert ChallengeLink.objects.get().target_id == str(expected.pk)
    click(page, "link", "回答を入力する")
    assert_accessible(page, "response step")
    page.fill("#id_response", "江別市の大学連携の事例が参考になります。担当者をご紹介します。")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    click(page, "link", "支援につながったものとする")
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    assert Challenge.objects.get().status == ChallengeStatus.MATCHED

    # The municipality reads the response and follows the link.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{challenge.get_absolute_url()}")
    assert "江別市の大学連携の事例" in page.locator("#challenge-response").inner_text()
    assert page.locator("#challenge-status").inner_text().strip() == "マッチング成立"
    assert_accessible(page, "challenge with the response")
    click(page, "link", expected.title)
    assert page.url.endswith(expected.get_absolute_url())
