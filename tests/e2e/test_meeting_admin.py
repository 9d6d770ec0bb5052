"""The liaison meeting's admin form in Chromium, Japanese UI: the officer records a meeting
with invited municipalities and an action item. The form passes axe (the admin's
filter_horizontal and the action-item inline used to fail it: unlabelled inputs and
aria attributes where they are not allowed)."""

import pytest

from casebook.models import LiaisonMeeting
from tests.casebook.factories_challenges import ActionItemFactory, MeetingFactory
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_the_meeting_form_passes_axe_and_records_invitees(page, live_server):
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    meeting = MeetingFactory(title="石狩地域づくり連携会議")
    ActionItemFactory(meeting=meeting, owner=officer)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", officer.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    page.goto(f"{live_server.url}/admin/casebook/liaisonmeeting/add/")
    assert_accessible(page, "new meeting form")
    page.goto(f"{live_server.url}/admin/casebook/liaisonmeeting/{meeting.pk}/change/")
    assert_accessible(page, "meeting form with an action item")

    invited = page.locator("[data-picker]").first
    invited.get_by_label("名前で絞り込む").fill("江別")
    invited.get_by_label("江別市").check()
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert_accessible(page, "meeting saved")
    codes = set(
        LiaisonMeeting.objects.get(pk=meeting.pk).invited_municipalities.values_list(
            "pk", flat=True
        )
    )
    assert codes == {"011002", "012173"}
