"""`make run` loads the demo (`manage.py load_demo`): one account per role and content in
every pillar, and loading it a second time adds nothing.

The demo is loaded twice once for this module (it takes seconds, most of it the photos'
renditions), inside a transaction of the module: each test's own transaction nests in it
and is rolled back, so every test reads the same demo, loaded twice, and what a test does
(a 決裁 approved, a member signed in) is gone for the next. The pillars' checks are here
rather than beside their other tests so that the demo is loaded once for all of them.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from portal.models import Event, Kessai, Role, User
from portal.registry import todos_for

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_twice")]


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The rows of every model after the first load and after the second."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            once = _counts()
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            yield {"once": once, "twice": _counts()}
        finally:
            transaction.set_rollback(True)


def test_loading_the_demo_again_adds_nothing(demo):
    grown = {
        label: (count, demo["twice"][label])
        for label, count in demo["once"].items()
        if demo["twice"][label] != count
    }
    assert grown == {}
    assert demo["once"]["grants.Application"] > 0  # it did load


# --- The kernel: accounts, grants, the 決裁 waiting for the head of bureau -------------------


def test_every_role_has_an_account_and_the_grants_are_at_each_stage(demo):
    from grants.models import Allocation, Application, Call

    roles = set(
        User.objects.filter(email__endswith="@demo.example.jp").values_list("role", flat=True)
    )
    assert {Role.MUNICIPAL, Role.BUREAU, Role.HQ, Role.ADVISOR, Role.NONE} <= roles
    assert User.objects.get(email="sapporo@demo.example.jp").check_password("demo-pass-2026")
    assert Call.objects.open_now().filter(bureau__code="ishikari").count() == 1
    assert Allocation.objects.filter(bureau__code="oshima").count() == 1
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted"} <= statuses
    assert Application.objects.count() == 4
    # One 交付決定 drafted by the officer waits in the 局長's 決裁箱 (#20).
    kessai = Kessai.objects.get()
    assert (kessai.status, kessai.drafted_by.email) == (
        "in_progress",
        "ishikari-officer@demo.example.jp",
    )
    # An application is tagged with a measure of a strategy (#21).
    assert Application.objects.filter(measures__isnull=False).exists()


def test_the_demo_head_of_bureau_decides_the_drafted_grant(
    demo, client, django_capture_on_commit_callbacks
):
    kessai = Kessai.objects.get()
    client.force_login(User.objects.get(email="ishikari-kyokucho@demo.example.jp"))
    box = client.get(reverse("portal:kessai_box")).content.decode()
    assert "市民協働まちづくり推進事業" in box
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:kessai_detail", args=[kessai.pk]), {"op": "approve"}, follow=True
        )
    assert any("交付決定" in str(m) for m in response.context["messages"])
    application = kessai.subject
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == ("approved", 500_000)
    assert application.notices.exists()


# --- Grants F2–F4: projects, ふるさと納税, national grants ---------------------------------------


def test_the_demo_has_every_grants_support_feature(demo):
    from grants.models import (
        ConsultationSlot,
        DonationFigure,
        FAQEntry,
        Interest,
        JointCampaign,
        PolicyProject,
        PortalSiteListing,
        SlotBooking,
    )

    assert set(PolicyProject.objects.values_list("status", flat=True)) == {
        "in_progress",
        "completed",
        "evaluated",
    }
    assert FAQEntry.objects.filter(is_published=True).count() == 1
    company = User.objects.get(email="company@demo.example.jp")
    assert company.role == Role.COMPANY
    assert company.check_password("demo-pass-2026")
    assert User.objects.get(email="company-pending@demo.example.jp").role == Role.NONE
    assert set(Interest.objects.values_list("status", flat=True)) == {"accepted", "expressed"}
    assert Event.objects.filter(category="furusato").count() == 3
    # ふるさと納税 consultations and portal sites (#22).
    assert ConsultationSlot.objects.count() == 6
    assert SlotBooking.objects.count() == 1
    assert PortalSiteListing.objects.count() == 3
    assert JointCampaign.objects.count() == 1
    assert DonationFigure.objects.count() == 8


# --- Dispatch: the roster, desks, requests at each stage; 協力隊 ------------------------------


def test_the_demo_has_a_roster_desks_and_requests_at_each_stage(demo):
    from dispatch.models import ActivityReport, DispatchDesk, DispatchRequest, Person

    assert Person.objects.count() == 5
    advisor = Person.objects.get(user__email="advisor@demo.example.jp")
    assert advisor.kind == "advisor"
    statuses = sorted(DispatchRequest.objects.values_list("status", flat=True))
    assert statuses == ["assigned", "submitted", "submitted"]
    assert ActivityReport.objects.get().status == "submitted"
    desk = DispatchDesk.objects.get(bureau__code="oshima")
    assert [u.email for u in desk.chief_officers.all()] == ["oshima-officer@demo.example.jp"]


def test_the_kyoryokutai_demo_covers_every_stage(demo, client):
    from dispatch.models import Position, Settlement, TrialProgramme, Volunteer

    statuses = set(Position.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published", "closed"}
    assert TrialProgramme.objects.filter(status="published").count() == 2
    assert Event.objects.filter(category="kyoryokutai", is_published=True).count() == 3
    hakodate = Volunteer.objects.filter(municipality__code="012025")
    assert set(hakodate.values_list("status", flat=True)) == {
        "recruiting",
        "active",
        "completed",
        "resigned",
    }
    assert Settlement.objects.filter(volunteer__municipality__code="012025").count() == 1
    # Other towns' former members give HQ's figures several bureaus.
    assert Volunteer.objects.values("bureau").distinct().count() > 1

    # The visitor sees the open positions; the municipality has to-dos; HQ has figures.
    assert client.get(reverse("dispatch:kyoryokutai_position_list")).context["page"].paginator.count
    staff = User.objects.get(email="hakodate@demo.example.jp")
    urls = {item.url for item in todos_for(staff)}
    ending = hakodate.get(name="海野 渚")
    assert reverse("dispatch:kyoryokutai_volunteer_detail", args=[ending.pk]) in urls
    resigned = hakodate.get(status="resigned")
    assert reverse("dispatch:kyoryokutai_settlement", args=[resigned.pk]) in urls
    client.force_login(User.objects.get(email="hq@demo.example.jp"))
    figures = client.get(reverse("dispatch:kyoryokutai_figures"))
    assert figures.status_code == 200
    assert figures.context["table"].total.counts["active"] >= 2


def test_the_demo_member_signs_in_to_their_page(demo, client):
    member = User.objects.get(email="member@demo.example.jp")
    assert member.role == "member"
    assert client.login(email="member@demo.example.jp", password="demo-pass-2026")
    response = client.get(reverse("dispatch:kyoryokutai_member_home"))
    assert response.status_code == 200
    assert "函館市" in response.content.decode()
    assert len([p for p in response.context["periods"] if p.report]) == 2
    client.logout()
    alumni = client.get(reverse("dispatch:kyoryokutai_alumni")).content.decode()
    assert "森（元 函館市協力隊・水産）" in alumni


# --- Casebook: case studies, notices, surveys, challenges, meetings and plans -----------------


def test_the_demo_has_case_studies_and_an_issue(demo):
    from casebook.models import CaseStudy, JournalIssue, Status

    assert CaseStudy.objects.filter(status=Status.PUBLISHED).count() == 12
    assert CaseStudy.objects.filter(status=Status.DRAFT, origin="proposal").count() == 1
    assert CaseStudy.objects.filter(status=Status.REVIEW).count() == 1
    assert JournalIssue.objects.get(number=1).status == "published"


def test_the_demo_has_public_internal_and_draft_notices(demo):
    from casebook.models import Notice, NoticeReceipt, NoticeStatus
    from casebook.selectors.notices import notices_public

    assert Notice.objects.count() == 4
    assert Notice.objects.filter(status=NoticeStatus.DRAFT).count() == 1
    assert notices_public().count() == 2
    to_confirm = Notice.objects.get(requires_confirmation=True)
    assert NoticeReceipt.objects.filter(notice=to_confirm, municipality_id="011002").exists()
    sapporo = User.objects.get(email="sapporo@demo.example.jp")
    assert any(to_confirm.title in item.title for item in todos_for(sapporo))


def test_the_demo_has_an_answered_and_an_unopened_survey(demo):
    from casebook.models import ResponseStatus, Survey, SurveyStatus

    assert Survey.objects.filter(status=SurveyStatus.PUBLISHED).count() == 2
    hq_survey = Survey.objects.get(sender_bureau__isnull=True)
    assert hq_survey.responses.count() == 2
    sapporo = hq_survey.responses.get(municipality__code="011002")
    assert sapporo.status == ResponseStatus.SUBMITTED
    bureau_survey = Survey.objects.get(sender_bureau__code="ishikari")
    waiting = bureau_survey.responses.get(municipality__code="011002")
    assert waiting.status == ResponseStatus.UNOPENED


def test_the_demo_has_challenges_a_meeting_and_plans(demo):
    from casebook.models import (
        ActionItem,
        Challenge,
        ChallengeEcho,
        ChallengeStatus,
        LiaisonMeeting,
        Plan,
        StrategyMeetingAttendance,
    )

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
