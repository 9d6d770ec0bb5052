"""Plans with content (#22 point 2) in Chromium, in the Japanese UI: municipal staff record
the plan's 協議会, add a member and a meeting with its minutes; the bureau's officer
advises on the council as a section of the plan and reads the matrix's revision flag;
staff answer the advice. axe and reflow (390 and 320 px) on every new page, at 1366 px.

Fields are found by their ids, not their (new) Japanese labels, so the journey runs
before and after the catalogue is compiled."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from casebook.models import PlanCouncilMeeting, PlanCouncilMember
from portal.models import Advice
from tests.casebook.factories_challenges import PlanFactory
from tests.e2e.conftest import assert_accessible, assert_reflows
from tests.e2e.test_challenge_journey import sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def check(page, label):
    assert_accessible(page, label)
    assert_reflows(page, label)


def submit(page, form_selector):
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def test_staff_keep_the_council_the_bureau_advises_staff_answer(page, live_server, tmp_path):
    import_module("casebook.migrations.0004_challenges_meetings_plans").load_plan_types(apps, None)
    page.set_viewport_size({"width": 1366, "height": 900})
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    plan = PlanFactory(
        title="札幌市地域公共交通計画",
        next_revision_due=timezone.localdate() + dt.timedelta(days=30),
    )
    council_url = f"{live_server.url}/casebook/plans/{plan.pk}/council/"

    # The municipality records its council, a member and a meeting with the minutes.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    check(page, "plan page (staff)")
    with page.expect_navigation():
        page.locator(f'main a[href="/casebook/plans/{plan.pk}/council/"]').click()
    check(page, "council page, empty")
    page.fill("#id_name", "札幌市地域公共交通活性化協議会")
    submit(page, 'form[action$="/council/"]')
    assert page.locator("#council-name").inner_text().strip() == "札幌市地域公共交通活性化協議会"
    # A mistake first: the term ends before it starts; the name stays in the form.
    page.fill("#id_member-name", "北海 花子")
    page.fill("#id_member-organisation", "北海道大学")
    page.select_option("#id_member-role", "chair")
    page.fill("#id_member-term_start", "2027-04-01")
    page.fill("#id_member-term_end", "2026-03-31")
    submit(page, 'form[action$="/council/members/"]')
    assert page.locator(".error-summary").count() == 1
    assert page.input_value("#id_member-name") == "北海 花子"
    check(page, "council page, member error")
    page.fill("#id_member-term_end", "2029-03-31")
    submit(page, 'form[action$="/council/members/"]')
    assert "北海 花子" in page.locator("#members").inner_text()
    assert "会長" in page.locator("#members").inner_text()  # needs the compiled catalogue
    minutes = tmp_path / "議事録.pdf"
    minutes.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
    )
    page.fill("#id_meeting-held_on", "2026-07-10")
    page.fill("#id_meeting-agenda", "計画素案について")
    page.check("#id_meeting-is_public")
    page.set_input_files("#id_meeting-minutes", str(minutes))
    submit(page, 'form[action$="/council/meetings/"]')
    meetings = page.locator("#meetings").inner_text()
    assert "計画素案について" in meetings and "議事録.pdf" in meetings
    check(page, "council page with a member and a meeting")
    assert PlanCouncilMember.objects.count() == 1 and PlanCouncilMeeting.objects.count() == 1

    # The bureau reads the council, advises on it, and sees the revision to do on the matrix.
    sign_in(page, live_server, officer)
    page.goto(council_url)
    check(page, "council page (bureau, read only)")
    assert page.locator('form[action$="/council/members/"]').count() == 0
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    council = plan.council
    page.select_option("#id_advice-section", f"council-{council.pk}")
    page.check("#id_advice-kind_1")  # 提案
    page.fill("#id_advice-body", "住民代表を委員に加えてはいかがでしょうか。")
    submit(page, 'form[action$="/advice/"]')
    advice = Advice.objects.get()
    assert "住民代表を委員に加えては" in page.locator(f"#advice-{advice.pk}").inner_text()
    check(page, "plan page with advice (bureau)")
    page.goto(f"{live_server.url}/casebook/plans/matrix/")
    assert page.locator("td .tag").count() >= 1
    check(page, "matrix with the revision to do")

    # The municipality answers the advice.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.fill(f"#id_answer-{advice.pk}-answer", "次回の改選で公募委員を加えます。")
    submit(page, f'form[action$="/advice/{advice.pk}/answer/"]')
    advice.refresh_from_db()
    assert advice.answer == "次回の改選で公募委員を加えます。"
    assert "次回の改選で公募委員を加えます。" in page.locator(f"#advice-{advice.pk}").inner_text()
    check(page, "plan page with the answer (staff)")
