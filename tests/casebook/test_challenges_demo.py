"""`make run` loads demo challenges, a liaison meeting with public minutes and plans."""

import io

import pytest
from django.core.management import call_command

from casebook.models import (
    ActionItem,
    Challenge,
    ChallengeEcho,
    ChallengeStatus,
    LiaisonMeeting,
    Plan,
    StrategyMeetingAttendance,
)

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    assert Challenge.objects.count() == 4
    answered = Challenge.objects.get(theme__code="migration", municipality_id="011002")
    assert answered.response and answered.links.count() == 1
    assert answered.status == ChallengeStatus.MATCHED
    meeting = LiaisonMeeting.objects.get()
    assert meeting.minutes_public
    assert ActionItem.objects.get().owner.email == "sapporo@demo.example.jp"
    assert Plan.objects.count() == 3
    # #22 point 2: 札幌市's transport plan has its council, a revision date and advice.
    transport = Plan.objects.get(title="札幌市地域公共交通計画")
    assert transport.council.members.count() == 2 and transport.council.meetings.count() == 1
    assert transport.next_revision_due is not None
    assert transport.strategy.kind == "plan" and transport.strategy.measures.count() == 1
    # #22 point 3: 江別市 has the same challenge as 札幌市's shared one; the bureau attended.
    assert answered.sharing == "region"
    echo = ChallengeEcho.objects.get()
    assert echo.challenge == answered and echo.own_challenge.municipality_id == "012173"
    assert StrategyMeetingAttendance.objects.get().attendees.count() == 1
