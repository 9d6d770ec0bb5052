"""Liaison meetings and plans in Chromium: municipal staff close their action item and
register a plan (one error corrected on the way); the officer advises on it and reads the
matrix; the municipality replies; the public reads the public minutes. axe checks every
page, in the Japanese UI."""

import datetime as dt
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from casebook.models import ActionItem, Plan, PlanComment
from casebook.services import meetings as meeting_services
from portal.japanese import fiscal_year
from tests.casebook.conftest import reload_themes
from tests.casebook.factories_challenges import MeetingFactory
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_challenge_journey import click, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_meeting_action_item_plan_advice_and_public_minutes(page, live_server):
    reload_themes()
    import_module("casebook.migrations.0004_challenges_meetings_plans").load_plan_types(apps, None)
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    meeting = MeetingFactory(title="石狩地域づくり連携会議", minutes="若者定着の課題を共有した。")
    meeting_services.action_item_save(
        item=ActionItem(
            meeting=meeting,
            title="取組状況を回答する",
            owner=staff,
            due_date=timezone.localdate() + dt.timedelta(days=10),
        ),
        actor=officer,
    )
    meeting_services.meeting_publish_minutes(meeting=meeting, actor=officer)
    year = fiscal_year()

    # The municipality closes its action item from the meeting's page.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/casebook/meetings/")
    assert_accessible(page, "meeting list")
    assert "取組状況を回答する" in page.locator("#my-action-items").inner_text()
    click(page, "link", "石狩地域づくり連携会議")
    assert_accessible(page, "meeting page")
    click(page, "link", "終了する")
    assert_accessible(page, "close an action item")
    click(page, "button", "対応事項を完了にする")
    assert ActionItem.objects.get().closed_at is not None
    click(page, "button", "再開する")
    assert ActionItem.objects.get().closed_at is None
    click(page, "link", "終了する")
    click(page, "button", "対応事項を完了にする")
    assert ActionItem.objects.get().closed_at is not None

    # It registers a plan; a reversed period comes back as an error.
    page.goto(f"{live_server.url}/casebook/plans/new/")
    assert_accessible(page, "plan form")
    page.select_option("#id_plan_type", label="地域公共交通計画")
    page.fill("#id_title", "札幌市地域公共交通計画")
    page.get_by_label("策定済み").check()
    page.select_option("#id_start_year", str(year + 2))
    page.select_option("#id_end_year", str(year))
    page.fill("#id_summary", "公共交通の維持と利便性の向上を図る。")
    click(page, "button", "保存する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert_accessible(page, "plan form with an error")
    assert page.locator("#id_title").input_value() == "札幌市地域公共交通計画"
    page.select_option("#id_start_year", str(year - 4))
    click(page, "button", "保存する")
    plan = Plan.objects.get()
    assert_accessible(page, "plan page")

    # The officer advises and reads the matrix.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.fill("#id_body", "改定に向けて利用者アンケートを行ってはどうでしょうか。")
    click(page, "button", "コメントを投稿する")
    assert_accessible(page, "plan with advice")
    page.goto(f"{live_server.url}/casebook/plans/matrix/")
    assert_accessible(page, "plan matrix")
    assert "見直し時期" in page.locator("#plan-matrix").inner_text()

    # The municipality replies in the thread.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.locator("details summary").first.click()
    page.fill(f"#reply-{PlanComment.objects.get().pk}", "次回の改定で実施します。")
    click(page, "button", "返信を投稿する")
    assert PlanComment.objects.filter(parent__isnull=False).count() == 1
    assert_accessible(page, "plan thread")

    # The public reads the public minutes.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto(f"{live_server.url}/casebook/minutes/")
    assert_accessible(page, "public minutes")
    click(page, "link", "石狩地域づくり連携会議")
    assert "若者定着の課題" in page.locator("#minutes").inner_text()
    assert_accessible(page, "public minutes page")
