"""#22 point 3 in Chromium, in the Japanese UI: 江別市 submits a challenge shared with its
bureau's municipalities; 札幌市 finds it among the neighbours' challenges and says
「同じ課題がある」, naming its own; 江別市 sees who said so; 石狩振興局 sees the two in one
cluster, and records its attendance at 江別市's strategy meeting in the admin, which 江別市
reads. axe and reflow (390 and 320 px, after 1366) on every new page. Elements are found
by id and name, so the test reads the same before and after the catalogue is compiled."""

import pytest
from playwright.sync_api import expect

from casebook.models import Challenge, ChallengeEcho, Sharing, StrategyMeetingAttendance
from tests.casebook.conftest import reload_themes
from tests.casebook.factories_challenges import ChallengeFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def submit(page, selector="main form[method=post] button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_town_shares_a_neighbour_says_same_and_the_bureau_sees_the_cluster(page, live_server):
    reload_themes()
    page.set_viewport_size({"width": 1366, "height": 800})
    ebetsu = UserFactory(ebetsu=True, name="江別 一郎", email="ebetsu@example.jp")
    sapporo = UserFactory(sapporo=True, name="札幌 太郎", email="sapporo@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    own = ChallengeFactory(title="札幌の通院手段の確保", submitted_by=sapporo)

    # 江別市 submits a challenge, shared with the municipalities of its bureau.
    sign_in(page, live_server, ebetsu)
    page.goto(f"{live_server.url}/casebook/challenges/new/")
    page.fill("#id_title", "路線バス廃止後の通院手段")
    page.select_option("#id_theme", index=1)
    page.fill("#id_description", "路線バスが廃止され、高齢者の通院が難しくなった。")
    page.locator("input[name=urgency][value=high]").check()
    page.locator("input[name=sharing][value=bureau]").check()
    assert_accessible(page, "challenge form with the sharing choice")
    submit(page)
    challenge = Challenge.objects.get(municipality_id="012173")
    assert challenge.sharing == Sharing.BUREAU
    assert_accessible(page, "owner's challenge page with the sharing form")

    # 札幌市 finds it among the neighbours' challenges and says it has the same one.
    sign_in(page, live_server, sapporo)
    page.goto(f"{live_server.url}/casebook/challenges/shared/")
    assert_accessible(page, "neighbours' challenges")
    with page.expect_navigation():
        page.locator(f"a[href='/casebook/challenges/shared/{challenge.pk}/']").click()
    assert_accessible(page, "a neighbour's challenge")
    assert page.locator("#challenge-response, #challenge-links").count() == 0
    page.select_option("#id_own_challenge", value=str(own.pk))
    page.fill("#id_note", "乗合タクシーの試行について情報交換したい。")
    submit(page, "form[action$='/same/'] button[type=submit]")
    expect(page.locator("#echo-state")).to_contain_text(own.title)
    assert_accessible(page, "after saying it is the same")
    echo = ChallengeEcho.objects.get()
    assert (echo.municipality_id, echo.own_challenge_id) == ("011002", own.pk)

    # 江別市 sees who said so.
    sign_in(page, live_server, ebetsu)
    page.goto(f"{live_server.url}{challenge.get_absolute_url()}")
    expect(page.locator("#challenge-echoes")).to_contain_text("札幌市")
    expect(page.locator("#challenge-echoes")).to_contain_text("情報交換したい")

    # 石狩振興局 sees the cluster of the two municipalities.
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/casebook/challenges/clusters/")
    cluster = page.locator("section.cluster").first
    expect(cluster).to_contain_text("江別市")
    expect(cluster).to_contain_text("札幌市")
    expect(cluster).to_contain_text("路線バス廃止後の通院手段")
    assert_accessible(page, "clusters")

    # The officer records the bureau's attendance at 江別市's strategy meeting.
    page.goto(f"{live_server.url}/admin/casebook/strategymeetingattendance/add/")
    page.select_option("#id_municipality", value="012173")
    page.fill("#id_date", "2026-11-05")
    page.fill("#id_meeting_name", "総合戦略推進会議")
    page.locator(f"input[name=attendees][value='{officer.pk}']").check()
    page.fill("#id_notes", "地域公共交通のKPIを確認した。")
    assert_accessible(page, "attendance in the admin")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    attendance = StrategyMeetingAttendance.objects.get()
    assert attendance.bureau.code == "ishikari" and list(attendance.attendees.all()) == [officer]

    # 江別市 reads it, without a way to record.
    sign_in(page, live_server, ebetsu)
    page.goto(f"{live_server.url}/casebook/meetings/strategy/012173/")
    expect(page.locator(f"#record-{attendance.pk}")).to_contain_text("地域公共交通のKPI")
    expect(page.locator(f"#record-{attendance.pk}")).to_contain_text("石狩 次郎")
    assert page.locator("main a[href*='strategymeetingattendance']").count() == 0
    assert_accessible(page, "strategy meetings attended")
