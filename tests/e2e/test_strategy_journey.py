"""Strategies (#21) in Chromium, Japanese UI: municipal staff enter their 総合戦略 — a goal,
a measure and a KPI with its targets (a figure typed with its unit corrected on the way) —
and publish it; the bureau officer advises on the KPI; the staff answer; the public reads
the page, the index and the municipality's link. axe and reflow (1366, 390, 320 px) on
each new page. Fields are found by their ids, so the test reads the same before and after
the catalogue is compiled."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Advice, Kpi, KpiYear, Strategy
from tests.e2e.conftest import assert_accessible, assert_reflows
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def sign_in(page, live_server, user=None):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    if user is None:
        return
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def submit(page, form="main form.narrow"):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def follow(page, href):
    with page.expect_navigation():
        page.locator(f'main a[href="{href}"]').first.click()


def check(page, label):
    assert_accessible(page, label)
    assert_reflows(page, label)


def test_staff_enter_a_strategy_the_bureau_advises_the_public_reads_it(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")

    # The municipality starts its 総合戦略.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/mypage/")
    follow(page, "/strategies/manage/")
    check(page, "strategy list")
    follow(page, "/strategies/manage/new/municipal/")
    check(page, "new strategy")
    page.fill("#id_title", "第2期さっぽろ未来創生プラン")
    page.select_option("#id_start_year", "2025")
    page.select_option("#id_end_year", "2029")
    submit(page)
    strategy = Strategy.objects.get()
    base = f"/strategies/manage/{strategy.pk}/"
    check(page, "working page, empty")

    # A goal, a measure under it, a KPI with its targets.
    follow(page, f"{base}goals/new/")
    check(page, "goal form")
    page.fill("#id_title", "安心して働ける場をつくる")
    page.fill("#id_numerical_target", "新規雇用 5年間で10,000人")
    submit(page)
    goal = strategy.goals.get()
    follow(page, f"{base}measures/new/?goal={goal.pk}")
    check(page, "measure form")
    assert page.locator("#id_goal").input_value() == str(goal.pk)
    page.fill("#id_title", "成長産業の誘致と創業支援")
    submit(page)
    measure = strategy.measures.get()
    follow(page, f"{base}measures/{measure.pk}/kpis/new/")
    check(page, "KPI form")
    page.fill("#id_name", "創業件数")
    page.fill("#id_unit", "件")
    page.fill("#id_baseline_value", "４２０件")  # the unit typed with the figure
    page.select_option("#id_baseline_year", "2024")
    page.fill("#id_target_2025", "４４０")
    page.fill("#id_target_2026", "1,460")
    submit(page)
    expect(page).to_have_title(re.compile(r"^エラー"))
    check(page, "KPI form with an error")
    assert page.locator("#id_baseline_value").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name").input_value() == "創業件数"
    page.fill("#id_baseline_value", "４２０")
    submit(page)
    kpi = Kpi.objects.get()
    assert kpi.baseline_value == 420
    assert set(KpiYear.objects.filter(kpi=kpi).values_list("fiscal_year", flat=True)) == {
        2025,
        2026,
    }
    assert "1,460" in page.locator("main").inner_text()
    check(page, "working page with a KPI")
    with page.expect_navigation():
        page.locator(f'form[action="{base}publish/"] button').click()
    strategy.refresh_from_db()
    assert strategy.is_published

    # The bureau advises on the KPI.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}{base}")
    check(page, "working page, officer")
    page.select_option("#id_section", f"kpi-{kpi.pk}")
    page.locator("#id_kind_1").check()  # 提案
    page.fill("#id_body", "創業5年後の存続率も指標に加えてはどうでしょうか。")
    submit(page, f'form[action="{base}advice/"]')
    advice = Advice.objects.get()
    assert advice.section_id == kpi.pk
    check(page, "working page with advice")

    # The municipality answers it.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{base}#advice-{advice.pk}")
    page.fill(f"#id_answer-{advice.pk}-answer", "次回の効果検証で検討します。")
    submit(page, f"#advice-{advice.pk} form")
    advice.refresh_from_db()
    assert advice.answer == "次回の効果検証で検討します。"
    assert "次回の効果検証で検討します。" in page.locator(f"#advice-{advice.pk}").inner_text()

    # The public reads the strategy (never the advice), from the municipality's page too.
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/municipalities/011002/")
    follow(page, f"/strategies/{strategy.pk}/")
    text = page.locator("main").inner_text()
    for shown in ("安心して働ける場をつくる", "成長産業の誘致と創業支援", "創業件数", "1,460"):
        assert shown in text
    assert "存続率" not in text
    check(page, "public strategy page")
    page.goto(f"{live_server.url}/strategies/")
    assert "第2期さっぽろ未来創生プラン" in page.locator("main").inner_text()
    check(page, "public index")
