"""The permission matrix, generated from the URL configuration and the admin.

Every named URL and every model registered in the admin must appear here: in MATRIX (with
what each role gets), in PUBLIC (the same for everyone) or in EXEMPT (with the reason). A
new URL or admin model that the matrix does not cover fails
``test_every_url_is_covered`` / ``test_every_admin_model_is_covered``.

The objects are owned by 札幌市 (石狩振興局). The roles: anonymous; staff of the owning
municipality; of another municipality of the same bureau (江別市); of another bureau's
municipality (函館市); an officer of the owning bureau and of another bureau; HQ; an advisor
(the person assigned, where a page has one); a company (the company that expressed interest,
where a page has one); a cooperative; a 協力隊 member (of 札幌市's register where a page is
about their own entry). Out of scope is 404, never 403 (no existence leak).
A URL may have more than one case (a draft, minutes not made public): the key adds the
variant in brackets. On a list, a case may also say whose page lists the object.

The admin part: ADMIN_MATRIX gives, for each model, a builder of one object of 札幌市 /
石狩振興局 and what each role gets on the changelist (the object listed or not) and on its
change page; ADMIN_EXEMPT lists the global models (reference data, shared registers,
third-party accounts), which are only checked to keep users without admin access out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from portal.models import Role
from tests.factories import ConsultationFactory, UserFactory

ROLES = (
    "anonymous",
    "owner",
    "same_bureau_municipality",
    "other_bureau_municipality",
    "owning_bureau_officer",
    "other_bureau_officer",
    "hq",
    "advisor",
    "company",
    "cooperative",
    "member",
)

LOGIN = "login"  # a redirect to the sign-in page


def expect(default, **overrides) -> dict:
    return {role: overrides.get(role, default) for role in ROLES}


# What a page holding one municipality's records gives to each role.
MUNICIPAL_RECORD = expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200)
# A page of the bureau's or HQ's work: officers of the bureau and HQ.
BUREAU_PAGE = expect(
    404, anonymous=LOGIN, owning_bureau_officer=200, other_bureau_officer=200, hq=200
)
SIGNED_IN = expect(200, anonymous=LOGIN)
MUNICIPAL_STAFF_ONLY = expect(
    404, anonymous=LOGIN, owner=200, same_bureau_municipality=200, other_bureau_municipality=200
)
HQ_ONLY = expect(404, anonymous=LOGIN, hq=200)
# Municipal staff, bureau officers and HQ (the roles with a place in the administration).
ADMINISTRATION = expect(200, anonymous=LOGIN, advisor=404, company=404, cooperative=404, member=404)
# Only the staff of the owning municipality (its drafts, its forms).
OWNER_ONLY = expect(404, anonymous=LOGIN, owner=200)
# Only the owning bureau's officers (deciding, assigning).
OWNING_BUREAU_ONLY = expect(404, anonymous=LOGIN, owning_bureau_officer=200)
EVERYONE = expect(200)
# A 連携地域's policy: the officers of its bureaus (石狩振興局 is in 道央) and HQ.
REGION_EDITORS = expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200)
MUNICIPAL_STAFF_ROLES = {
    "owner": 200,
    "same_bureau_municipality": 200,
    "other_bureau_municipality": 200,
}


@dataclass
class Case:
    expected: dict
    kwargs: Callable[[dict], dict] | None = None  # builds the objects, returns URL kwargs
    query: str = ""
    ok: tuple = (200,)  # statuses that count as "allowed" (e.g. a redirect to a form)
    now: dt.datetime | None = None  # the clock while building and requesting, if fixed
    method: str = "get"  # "post" for an action without a page (posted with no data)
    # A list: builds 札幌市's object and returns what only a page listing it holds (its
    # link); ``listed_for`` are the roles whose page lists it, anyone else given the page
    # must not see it.
    listed: Callable[[dict], str] | None = None
    listed_for: tuple = ()
    xfail: str = ""  # a known bug, reported: the case fails until it is fixed (strict)


def _users() -> dict:
    return {
        "owner": UserFactory(sapporo=True),
        "same_bureau_municipality": UserFactory(ebetsu=True),
        "other_bureau_municipality": UserFactory(hakodate=True),
        "owning_bureau_officer": UserFactory(ishikari_officer=True),
        "other_bureau_officer": UserFactory(oshima_officer=True),
        "hq": UserFactory(hq=True),
        "advisor": UserFactory(advisor=True),
        "company": UserFactory(role=Role.COMPANY),
        "cooperative": UserFactory(role=Role.COOPERATIVE),
        # A 協力隊 member; linked to an entry of 札幌市's register by the cases that need it.
        "member": UserFactory(role=Role.MEMBER, email="member@example.jp"),
    }


# --- Kernel ---------------------------------------------------------------------------------


def _consultation(users):
    return {"pk": ConsultationFactory(asker=users["owner"]).pk}


def _attachment(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.services.attachments import attachment_store

    consultation = ConsultationFactory(asker=users["owner"])
    attachment = attachment_store(
        upload=SimpleUploadedFile(
            "a.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
        ),
        owner=consultation,
        uploaded_by=users["owner"],
    )
    return {"pk": attachment.pk}


def _group_request(users):
    from portal.models import AccessRequest

    request = AccessRequest.objects.create(
        user=UserFactory(),
        municipality=users["owner"].municipality,
        role=Role.GROUP,
        group_name="北区まちづくり協議会",
    )
    return {"pk": request.pk}


def _group_invitation(users):
    from portal.services.groups import group_invitation_create

    invitation = group_invitation_create(
        municipality=users["owner"].municipality,
        group_name="北区まちづくり協議会",
        email="kita@example.jp",
        actor=users["owner"],
    )
    return {"pk": invitation.pk}


# --- Grants F1 ------------------------------------------------------------------------------


def _application(users, *, submitted=True):
    from grants.services.applications import application_submit
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory(created_by=users["owner"])
    if submitted:
        application_submit(application=application, actor=users["owner"])
    return application


def _application_pk(users):
    return {"pk": _application(users).pk}


def _draft_pk(users):
    return {"pk": _application(users, submitted=False).pk}


def _draft_section(users):
    return {"pk": _application(users, submitted=False).pk, "section": "overview"}


def _approved(users):
    from grants.services.review import application_approve, application_start_review
    from tests.grants.factories import AllocationFactory

    AllocationFactory()
    application = _application(users)
    application_start_review(application=application, actor=users["owning_bureau_officer"])
    return application_approve(
        application=application, actor=users["owning_bureau_officer"], amount=600_000
    )


def _notice(users):
    return {"pk": _approved(users).notices.get().pk}


# --- Grants F2–F4 ---------------------------------------------------------------------------


def _policy_project(users, **traits):
    from tests.grants.support_factories import PolicyProjectFactory

    return PolicyProjectFactory(**traits)  # 石狩振興局's, serving 札幌市


def _policy_project_pk(users):
    return {"pk": _policy_project(users).pk}


def _finished_project_pk(users):
    return {"pk": _policy_project(users, completed=True).pk}


def _national_programme_pk(users):
    from tests.grants.support_factories import programme

    return {"pk": programme().pk}


def _national_consultation(users, *, answered=False):
    from grants.services.national import national_consultation_open
    from portal.services.consultations import consultation_reply

    consultation = national_consultation_open(
        actor=users["owner"], subject="商店街のキャッシュレス化", question="対象になりますか。"
    )
    if answered:
        consultation_reply(
            consultation=consultation,
            actor=users["owning_bureau_officer"],
            body="地域再生計画に位置付けてください。",
        )
    return consultation


def _national_consultation_pk(users):
    return {"pk": _national_consultation(users).pk}


def _answered_consultation_pk(users):
    return {"pk": _national_consultation(users, answered=True).pk}


def _company(users):
    """The company role's account is an approved company."""
    from tests.grants.support_factories import CompanyFactory

    return CompanyFactory(user=users["company"])


def _company_home(users):
    _company(users)
    return {}


def _support_project(users, **traits):
    from tests.grants.support_factories import SupportProjectFactory

    return SupportProjectFactory(**traits)  # 札幌市's, published


def _support_project_pk(users):
    return {"pk": _support_project(users).pk}


def _interest(users):
    from tests.grants.support_factories import InterestFactory

    return InterestFactory(project=_support_project(users), company=_company(users))


def _interest_pk(users):
    return {"pk": _interest(users).pk}


def _furusato_slot(users):
    from grants.models import ConsultationSlot
    from portal.models import Bureau

    start = timezone.now() + dt.timedelta(days=5)
    return ConsultationSlot.objects.create(
        bureau=Bureau.objects.get(code="ishikari"),
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
        place="石狩振興局",
    )


def _furusato_slot_pk(users):
    return {"pk": _furusato_slot(users).pk}


def _furusato_booking(users):
    from grants.services.furusato_consultations import slot_book

    return slot_book(actor=users["owner"], slot=_furusato_slot(users), topic="返礼品について")


def _furusato_booking_pk(users):
    return {"pk": _furusato_booking(users).pk}


def _furusato_listing(users):
    from grants.models import PortalSiteListing

    return PortalSiteListing.objects.create(
        municipality=users["owner"].municipality, site="choice", starts_on=dt.date(2025, 4, 1)
    )


def _furusato_listing_pk(users):
    return {"pk": _furusato_listing(users).pk}


def _furusato_campaign(users):
    from grants.models import JointCampaign

    campaign = JointCampaign.objects.create(
        bureau=users["owning_bureau_officer"].bureau,
        name="石狩ふるさと納税フェア",
        starts_on=dt.date(2025, 11, 1),
        ends_on=dt.date(2025, 11, 30),
    )
    campaign.municipalities.set([users["owner"].municipality])
    return campaign


def _furusato_figure(users):
    from grants.models import DonationFigure

    return DonationFigure.objects.create(
        municipality=users["owner"].municipality, fiscal_year=2025, amount=1000, count=10
    )


# --- Dispatch H1/H2 -------------------------------------------------------------------------

# The sessions of the dispatch objects are in July 2026: fix the clock after them, as
# tests/dispatch/conftest.py's ``now_after_sessions`` does.
AFTER_SESSIONS = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def _person(users):
    """The advisor role's account is on the roster."""
    from tests.dispatch.factories import PersonFactory

    return PersonFactory(
        user=users["advisor"],
        skill_codes=["dx-strategy", "online-procedures", "cloud"],
        available=(dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
    )


def _dispatch(users, *, session=False, report=False, notice=False) -> dict:
    """札幌市's request, assigned to the advisor; with a held session, its report by the
    advisor and the dispatch notice when asked (as tests/dispatch/test_scoping.py builds
    them; only what the page needs, the notice's PDF takes a while)."""
    from dispatch.services import notices, reports
    from tests.dispatch.factories import assigned_request, held_session

    person = _person(users)
    officer = users["owning_bureau_officer"]
    data = {"request": assigned_request(users["owner"], officer, person), "person": person}
    if session or report:
        data["session"] = held_session(data["request"], officer, person)
    if report:
        data["report"] = reports.activity_report_submit(
            session=data["session"], actor=users["advisor"], summary="報告", hours=3
        )
    if notice:
        notices.dispatch_notice_issue(request=data["request"], actor=officer)
    return data


def _dispatch_request_pk(users):
    return {"pk": _dispatch(users)["request"].pk}


def _dispatch_reported_request_pk(users):
    return {"pk": _dispatch(users, report=True)["request"].pk}


def _dispatch_assignment_pk(users):
    return {"pk": _dispatch(users)["request"].assignments.get().pk}


def _dispatch_notice_pk(users):
    return {"pk": _dispatch(users, notice=True)["request"].notices.get().pk}


def _dispatch_session_pk(users):
    return {"pk": _dispatch(users, session=True)["session"].pk}


def _dispatch_report_pk(users):
    return {"pk": _dispatch(users, report=True)["report"].pk}


def _dispatch_returned_report_pk(users):
    from dispatch.services.reports import activity_report_return

    data = _dispatch(users, report=True)
    report = activity_report_return(
        report=data["report"], actor=users["owner"], reason="時間を確認してください。"
    )
    return {"pk": report.pk}


def _dispatch_person_pk(users):
    return {"pk": _person(users).pk}


def _dispatch_draft_pk(users):
    from tests.dispatch.factories import draft_request

    return {"pk": draft_request(users["owner"]).pk}


def _dispatch_submitted(users):
    from tests.dispatch.factories import submitted_request

    return submitted_request(users["owner"])


def _dispatch_submitted_pk(users):
    return {"pk": _dispatch_submitted(users).pk}


def _dispatch_decide(users):
    return {"pk": _dispatch_submitted(users).pk, "action": "approve"}


# In a request's scope (its municipality, its bureau, HQ, the person assigned), who may not
# take a step is sent back to the request or session with a message (302); out of it, 404.
DISPATCH_SCOPE = ("owner", "owning_bureau_officer", "hq", "advisor")


def dispatch_step(*allowed, scope=DISPATCH_SCOPE) -> dict:
    return expect(404, anonymous=LOGIN, **{r: 200 if r in allowed else 302 for r in scope})


def _sapporo(users):
    return {"code": "011002"}


# --- Dispatch H3 (地域おこし協力隊) ---------------------------------------------------------
# 札幌市's postings and register entries, made through the services by its own staff, as
# tests/dispatch/test_kyoryokutai_factories.py does.


# A draft on the public portal: those who manage it see it; to anyone else, signed in or
# not, it does not exist.
DRAFT_POSTING = expect(404, owner=200, owning_bureau_officer=200, hq=200)


def _kyoryokutai_position(users, *, state="published"):
    from tests.dispatch.test_kyoryokutai_factories import SAPPORO, make_position

    return make_position(SAPPORO, actor=users["owner"], state=state)


def _kyoryokutai_position_pk(users):
    return {"pk": _kyoryokutai_position(users).pk}


def _kyoryokutai_draft_position_pk(users):
    return {"pk": _kyoryokutai_position(users, state="draft").pk}


def _kyoryokutai_draft_position_edit(users):
    return {"kind": "positions", **_kyoryokutai_draft_position_pk(users)}


def _kyoryokutai_trial(users, *, state="published"):
    from tests.dispatch.test_kyoryokutai_factories import SAPPORO, make_trial

    return make_trial(SAPPORO, actor=users["owner"], state=state)


def _kyoryokutai_trial_pk(users):
    return {"pk": _kyoryokutai_trial(users).pk}


def _kyoryokutai_draft_trial_pk(users):
    return {"pk": _kyoryokutai_trial(users, state="draft").pk}


def _kyoryokutai_positions_kind(users):
    return {"kind": "positions"}


def _volunteer(users, state="active"):
    from tests.dispatch.test_kyoryokutai_factories import make_volunteer

    return make_volunteer(users["owner"], state=state)


def _volunteer_pk(users):
    return {"pk": _volunteer(users).pk}


def _volunteer_resign_step(users):
    return {"pk": _volunteer(users).pk, "step": "resign"}


def _resigned_volunteer_pk(users):
    return {"pk": _volunteer(users, state="resigned").pk}


def _settled_volunteer_pk(users):
    from tests.dispatch.test_kyoryokutai_factories import settle

    volunteer = _volunteer(users, state="resigned")
    settle(volunteer, users["owner"])
    return {"pk": volunteer.pk}


def _member_entry(users, state="active", **extra):
    """An entry of 札幌市's register whose member is ``users["member"]`` (invited, accepted)."""
    from dispatch.services.volunteer_members import member_invite
    from portal.services.groups import group_invitation_accept
    from tests.dispatch.test_kyoryokutai_factories import make_volunteer

    volunteer = make_volunteer(users["owner"], state=state, **extra)
    # The invitation goes to an address without a role; accepting gives the member role.
    users["member"].role = Role.NONE
    users["member"].save(update_fields=["role"])
    invitation = member_invite(volunteer=volunteer, email="member@example.jp", actor=users["owner"])
    group_invitation_accept(invitation=invitation, user=users["member"])
    users["member"].refresh_from_db()
    volunteer.refresh_from_db()
    return volunteer


def _member_home(users):
    _member_entry(users)
    return {}


def _member_report_pk(users):
    from dispatch.services.volunteer_members import member_report_file

    volunteer = _member_entry(users)
    report = member_report_file(
        volunteer=volunteer,
        actor=users["member"],
        period_start=volunteer.term_start,
        activities="移住相談会の運営",
    )
    return {"pk": report.pk}


def _member_invitation_resend(users):
    from dispatch.services.volunteer_members import member_invite

    volunteer = _volunteer(users)
    member_invite(volunteer=volunteer, email="invitee@example.jp", actor=users["owner"])
    return {"pk": volunteer.pk, "op": "resend"}


def _listed_alumnus_name(users):
    import datetime as dt

    from dispatch.services.volunteer_members import member_alumni_save
    from tests.dispatch.test_kyoryokutai_factories import today

    volunteer = _member_entry(
        users,
        state="completed",
        term_start=today() - dt.timedelta(days=1100),
        term_end=today() - dt.timedelta(days=10),
    )
    member_alumni_save(
        volunteer=volunteer, actor=users["member"], alumni_listed=True, alumni_name="札幌のOB"
    )
    return "札幌のOB"


# The member's own pages: the member; anyone else gets 404.
MEMBER_ONLY = expect(404, anonymous=LOGIN, member=200)


# What a list shows of the objects above: their links.
IN_SCOPE = ("owner", "owning_bureau_officer", "hq")


def _draft_position_link(users):
    position = _kyoryokutai_position(users, state="draft")
    return reverse("dispatch:kyoryokutai_position_detail", args=[position.pk])


def _draft_trial_link(users):
    trial = _kyoryokutai_trial(users, state="draft")
    return reverse("dispatch:kyoryokutai_trial_detail", args=[trial.pk])


def _volunteer_link(users):
    return reverse("dispatch:kyoryokutai_volunteer_detail", args=[_volunteer(users).pk])


def _unpublished_event_link(users):
    from tests.dispatch.test_kyoryokutai_factories import make_event

    return reverse("portal:event_detail", args=[make_event(is_published=False).pk])


# --- Casebook I1/I4: challenges, liaison meetings, plans ------------------------------------
# 札幌市's challenge and plan; a meeting of 石狩振興局 to which 札幌市 (only) was invited.


def _challenge(users):
    from tests.casebook.factories_challenges import ChallengeFactory

    return ChallengeFactory()


def _challenge_pk(users):
    return {"pk": _challenge(users).pk}


def _shared_challenge(users):
    """札幌市's challenge shared with 石狩振興局's municipalities (江別市 is a neighbour)."""
    from tests.casebook.factories_challenges import ChallengeFactory

    return ChallengeFactory(sharing="bureau")


def _shared_challenge_pk(users):
    return {"pk": _shared_challenge(users).pk}


def _shared_challenge_link(users):
    return reverse("casebook:shared_challenge_detail", args=[_shared_challenge(users).pk])


def _echoed_challenge_pk(users):
    """A shared challenge 江別市 has already said it has too (for the undo)."""
    from casebook.models import ChallengeEcho

    challenge = _shared_challenge(users)
    ChallengeEcho.objects.create(
        challenge=challenge, municipality=users["same_bureau_municipality"].municipality
    )
    return {"pk": challenge.pk}


def _sapporo_code(users):
    return {"code": "011002"}


def _strategy_attendance(users):
    from casebook.models import StrategyMeetingAttendance

    municipality = users["owner"].municipality
    return StrategyMeetingAttendance.objects.create(
        municipality=municipality,
        bureau=municipality.bureau,
        date=dt.date(2026, 11, 5),
        meeting_name="総合戦略推進会議",
    )


def _meeting(users, **kwargs):
    from tests.casebook.factories_challenges import MeetingFactory

    return MeetingFactory(**kwargs)


def _meeting_pk(users):
    return {"pk": _meeting(users).pk}


def _public_minutes_pk(users):
    return {"pk": _meeting(users, minutes_public=True, minutes_published_at=timezone.now()).pk}


def _action_item_pk(users):
    """An open action item of the meeting, owned by a member of 札幌市's staff."""
    from tests.casebook.factories_challenges import ActionItemFactory

    return {"pk": ActionItemFactory(meeting=_meeting(users), owner=users["owner"]).pk}


def _plan(users):
    from tests.casebook.factories_challenges import PlanFactory

    return PlanFactory()


def _plan_pk(users):
    return {"pk": _plan(users).pk}


def _survey(users):
    """A survey of 石狩振興局 published to 札幌市 (the owner) alone."""
    from tests.casebook.factories_surveys import published

    return published(users["owning_bureau_officer"], codes=("011002",))


def _survey_response(users):
    return _survey(users).responses.get()


def _hq_survey(users):
    """HQ's survey published to 札幌市 alone: 石狩振興局 reads it (#19 point 5)."""
    from tests.casebook.factories_surveys import published

    return published(users["hq"], codes=("011002",), title="本庁の調査")


def _hq_survey_response(users):
    return _hq_survey(users).responses.get()


def _survey_response_pk(users):
    return {"pk": _survey_response(users).pk}


def _survey_response_link(users):
    return reverse("casebook:survey_answer", args=[_survey_response(users).pk])


def _challenge_link(users):
    return _challenge(users).get_absolute_url()


def _meeting_link(users):
    return _meeting(users).get_absolute_url()


def _private_minutes_link(users):
    return reverse("casebook:minutes_detail", args=[_meeting(users).pk])


def _plan_link(users):
    return _plan(users).get_absolute_url()


def _sapporo_option(users):
    return '<option value="011002">'


def _plan_step(users):
    return {**_plan_pk(users), "action": "adopt"}


def _plan_council(users):
    from casebook.services.plan_councils import council_save

    plan = _plan(users)
    return council_save(plan=plan, actor=users["owner"], data={"name": "札幌市交通協議会"})


def _plan_council_pk(users):
    return {"pk": _plan_council(users).plan_id}


def _plan_council_member(users):
    from casebook.services.plan_councils import member_add

    council = _plan_council(users)
    member = member_add(council=council, actor=users["owner"], data={"name": "委員A"})
    return {"pk": council.plan_id, "member_pk": member.pk}


def _plan_advice(users):
    from portal.services.advice import advice_give

    plan = _plan(users)
    advice = advice_give(
        owner=plan,
        section=plan,
        kind="question",
        body="確認",
        actor=users["owning_bureau_officer"],
    )
    return {"pk": plan.pk, "advice_pk": advice.pk}


# --- Casebook I2: the case-study library and the journal -----------------------------------
# 札幌市's case studies (石狩振興局's drafts until published), the journal's issues, HQ's.

# A draft case study: the owning municipality (it proposed it), its bureau and HQ preview
# it; to anyone else it does not exist.
DRAFT_CASE_STUDY = expect(404, owner=200, owning_bureau_officer=200, hq=200)
# A draft issue of the journal: HQ only.
DRAFT_ISSUE = expect(404, hq=200)


def _case_study(users, *, published=False):
    from tests.casebook.factories import CaseStudyFactory

    return CaseStudyFactory(published=published, title="未公開事例 商店街の再生")


def _case_study_pk(users):
    return {"pk": _case_study(users, published=True).pk}


def _draft_case_study_pk(users):
    return {"pk": _case_study(users).pk}


def _draft_case_study_link(users):
    return _case_study(users).get_absolute_url()


def _draft_case_study_title(users):
    return _case_study(users).title


def _published_case_study_link(users):
    return _case_study(users, published=True).get_absolute_url()


def _published_case_study_title(users):
    return _case_study(users, published=True).title


def _photo(users, *, published=False):
    from casebook.models import CaseStudy, Status
    from casebook.services.photos import photo_add
    from tests.casebook.factories import jpeg

    case_study = _case_study(users)
    photo = photo_add(
        upload=jpeg(400, 300), actor=users["owning_bureau_officer"], case_study=case_study, alt="x"
    )
    if published:
        CaseStudy.objects.filter(pk=case_study.pk).update(
            status=Status.PUBLISHED, published_at=timezone.now()
        )
    return photo


def _photo_pk(users):
    return {"pk": _photo(users, published=True).pk, "width": 320}  # made on commit


def _draft_photo_pk(users):
    return {"pk": _photo(users).pk, "width": 320}


def _issue(users, *, published=True):
    from tests.casebook.factories import JournalIssueFactory

    issue = JournalIssueFactory(number=7, status="published" if published else "draft")
    issue.articles.create(order=1, kind="feature", title="巻頭言", lead="はじめに", body="本文")
    return issue


def _issue_number(users):
    return {"number": _issue(users).number}


def _draft_issue_number(users):
    return {"number": _issue(users, published=False).number}


def _article(users, published=True):
    issue = _issue(users, published=published)
    return {"number": issue.number, "pk": issue.articles.get().pk}


def _draft_issue_link(users):
    return _issue(users, published=False).get_absolute_url()


# --- Casebook I3: cooperatives -------------------------------------------------------------
# The cooperative role's account is a cooperative with its office and main municipality in
# 札幌市 (石狩振興局); "another cooperative" is one of 当別町 (石狩振興局 too).

SAPPORO_AREA = ("011002", "012173")
COOPERATIVE_SCOPE = expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200, cooperative=200)
COOPERATIVE_ONLY = expect(404, anonymous=LOGIN, cooperative=200)


def _cooperative(users, *, user=None, name="さっぽろ地域づくり事業協同組合", office="011002"):
    from casebook.services import cooperative_decisions as decisions
    from casebook.services import cooperatives as services
    from portal.models import Municipality

    user = user or users["cooperative"]
    user.role = Role.NONE  # an account registers its cooperative before it has the role
    user.save(update_fields=["role"])
    coop = services.cooperative_register(
        user=user,
        name=name,
        name_kana="サッポロ",
        corporate_number="",
        address="北海道札幌市中央区北1条西2丁目",
        municipality=Municipality.objects.get(code=office),
        representative="代表理事 山田 太郎",
        contact_phone="011-000-0000",
    )
    coop = decisions.cooperative_approve(cooperative=coop, actor=users["hq"])
    user.refresh_from_db()
    return coop


def _other_cooperative(users):
    return _cooperative(
        users, user=UserFactory(), name="とうべつ地域づくり事業協同組合", office="013030"
    )


def _coop_application(users, *, coop=None, state="submitted"):
    from casebook.services import cooperative_decisions as decisions
    from casebook.services import cooperatives as services
    from tests.casebook import cooperative_helpers as helpers

    coop = coop or _cooperative(users)
    if state == "draft":
        application = services.application_start(cooperative=coop, actor=coop.user, kind="initial")
        return helpers.fill(application, area=SAPPORO_AREA)
    application = helpers.submitted(coop, area=SAPPORO_AREA)
    if state == "certified":
        application = helpers.forwarded(application, users["owning_bureau_officer"])
        application = decisions.application_certify(application=application, actor=users["hq"])
        coop.refresh_from_db()
    return application


def _certified_cooperative(users, **kwargs):
    coop = _cooperative(users, **kwargs)
    _coop_application(users, coop=coop, state="certified")
    coop.refresh_from_db()
    return coop


def _coop_application_pk(users):
    return {"pk": _coop_application(users).pk}


def _coop_draft_pk(users):
    return {"pk": _coop_application(users, state="draft").pk}


def _coop_draft_section(users):
    return {**_coop_draft_pk(users), "section": "organisation"}


def _other_coop_application_pk(users):
    return {"pk": _coop_application(users, coop=_other_cooperative(users)).pk}


def _coop_certified_application_pk(users):
    return {"pk": _coop_application(users, state="certified").pk}


def _coop_notification(users):
    from casebook.services.cooperative_changes import notification_create

    coop = _certified_cooperative(users)
    return notification_create(
        cooperative=coop,
        actor=coop.user,
        kind="name",
        changed_on=timezone.localdate(),
        new_value="さっぽろ未来地域づくり事業協同組合",
    )


def _coop_notification_pk(users):
    return {"pk": _coop_notification(users).pk}


def _coop_annual_report(users):
    from casebook.services.cooperative_changes import annual_report_submit
    from tests.casebook.cooperative_helpers import pdf

    coop = _certified_cooperative(users)
    return annual_report_submit(
        cooperative=coop, actor=coop.user, fiscal_year=2025, summary="報告", uploads=[pdf()]
    )


def _approved_cooperative_home(users):
    _cooperative(users)
    return {}


def _certified_cooperative_home(users):
    _certified_cooperative(users)
    return {}


def _certified_cooperative_pk(users):
    return {"pk": _certified_cooperative(users).pk}


def _uncertified_cooperative_pk(users):
    return {"pk": _cooperative(users).pk}


def _uncertified_cooperative_name(users):
    return _cooperative(users).name


def _certified_cooperative_name(users):
    return _certified_cooperative(users).name


def _uncertified_register_link(users):
    return reverse("casebook:cooperative_register_detail", args=[_cooperative(users).pk])


# --- Casebook I2: notices (お知らせ・事務連絡) ---------------------------------------------
# Sent by 石狩振興局 to its municipalities (札幌市 and 江別市 among them, not 函館市).

# An internal notice: its recipients' staff, the sending bureau and HQ read it; to anyone
# else, signed in or not, it does not exist.
INTERNAL_NOTICE = expect(
    404, owner=200, same_bureau_municipality=200, owning_bureau_officer=200, hq=200
)


def _notice_sent(users, **kwargs):
    from tests.casebook.notice_helpers import sent

    return sent(users["owning_bureau_officer"], **kwargs)


def _public_notice_pk(users):
    return {"pk": _notice_sent(users, public=True).pk}


def _internal_notice_pk(users):
    return {"pk": _notice_sent(users, confirm=True).pk}


def _internal_notice_link(users):
    return _notice_sent(users, title="管内限りの事務連絡").get_absolute_url()


def _admin_notice_of_bureau(users):
    return _notice_sent(users)


# --- Kernel: strategies (#21) ---------------------------------------------------------------
# 札幌市's 総合戦略 (its staff edit it; 石狩振興局 and HQ read and advise) and the policy of
# 道央広域連携地域 (石狩振興局's region: its officers and HQ edit it; 渡島's do not).


def _strategy(users, *, publish=False):
    from tests.portal.strategies import build

    return build(users["owner"], publish=publish)


def _strategy_pk(users):
    return {"pk": _strategy(users)[0].pk}


def _published_strategy_pk(users):
    return {"pk": _strategy(users, publish=True)[0].pk}


def _strategy_link(users):
    return _strategy(users)[0].get_absolute_url()


def _regional_policy_pk(users):
    from portal.models import StrategyKind
    from tests.portal.strategies import build

    return {"pk": build(users["owning_bureau_officer"], kind=StrategyKind.REGIONAL)[0].pk}


def _published_policy_code(users):
    from portal.models import StrategyKind
    from tests.portal.strategies import build

    policy = build(users["owning_bureau_officer"], kind=StrategyKind.REGIONAL, publish=True)[0]
    return {"code": policy.region.code}


def _strategy_goal(users):
    strategy, goal, *_ = _strategy(users)
    return {"pk": strategy.pk, "goal_pk": goal.pk}


def _strategy_measure(users):
    strategy, _goal, measure, _kpi = _strategy(users)
    return {"pk": strategy.pk, "measure_pk": measure.pk}


def _strategy_kpi(users):
    strategy, *_, kpi = _strategy(users)
    return {"pk": strategy.pk, "kpi_pk": kpi.pk}


def _strategy_remove(users):
    strategy, *_, kpi = _strategy(users)
    return {"pk": strategy.pk, "kind": "kpi", "part_pk": kpi.pk}


def _strategy_step(users):
    return {**_strategy_pk(users), "action": "publish"}


def _strategy_advice(users):
    from portal.services.advice import advice_give

    strategy = _strategy(users)[0]
    advice = advice_give(
        owner=strategy,
        section=strategy,
        kind="point",
        body="基準値の出典を",
        actor=users["owning_bureau_officer"],
    )
    return {"pk": strategy.pk, "advice_pk": advice.pk}


# --- Kernel: units and the shared inbox (#20) ------------------------------------------------


def _sapporo_unit(users):
    from tests.factories import UnitFactory

    return UnitFactory(name="企画課")


def _owner_as_org_admin(users):
    users["owner"].is_org_admin = True
    users["owner"].save(update_fields=["is_org_admin"])


def _sapporo_unit_pk(users):
    return {"pk": _sapporo_unit(users).pk}


def _sapporo_unit_pk_admin(users):
    _owner_as_org_admin(users)
    return _sapporo_unit_pk(users)


def _sapporo_colleague_pk(users):
    return {"pk": UserFactory(sapporo=True).pk}


def _sapporo_colleague_pk_admin(users):
    _owner_as_org_admin(users)
    return _sapporo_colleague_pk(users)


def _owner_in_a_unit(users):
    users["owner"].unit = _sapporo_unit(users)
    users["owner"].save(update_fields=["unit"])
    return {}


# A page only a municipality's administrator uses: other staff of the municipality are
# refused (403: the organisation page is theirs to read), everyone else gets 404.
ORG_ADMIN_ONLY = expect(
    404,
    anonymous=LOGIN,
    owner=403,
    same_bureau_municipality=403,
    other_bureau_municipality=403,
)
# The same page, of 札幌市's unit or colleague: other municipalities' staff get 404.
OWN_ORG_ADMIN_ONLY = expect(404, anonymous=LOGIN, owner=403)
# --- Kernel: the April rotation (人事異動, #20) --------------------------------------------
# 札幌市's staff member ("owner") is made its organisation administrator; the batch is theirs.


def _sapporo_org_admin(users) -> dict:
    users["owner"].is_org_admin = True
    users["owner"].save(update_fields=["is_org_admin"])
    return {}


def _rotation_batch(users):
    from portal.models import RosterBatch

    _sapporo_org_admin(users)
    return RosterBatch.objects.create(
        municipality=users["owner"].municipality,
        effective_date=timezone.localdate() + dt.timedelta(days=30),
        prepared_by=users["owner"],
    )


def _rotation_batch_pk(users):
    return {"pk": _rotation_batch(users).pk}


def _rotation_hq_batch_pk(users):
    from portal.models import RosterBatch

    _sapporo_org_admin(users)
    batch = RosterBatch.objects.create(
        effective_date=timezone.localdate() + dt.timedelta(days=30), prepared_by=users["hq"]
    )
    return {"pk": batch.pk}


def _rotation_move(users):
    from portal.models import RosterMove

    batch = _rotation_batch(users)
    move = RosterMove.objects.create(batch=batch, row_number=2, email="nobody@example.jp")
    return {"pk": batch.pk, "move_pk": move.pk}


def _rotation_step(users):
    return {**_rotation_batch_pk(users), "action": "schedule"}


ORG_ADMIN = expect(404, anonymous=LOGIN, owner=200)
ORG_ADMIN_OR_HQ = expect(404, anonymous=LOGIN, owner=200, hq=200)


# --- 決裁 (#20) ------------------------------------------------------------------------------


def _kessai(users):
    """札幌市's application submission drafted for its 首長's approval."""
    from portal.models import Position
    from portal.services.kessai import kessai_draft

    application = _application(users, submitted=False)
    UserFactory(sapporo=True, position=Position.HEAD)
    kessai = kessai_draft(
        obj=application,
        kind="grants.application_submit",
        action="submit",
        title="交付申請の提出",
        municipality_id=application.municipality_id,
        bureau_id=None,
        payload={},
        steps=[{"order": 1, "position": Position.HEAD, "unit_id": None}],
        actor=users["owner"],
    )
    return {"pk": kessai.pk}


def _admin_approval_route(users):
    from portal.models import Position
    from portal.services.kessai_routes import approval_route_set

    return approval_route_set(
        kind="grants.application_approve",
        bureau_id=users["owning_bureau_officer"].bureau_id,
        steps=[{"position": Position.HEAD, "unit_id": None}],
        actor=users["hq"],
    )


# The organisation's own drafts: its staff, and HQ reading.
OWN_KESSAI = expect(404, anonymous=LOGIN, owner=200, hq=200)
# A municipality's routes: its administrator (plain staff are refused, 403); others 404.
MUNICIPAL_ADMIN_PAGE = ORG_ADMIN_ONLY


MATRIX: dict[str, Case] = {
    "portal:mypage": Case(SIGNED_IN),
    # 自分の申請・依頼: municipal staff (their own municipality's work); others go to my page.
    "portal:my_work": Case(
        expect(
            302,
            anonymous=LOGIN,
            owner=200,
            same_bureau_municipality=200,
            other_bureau_municipality=200,
        )
    ),
    "portal:notification_list": Case(SIGNED_IN),
    # Units (#20): the shared inbox of one's unit; the organisation page of a municipality.
    "portal:unit_inbox": Case(OWNER_ONLY, _owner_in_a_unit),
    "portal:organisation_detail": Case(MUNICIPAL_STAFF_ONLY),
    "portal:unit_create": Case(ORG_ADMIN_ONLY),
    "portal:unit_create [administrator]": Case(
        {**ORG_ADMIN_ONLY, "owner": 200}, lambda users: _owner_as_org_admin(users) or {}
    ),
    "portal:unit_edit": Case(OWN_ORG_ADMIN_ONLY, _sapporo_unit_pk),
    "portal:unit_edit [administrator]": Case(OWNER_ONLY, _sapporo_unit_pk_admin),
    "portal:unit_set_active": Case(OWN_ORG_ADMIN_ONLY, _sapporo_unit_pk, method="post"),
    "portal:unit_set_active [administrator]": Case(
        {**OWN_ORG_ADMIN_ONLY, "owner": 302}, _sapporo_unit_pk_admin, method="post"
    ),
    "portal:member_place": Case(OWN_ORG_ADMIN_ONLY, _sapporo_colleague_pk),
    "portal:member_place [administrator]": Case(OWNER_ONLY, _sapporo_colleague_pk_admin),
    # The April rotation (#20): a municipality's administrator for its own staff, HQ for
    # bureau and HQ staff; everyone else 404.
    "portal:rotation_list": Case(ORG_ADMIN_OR_HQ, _sapporo_org_admin),
    "portal:rotation_create": Case(ORG_ADMIN_OR_HQ, _sapporo_org_admin),
    "portal:rotation_template": Case(ORG_ADMIN_OR_HQ, _sapporo_org_admin),
    "portal:rotation_detail": Case(ORG_ADMIN, _rotation_batch_pk),
    "portal:rotation_detail [hq]": Case(HQ_ONLY, _rotation_hq_batch_pk),
    # Posted with no file: the page again with the error on the form.
    "portal:rotation_upload": Case(ORG_ADMIN, _rotation_batch_pk, method="post"),
    "portal:rotation_move_create": Case(ORG_ADMIN, _rotation_batch_pk),
    "portal:rotation_move_edit": Case(ORG_ADMIN, _rotation_move),
    "portal:rotation_move_remove": Case(
        expect(404, anonymous=LOGIN, owner=302), _rotation_move, method="post"
    ),
    "portal:rotation_step": Case(
        expect(404, anonymous=LOGIN, owner=302), _rotation_step, method="post"
    ),
    "portal:rotation_handover": Case(ORG_ADMIN, _rotation_batch_pk),
    # The drafter's box lists their draft; nobody else's (the approver is another user).
    "portal:kessai_box": Case(
        ADMINISTRATION,
        listed=lambda users: f'href="/kessai/{_kessai(users)["pk"]}/"',
        listed_for=("owner",),
    ),
    "portal:kessai_detail": Case(OWN_KESSAI, _kessai),
    "portal:kessai_pdf": Case(OWN_KESSAI, _kessai),
    "portal:delegation_list": Case(ADMINISTRATION),
    "portal:kessai_route_list": Case(MUNICIPAL_ADMIN_PAGE),
    "portal:kessai_route_edit": Case(
        MUNICIPAL_ADMIN_PAGE, lambda users: {"kind": "grants.application_submit"}
    ),
    "portal:consultation_list": Case(SIGNED_IN),
    "portal:consultation_detail": Case(MUNICIPAL_RECORD, _consultation),
    "portal:consultation_create": Case(MUNICIPAL_STAFF_ONLY),
    # Strategies (#21): the municipality keeps its 総合戦略, the bureau reads and advises;
    # a regional policy is kept by its region's bureaus and HQ.
    "portal:strategy_list": Case(ADMINISTRATION, listed=_strategy_link, listed_for=IN_SCOPE),
    "portal:strategy_create": Case(MUNICIPAL_STAFF_ONLY, lambda users: {"kind": "municipal"}),
    "portal:strategy_create [regional]": Case(BUREAU_PAGE, lambda users: {"kind": "regional"}),
    "portal:strategy_work": Case(MUNICIPAL_RECORD, _strategy_pk),
    "portal:strategy_work [regional]": Case(REGION_EDITORS, _regional_policy_pk),
    "portal:strategy_edit": Case(OWNER_ONLY, _strategy_pk),
    "portal:strategy_edit [regional]": Case(REGION_EDITORS, _regional_policy_pk),
    "portal:goal_create": Case(OWNER_ONLY, _strategy_pk),
    "portal:goal_edit": Case(OWNER_ONLY, _strategy_goal),
    "portal:measure_create": Case(OWNER_ONLY, _strategy_pk),
    "portal:measure_create [regional]": Case(REGION_EDITORS, _regional_policy_pk),
    "portal:measure_edit": Case(OWNER_ONLY, _strategy_measure),
    "portal:kpi_create": Case(OWNER_ONLY, _strategy_measure),
    "portal:kpi_edit": Case(OWNER_ONLY, _strategy_kpi),
    "portal:strategy_part_remove": Case(
        expect(404, anonymous=LOGIN, owner=302), _strategy_remove, method="post"
    ),
    "portal:strategy_step": Case(
        expect(404, anonymous=LOGIN, owner=302), _strategy_step, method="post"
    ),
    # Posted with no data: the page again with the errors, to those who may advise/answer.
    "portal:advice_give": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=400, hq=400),
        _strategy_pk,
        method="post",
    ),
    "portal:advice_answer": Case(
        expect(404, anonymous=LOGIN, owner=400), _strategy_advice, method="post"
    ),
    "portal:strategy_public": Case(EVERYONE, _published_strategy_pk),
    "portal:strategy_public [draft]": Case(expect(404), _strategy_pk),
    # Each region's and municipality's address: its latest published strategy (a redirect).
    "portal:strategy_of_region": Case(expect(302), _published_policy_code),
    "portal:strategy_of_municipality": Case(
        expect(302), lambda users: (_strategy(users, publish=True), {"code": "011002"})[1]
    ),
    # 効果検証 (#21 point 4): the region's bureaus and HQ; the municipality's staff, its
    # bureau and HQ.
    "portal:strategy_region_progress": Case(
        REGION_EDITORS,
        lambda users: (_strategy(users), {"code": "doo"})[1],
        query="fiscal_year=2025",
    ),
    "portal:strategy_municipality_progress": Case(
        MUNICIPAL_RECORD, lambda users: (_strategy(users), {"code": "011002"})[1]
    ),
    "portal:strategy_of_municipality [draft]": Case(
        expect(404), lambda users: (_strategy(users), {"code": "011002"})[1]
    ),
    "portal:attachment_download": Case(
        expect(404, owner=200, owning_bureau_officer=200, hq=200), _attachment
    ),
    # Officers and municipal staff are sent on to their own bureau or municipality page.
    "portal:regional_index": Case(
        expect(302, anonymous=LOGIN, hq=200, advisor=404, company=404, cooperative=404, member=404)
    ),
    "portal:regional_export": Case(BUREAU_PAGE),
    "portal:annual_report": Case(HQ_ONLY),
    # Local groups are their municipality's business: its staff (HQ may stand in on a
    # request or an invitation), never the bureau.
    "portal:group_list": Case(MUNICIPAL_STAFF_ONLY),
    "portal:group_invitation_create": Case(MUNICIPAL_STAFF_ONLY),
    "portal:group_request_detail": Case(
        expect(404, anonymous=LOGIN, owner=200, hq=200), _group_request
    ),
    "portal:group_invitation_resend": Case(
        expect(404, anonymous=LOGIN, owner=302, hq=302), _group_invitation, method="post"
    ),
    "portal:group_invitation_cancel": Case(
        expect(404, anonymous=LOGIN, owner=302, hq=302), _group_invitation, method="post"
    ),
    "grants:application_list": Case(SIGNED_IN),  # lists the user's own applications
    "grants:application_detail": Case(MUNICIPAL_RECORD, _application_pk),
    "grants:application_check": Case(OWNER_ONLY, _draft_pk),
    "grants:application_section": Case(OWNER_ONLY, _draft_section),
    "grants:application_confirmation": Case(MUNICIPAL_RECORD, _application_pk),
    "grants:notice_pdf": Case(MUNICIPAL_RECORD, _notice),
    # Municipal staff are sent to their applications.
    "grants:dashboard": Case(
        expect(
            404,
            anonymous=LOGIN,
            owner=302,
            same_bureau_municipality=302,
            other_bureau_municipality=302,
            owning_bureau_officer=200,
            other_bureau_officer=200,
            hq=200,
        )
    ),
    "grants:export_csv": Case(BUREAU_PAGE),
    "grants:export_xlsx": Case(BUREAU_PAGE),
    "grants:overdue": Case(BUREAU_PAGE),
    # F2: bureau policy projects. The bureau, HQ and the municipalities served read them.
    "grants:project_list": Case(ADMINISTRATION),  # lists each user's scope
    "grants:project_detail": Case(MUNICIPAL_RECORD, _policy_project_pk),
    "grants:project_sheet": Case(MUNICIPAL_RECORD, _policy_project_pk),
    "grants:project_result_detail": Case(EVERYONE, _finished_project_pk),
    # F3: national grants advice. The knowledge base is public; the desk is the bureau's.
    "grants:national_programme_detail": Case(EVERYONE, _national_programme_pk),
    "grants:national_ask": Case(MUNICIPAL_STAFF_ONLY),
    "grants:national_consultation_list": Case(ADMINISTRATION),  # lists each user's scope
    "grants:national_consultation_detail": Case(MUNICIPAL_RECORD, _national_consultation_pk),
    # Published by whoever may answer: the owning bureau and HQ.
    "grants:national_faq_publish": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200),
        _answered_consultation_pk,
    ),
    "grants:company_register": Case(expect(302, anonymous=LOGIN)),
    "grants:company_home": Case(expect(302, anonymous=LOGIN, company=200), _company_home),
    "grants:furusato_project_list": Case(
        expect(200, anonymous=LOGIN, advisor=404, cooperative=404, member=404)
    ),
    "grants:furusato_project_mine": Case(MUNICIPAL_STAFF_ONLY),
    "grants:furusato_project_create": Case(MUNICIPAL_STAFF_ONLY),
    "grants:furusato_project_detail": Case(
        expect(200, anonymous=LOGIN, advisor=404, cooperative=404, member=404), _support_project_pk
    ),
    "grants:furusato_project_edit": Case(OWNER_ONLY, _support_project_pk),
    "grants:interest_detail": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, company=200),
        _interest_pk,
    ),
    "grants:furusato_pipeline": Case(BUREAU_PAGE),
    "grants:furusato_report": Case(BUREAU_PAGE),
    "grants:furusato_report_csv": Case(BUREAU_PAGE),
    "grants:furusato_statistics": Case(HQ_ONLY),
    # ふるさと納税 1:1 consultations and portal sites (#22): a slot of 石狩振興局 is offered
    # to its municipalities; a booking and a listing are 札幌市's.
    "grants:furusato_consultations": Case(MUNICIPAL_STAFF_ONLY),
    "grants:furusato_slot_book": Case(
        expect(404, anonymous=LOGIN, owner=200, same_bureau_municipality=200),
        _furusato_slot_pk,
    ),
    "grants:furusato_booking_ics": Case(MUNICIPAL_RECORD, _furusato_booking_pk),
    "grants:furusato_sites": Case(MUNICIPAL_STAFF_ONLY),
    "grants:furusato_listing_create": Case(MUNICIPAL_STAFF_ONLY),
    "grants:furusato_listing_edit": Case(OWNER_ONLY, _furusato_listing_pk),
    "grants:furusato_figures": Case(ADMINISTRATION),
    "grants:furusato_figure_enter": Case(MUNICIPAL_STAFF_ONLY),
    # Dispatch H1/H2: the advisor is the person assigned to 札幌市's request.
    "dispatch:request_list": Case(SIGNED_IN),  # lists each user's scope
    # Others are sent back to the pillar's page with a message.
    "dispatch:request_start": Case(
        expect(
            302,
            anonymous=LOGIN,
            owner=200,
            same_bureau_municipality=200,
            other_bureau_municipality=200,
        )
    ),
    "dispatch:request_detail": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, advisor=200),
        _dispatch_request_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:request_edit": Case(OWNER_ONLY, _dispatch_draft_pk),
    "dispatch:request_check": Case(OWNER_ONLY, _dispatch_draft_pk),
    "dispatch:request_confirmation": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=302, hq=302),
        _dispatch_submitted_pk,
    ),
    "dispatch:request_withdraw": Case(
        dispatch_step("owner", scope=("owner", "owning_bureau_officer", "hq")),
        _dispatch_submitted_pk,
    ),
    "dispatch:request_decide": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=302), _dispatch_decide
    ),
    "dispatch:request_complete": Case(
        dispatch_step("owner"), _dispatch_request_pk, now=AFTER_SESSIONS
    ),
    "dispatch:request_candidates": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200),
        _dispatch_request_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:assignment_release": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200),
        _dispatch_assignment_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:notice_pdf": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, advisor=200),
        _dispatch_notice_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:summary_pdf": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, advisor=200),
        _dispatch_reported_request_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:session_create": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, advisor=200),
        _dispatch_request_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:session_detail": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, advisor=200),
        _dispatch_session_pk,
        now=AFTER_SESSIONS,
    ),
    "dispatch:session_cancel": Case(
        dispatch_step(*DISPATCH_SCOPE), _dispatch_session_pk, now=AFTER_SESSIONS
    ),
    "dispatch:report_create": Case(
        dispatch_step("advisor"), _dispatch_session_pk, now=AFTER_SESSIONS
    ),
    "dispatch:report_correct": Case(
        dispatch_step("advisor"), _dispatch_returned_report_pk, now=AFTER_SESSIONS
    ),
    "dispatch:report_confirm": Case(
        dispatch_step("owner"), _dispatch_report_pk, now=AFTER_SESSIONS
    ),
    "dispatch:person_list": Case(BUREAU_PAGE),
    "dispatch:person_detail": Case(
        expect(
            404,
            anonymous=LOGIN,
            owning_bureau_officer=200,
            other_bureau_officer=200,
            hq=200,
            advisor=200,
        ),
        _dispatch_person_pk,
    ),
    "dispatch:person_figures_csv": Case(
        expect(
            404,
            anonymous=LOGIN,
            owning_bureau_officer=200,
            other_bureau_officer=200,
            hq=200,
            advisor=200,
        ),
        _dispatch_person_pk,
    ),
    "dispatch:person_ics": Case(
        expect(
            404,
            anonymous=LOGIN,
            owning_bureau_officer=200,
            other_bureau_officer=200,
            hq=200,
            advisor=200,
        ),
        _dispatch_person_pk,
    ),
    # The advisor is sent to their roster page; others get a page saying they have none.
    "dispatch:my_assignments": Case(
        expect(200, anonymous=LOGIN, advisor=302), lambda users: _person(users) and {}
    ),
    "dispatch:municipality_detail": Case(MUNICIPAL_RECORD, _sapporo),
    "dispatch:municipality_figures_csv": Case(MUNICIPAL_RECORD, _sapporo),
    "dispatch:municipality_ics": Case(MUNICIPAL_RECORD, _sapporo),
    "dispatch:figures": Case(BUREAU_PAGE),
    "dispatch:figures_csv": Case(BUREAU_PAGE),
    "dispatch:dashboard": Case(BUREAU_PAGE),
    # Actions without a page, posted with no data: those in scope are sent back to the
    # request or person (done, or refused with a message); everyone else gets 404.
    # Issuing the notice is a page (draft, confirmation box): posted without the box, the
    # bureau's officers and HQ see it again with the error; others in scope are sent back.
    "dispatch:notice_issue": Case(
        dispatch_step("owning_bureau_officer", "hq", scope=DISPATCH_SCOPE),
        _dispatch_request_pk,
        now=AFTER_SESSIONS,
        method="post",
    ),
    # The draft (案) of the notice: only those who may issue it; anyone else 404.
    "dispatch:notice_preview": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200),
        _dispatch_request_pk,
        now=AFTER_SESSIONS,
    ),
    # A calendar subscription URL is its owner's own: only the person issues it, not HQ or
    # the officers who read the roster.
    "dispatch:person_feed": Case(
        expect(404, anonymous=LOGIN, advisor=302), _dispatch_person_pk, method="post"
    ),
    # Dispatch H3 (協力隊). The volunteers' portal is public: a published posting and a
    # municipality's page are the same for everyone; a draft only for those who manage it.
    "dispatch:kyoryokutai_position_detail": Case(EVERYONE, _kyoryokutai_position_pk),
    "dispatch:kyoryokutai_position_detail [draft]": Case(
        DRAFT_POSTING, _kyoryokutai_draft_position_pk
    ),
    "dispatch:kyoryokutai_trial_detail": Case(EVERYONE, _kyoryokutai_trial_pk),
    "dispatch:kyoryokutai_trial_detail [draft]": Case(DRAFT_POSTING, _kyoryokutai_draft_trial_pk),
    "dispatch:kyoryokutai_municipality": Case(EVERYONE, _sapporo, listed=_draft_position_link),
    # Drafts (and unpublished events) are on no public list, feed or sitemap, whoever asks.
    "dispatch:kyoryokutai_position_list [draft]": Case(EVERYONE, listed=_draft_position_link),
    "dispatch:kyoryokutai_position_feed [draft]": Case(EVERYONE, listed=_draft_position_link),
    "dispatch:kyoryokutai_sitemap [draft]": Case(EVERYONE, listed=_draft_position_link),
    "dispatch:kyoryokutai_trial_list [draft]": Case(EVERYONE, listed=_draft_trial_link),
    "dispatch:kyoryokutai_event_list [unpublished]": Case(EVERYONE, listed=_unpublished_event_link),
    "dispatch:kyoryokutai_events_ics [unpublished]": Case(EVERYONE, listed=_unpublished_event_link),
    # Without an inquiry just sent, everyone is sent to the form.
    "dispatch:kyoryokutai_inquiry_sent": Case(expect(302)),
    # Posting: municipal staff for their municipality, officers and HQ for their scope (the
    # lists show each user's own); a posting's forms are its municipality's, bureau's, HQ's.
    "dispatch:kyoryokutai_manage_positions": Case(
        ADMINISTRATION, listed=_draft_position_link, listed_for=IN_SCOPE
    ),
    "dispatch:kyoryokutai_manage_trials": Case(
        ADMINISTRATION, listed=_draft_trial_link, listed_for=IN_SCOPE
    ),
    "dispatch:kyoryokutai_posting_create": Case(ADMINISTRATION, _kyoryokutai_positions_kind),
    "dispatch:kyoryokutai_posting_edit": Case(MUNICIPAL_RECORD, _kyoryokutai_draft_position_edit),
    # Posted with no action: those who manage it are sent back to the posting with a message.
    "dispatch:kyoryokutai_posting_action": Case(
        expect(404, anonymous=LOGIN, owner=302, owning_bureau_officer=302, hq=302),
        _kyoryokutai_draft_position_edit,
        method="post",
    ),
    # The register (personal data): the list shows each user's own scope; an entry is for
    # its municipality, its bureau and HQ; only the municipality writes it (its bureau and
    # HQ are sent back to the entry with a message).
    "dispatch:kyoryokutai_volunteer_list": Case(
        ADMINISTRATION, listed=_volunteer_link, listed_for=IN_SCOPE
    ),
    "dispatch:kyoryokutai_volunteer_create": Case(MUNICIPAL_STAFF_ONLY),
    "dispatch:kyoryokutai_volunteer_detail": Case(MUNICIPAL_RECORD, _volunteer_pk),
    "dispatch:kyoryokutai_volunteer_edit": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=302, hq=302), _volunteer_pk
    ),
    "dispatch:kyoryokutai_volunteer_step": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=302, hq=302),
        _volunteer_resign_step,
    ),
    "dispatch:kyoryokutai_settlement": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=302, hq=302),
        _resigned_volunteer_pk,
    ),
    "dispatch:kyoryokutai_followup": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=302, hq=302),
        _settled_volunteer_pk,
    ),
    # 協力隊 members' own accounts: the town invites (its keepers only); the member's pages
    # answer the member only; a report is read by the member, the town, its bureau and HQ.
    "dispatch:kyoryokutai_volunteer_member": Case(OWNER_ONLY, _volunteer_pk),
    "dispatch:kyoryokutai_volunteer_member_invitation": Case(
        OWNER_ONLY, _member_invitation_resend, method="post", ok=(302,)
    ),
    "dispatch:kyoryokutai_member_home": Case(MEMBER_ONLY, _member_home),
    "dispatch:kyoryokutai_member_report_create": Case(MEMBER_ONLY, _member_home),
    "dispatch:kyoryokutai_member_intention": Case(MEMBER_ONLY, _member_home),
    "dispatch:kyoryokutai_member_alumni": Case(MEMBER_ONLY, _member_home),
    "dispatch:kyoryokutai_member_report": Case(
        expect(404, anonymous=LOGIN, owner=200, owning_bureau_officer=200, hq=200, member=200),
        _member_report_pk,
    ),
    "dispatch:kyoryokutai_alumni": Case(EVERYONE, listed=_listed_alumnus_name, listed_for=ROLES),
    "dispatch:kyoryokutai_figures": Case(BUREAU_PAGE),
    "dispatch:kyoryokutai_figures_csv": Case(BUREAU_PAGE),
    # Casebook I1: challenges. Municipal staff submit and follow their municipality's; the
    # bureau and HQ triage them. Lists and the overview show each user's own scope; others
    # on the form are sent to the list (officers) or the casebook (the rest).
    "casebook:challenge_list": Case(ADMINISTRATION, listed=_challenge_link, listed_for=IN_SCOPE),
    "casebook:challenge_create": Case(
        expect(
            302,
            anonymous=LOGIN,
            owner=200,
            same_bureau_municipality=200,
            other_bureau_municipality=200,
        )
    ),
    # The municipality filter offers the municipalities of the user's scope only.
    "casebook:challenge_list [filter]": Case(
        ADMINISTRATION,
        listed=_sapporo_option,
        listed_for=("owning_bureau_officer", "hq"),
    ),
    "casebook:challenge_overview": Case(BUREAU_PAGE),
    # #22 point 3: sharing among neighbours. 札幌市's challenge shared with its bureau's
    # municipalities: 江別市 (same bureau) reads it and says 「同じ課題がある」; 函館市, the
    # owner itself, officers and HQ are 404 on the neighbours' pages. The owner alone
    # changes the sharing (posted empty: the page again with the error).
    "casebook:challenge_sharing": Case(
        expect(404, anonymous=LOGIN, owner=400), _challenge_pk, method="post"
    ),
    "casebook:shared_challenge_list": Case(
        MUNICIPAL_STAFF_ONLY,
        listed=_shared_challenge_link,
        listed_for=("same_bureau_municipality",),
    ),
    "casebook:shared_challenge_detail": Case(
        expect(404, anonymous=LOGIN, same_bureau_municipality=200), _shared_challenge_pk
    ),
    "casebook:shared_challenge_echo": Case(
        expect(404, anonymous=LOGIN, same_bureau_municipality=302),
        _shared_challenge_pk,
        method="post",
    ),
    "casebook:shared_challenge_unecho": Case(
        expect(404, anonymous=LOGIN, same_bureau_municipality=302),
        _echoed_challenge_pk,
        method="post",
    ),
    "casebook:challenge_clusters": Case(BUREAU_PAGE),
    # The bureau at 札幌市's strategy meetings: its bureau, HQ and, read only, 札幌市.
    "casebook:strategy_attendance_list": Case(MUNICIPAL_RECORD, _sapporo_code),
    # Casebook I1: surveys (照会・調査). The respondent's pages are the target municipality's
    # own (the sender reads answers in the admin); everyone signed in has a list of their own.
    "casebook:survey_list": Case(SIGNED_IN, listed=_survey_response_link, listed_for=("owner",)),
    "casebook:survey_answer": Case(OWNER_ONLY, _survey_response_pk),
    "casebook:survey_check": Case(OWNER_ONLY, _survey_response_pk),
    "casebook:survey_ask": Case(OWNER_ONLY, _survey_response_pk),
    "casebook:challenge_detail": Case(MUNICIPAL_RECORD, _challenge_pk),
    # Liaison meetings: the bureau's, HQ and the invited municipalities (札幌市, the owner).
    "casebook:meeting_list": Case(ADMINISTRATION, listed=_meeting_link, listed_for=IN_SCOPE),
    "casebook:meeting_detail": Case(MUNICIPAL_RECORD, _meeting_pk),
    # Posted with no file: the bureau and HQ get the page back with the error.
    "casebook:meeting_upload": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=400, hq=400),
        _meeting_pk,
        method="post",
    ),
    # The item's owner closes it; the bureau and HQ may too (closing twice is harmless).
    "casebook:action_item_close": Case(
        expect(404, anonymous=LOGIN, owner=302, owning_bureau_officer=302, hq=302),
        _action_item_pk,
        method="post",
    ),
    # Reopening (the undo of closing) is for the same people; an open item stays open.
    "casebook:action_item_reopen": Case(
        expect(404, anonymous=LOGIN, owner=302, owning_bureau_officer=302, hq=302),
        _action_item_pk,
        method="post",
    ),
    # Minutes made public are for everyone; the others are 404 even to the bureau.
    "casebook:minutes_detail": Case(EVERYONE, _public_minutes_pk),
    "casebook:minutes_detail [not public]": Case(expect(404), _meeting_pk),
    "casebook:minutes_list [not public]": Case(EVERYONE, listed=_private_minutes_link),
    # Casebook I4: plans. Municipal staff register and keep their municipality's; the bureau
    # and HQ read them and advise in the thread.
    "casebook:plan_list": Case(ADMINISTRATION, listed=_plan_link, listed_for=IN_SCOPE),
    "casebook:plan_create": Case(
        expect(
            302,
            anonymous=LOGIN,
            owner=200,
            same_bureau_municipality=200,
            other_bureau_municipality=200,
        )
    ),
    "casebook:plan_list [filter]": Case(
        ADMINISTRATION,
        listed=_sapporo_option,
        listed_for=("owning_bureau_officer", "hq"),
    ),
    "casebook:plan_matrix": Case(
        BUREAU_PAGE, listed=_plan_link, listed_for=("owning_bureau_officer", "hq")
    ),
    "casebook:plan_detail": Case(MUNICIPAL_RECORD, _plan_pk),
    "casebook:plan_edit": Case(OWNER_ONLY, _plan_pk),
    # Posted with no data: the municipality is sent back to the plan with a message; an
    # empty comment gives the page back with the error.
    "casebook:plan_upload": Case(expect(404, anonymous=LOGIN, owner=302), _plan_pk, method="post"),
    "casebook:plan_step": Case(expect(404, anonymous=LOGIN, owner=302), _plan_step, method="post"),
    "casebook:plan_comment": Case(
        expect(404, anonymous=LOGIN, owner=400, owning_bureau_officer=400, hq=400),
        _plan_pk,
        method="post",
    ),
    # #22 point 2: the plan's 協議会 (the municipality keeps it, the bureau and HQ read it)
    # and the bureau's structured advice (officers advise, the municipality answers).
    # Posted with no data: the page comes back with the error (400) to whoever may write.
    # A plan other than a 総合戦略 starts its own measures (a kernel strategy of kind "plan").
    "casebook:plan_measures": Case(
        expect(404, anonymous=LOGIN, owner=302), _plan_pk, method="post"
    ),
    "casebook:plan_council": Case(MUNICIPAL_RECORD, _plan_pk),
    "casebook:plan_council [save]": Case(
        expect(404, anonymous=LOGIN, owner=400), _plan_pk, method="post"
    ),
    "casebook:plan_council_member_add": Case(
        expect(404, anonymous=LOGIN, owner=400), _plan_council_pk, method="post"
    ),
    "casebook:plan_council_member_remove": Case(
        expect(404, anonymous=LOGIN, owner=302), _plan_council_member, method="post"
    ),
    "casebook:plan_council_meeting_add": Case(
        expect(404, anonymous=LOGIN, owner=400), _plan_council_pk, method="post"
    ),
    "casebook:plan_advice_give": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=400, hq=400), _plan_pk, method="post"
    ),
    "casebook:plan_advice_answer": Case(
        expect(404, anonymous=LOGIN, owner=400), _plan_advice, method="post"
    ),
    # Casebook I2: the case-study library and the journal are public; drafts are on no
    # public list, feed, export or sitemap, whoever asks.
    "casebook:case_study_detail": Case(EVERYONE, _case_study_pk),
    "casebook:case_study_detail [draft]": Case(DRAFT_CASE_STUDY, _draft_case_study_pk),
    "casebook:case_study_pdf": Case(EVERYONE, _case_study_pk),  # a progress page or the file
    "casebook:case_study_pdf [draft]": Case(DRAFT_CASE_STUDY, _draft_case_study_pk),
    "casebook:photo": Case(EVERYONE, _photo_pk),
    "casebook:photo [draft]": Case(DRAFT_CASE_STUDY, _draft_photo_pk),
    "casebook:case_study_list [published]": Case(
        EVERYONE, listed=_published_case_study_link, listed_for=ROLES
    ),
    "casebook:case_study_list [draft]": Case(EVERYONE, listed=_draft_case_study_link),
    "casebook:feed [published]": Case(
        EVERYONE, listed=_published_case_study_link, listed_for=ROLES
    ),
    "casebook:export_csv [published]": Case(
        EVERYONE, listed=_published_case_study_title, listed_for=ROLES
    ),
    "casebook:feed [draft]": Case(EVERYONE, listed=_draft_case_study_link),
    "casebook:feed_theme [draft]": Case(
        EVERYONE, lambda users: {"theme": "tourism"}, listed=_draft_case_study_link
    ),
    "casebook:feed_bureau [draft]": Case(
        EVERYONE, lambda users: {"bureau": "ishikari"}, listed=_draft_case_study_link
    ),
    "casebook:export_csv [draft]": Case(EVERYONE, listed=_draft_case_study_title),
    "casebook:export_json [draft]": Case(EVERYONE, listed=_draft_case_study_title),
    "casebook:sitemap [draft]": Case(EVERYONE, listed=_draft_case_study_link),
    "casebook:issue_list [draft]": Case(EVERYONE, listed=_draft_issue_link),
    "casebook:issue_detail": Case(EVERYONE, _issue_number),
    "casebook:issue_detail [draft]": Case(DRAFT_ISSUE, _draft_issue_number),
    "casebook:issue_pdf": Case(EVERYONE, _issue_number),
    "casebook:issue_pdf [draft]": Case(DRAFT_ISSUE, _draft_issue_number),
    "casebook:article_detail": Case(EVERYONE, _article),
    "casebook:article_detail [draft]": Case(
        DRAFT_ISSUE, lambda users: _article(users, published=False)
    ),
    # Municipal staff propose case studies of their municipality and follow them (drafts
    # included); anyone else gets a page saying only municipal staff propose (no object).
    "casebook:proposal_create": Case(expect(403, anonymous=LOGIN, **MUNICIPAL_STAFF_ROLES)),
    "casebook:proposal_list": Case(
        expect(403, anonymous=LOGIN, **MUNICIPAL_STAFF_ROLES),
        listed=_draft_case_study_link,
        listed_for=("owner",),
    ),
    # Casebook I3: cooperatives. The public register lists certified cooperatives only.
    "casebook:cooperative_register_list": Case(
        EVERYONE, listed=_certified_cooperative_name, listed_for=ROLES
    ),
    "casebook:cooperative_register_list [not certified]": Case(
        EVERYONE, listed=_uncertified_register_link
    ),
    "casebook:cooperative_register_export [not certified]": Case(
        EVERYONE, listed=_uncertified_cooperative_name
    ),
    "casebook:cooperative_register_detail": Case(EVERYONE, _certified_cooperative_pk),
    "casebook:cooperative_register_detail [not certified]": Case(
        expect(404), _uncertified_cooperative_pk
    ),
    # A cooperative's own pages: its account only (anyone else has no cooperative: 404).
    "casebook:cooperative_home": Case(COOPERATIVE_ONLY, _approved_cooperative_home),
    # The cooperative is sent to its page; other accounts to the register.
    "casebook:cooperative_signup": Case(expect(302, anonymous=LOGIN), _approved_cooperative_home),
    "casebook:cooperative_preconsultation": Case(COOPERATIVE_ONLY, _approved_cooperative_home),
    "casebook:cooperative_application_start": Case(
        expect(404, anonymous=LOGIN, cooperative=302), _approved_cooperative_home, method="post"
    ),
    "casebook:cooperative_notification_create": Case(COOPERATIVE_ONLY, _certified_cooperative_home),
    "casebook:cooperative_annual_report_create": Case(
        COOPERATIVE_ONLY, _certified_cooperative_home
    ),
    # An application: the cooperative's, and once submitted its main municipality's bureau
    # and HQ; another cooperative's is 404 to the cooperative.
    "casebook:cooperative_application_detail": Case(COOPERATIVE_SCOPE, _coop_application_pk),
    "casebook:cooperative_application_detail [draft]": Case(COOPERATIVE_ONLY, _coop_draft_pk),
    "casebook:cooperative_application_detail [another cooperative]": Case(
        expect(404, anonymous=LOGIN, owning_bureau_officer=200, hq=200),
        _other_coop_application_pk,
    ),
    "casebook:cooperative_application_section": Case(COOPERATIVE_ONLY, _coop_draft_section),
    "casebook:cooperative_application_check": Case(COOPERATIVE_ONLY, _coop_draft_pk),
    "casebook:cooperative_application_withdraw": Case(COOPERATIVE_ONLY, _coop_application_pk),
    "casebook:cooperative_application_certificate": Case(
        COOPERATIVE_SCOPE, _coop_certified_application_pk
    ),
    "casebook:cooperative_notification_detail": Case(COOPERATIVE_SCOPE, _coop_notification_pk),
    # I2 notices: public ones for everyone; internal ones for their recipients and senders.
    "casebook:notice_detail": Case(EVERYONE, _public_notice_pk),
    "casebook:notice_detail [internal]": Case(INTERNAL_NOTICE, _internal_notice_pk),
    "casebook:notice_list [internal]": Case(EVERYONE, listed=_internal_notice_link),
    "casebook:notice_feed [internal]": Case(EVERYONE, listed=_internal_notice_link),
    # The inbox of whoever receives notices; it lists a notice for its recipients only.
    "casebook:notice_inbox": Case(
        expect(404, anonymous=LOGIN, cooperative=200, **MUNICIPAL_STAFF_ROLES),
        listed=_internal_notice_link,
        listed_for=("owner", "same_bureau_municipality"),
    ),
    # Posted with nothing: a recipient is sent back to the notice; anyone else gets 404.
    "casebook:notice_confirm": Case(
        expect(404, anonymous=LOGIN, owner=302, same_bureau_municipality=302),
        _internal_notice_pk,
        method="post",
    ),
}

# The same for everyone (public pages, or pages whose content depends only on the user).
PUBLIC = {
    "portal:home",
    "portal:about",
    "portal:accessibility",
    "portal:municipality_list",
    "portal:event_list",
    "portal:sitemap_page",
    "portal:strategy_index",
    "portal:strategy_csv",
    "portal:strategy_json",
    "grants:index",
    "grants:decision_list",
    "grants:decision_csv",
    "grants:decision_json",
    "grants:call_list",
    "grants:project_results",
    "grants:national_programme_list",
    "grants:national_faq",
    "grants:furusato_index",
    "grants:furusato_event_list",
    "grants:furusato_events_ics",
    "dispatch:index",
    "dispatch:kyoryokutai",
    "dispatch:kyoryokutai_position_list",
    "dispatch:kyoryokutai_position_feed",
    "dispatch:kyoryokutai_trial_list",
    "dispatch:kyoryokutai_event_list",
    "dispatch:kyoryokutai_events_ics",
    "dispatch:kyoryokutai_sitemap",
    "dispatch:kyoryokutai_inquiry",
    "casebook:index",
    "casebook:minutes_list",
    "casebook:case_study_list",
    "casebook:issue_list",
    "casebook:areas",
    "casebook:feed",
    "casebook:export_csv",
    "casebook:export_json",
    "casebook:sitemap",
    "casebook:cooperative_register_list",
    "casebook:cooperative_register_export",
    "casebook:notice_list",
    "casebook:notice_feed",
    "sitemap",
    "robots",
    "favicon",
    "healthz",
}

# Not checked here, with the reason.
EXEMPT = {
    "set_language": "POST-only language switch, no data",
    "portal:notification_read": "POST-only; marks the user's own notifications",
    "portal:access_request_create": "for users without a role; covered in tests/portal",
    "portal:consultation_action": "POST-only; services check scope (tests/portal)",
    "portal:consultation_guest": "a private token link; covered in tests/portal",
    "portal:registration_detail": "a private token link; covered in tests/portal",
    "portal:group_invitation_open": "a private signed link; tests/portal/test_groups.py",
    "portal:registration_cancel": (
        "a private token link; tests/portal/test_events_public_registration.py"
    ),
    "portal:event_registration_sent": (
        "the same neutral page for everyone; unpublished events are 404 (tests/portal)"
    ),
    "portal:municipality_detail": "public reference data (any code)",
    "portal:municipality_profile_pdf": "public reference data (any code)",
    "portal:event_detail": "public events; unpublished are 404 (tests/portal)",
    "portal:event_ics": "public events (tests/portal)",
    "portal:regional_region": "scope table in tests/portal/test_regional.py",
    "portal:regional_bureau": "scope table in tests/portal/test_regional.py",
    "portal:regional_municipality": "scope table in tests/portal/test_regional.py",
    "portal:annual_report_pdf": "HQ only, tested in tests/portal/test_regional.py",
    "grants:call_detail": "public calls; unpublished are 404 (tests/grants/test_public.py)",
    "grants:application_start": "POST creates a draft; tests/grants/test_views_applications.py",
    "grants:application_withdraw": "action on own application; tests/grants (404 table)",
    "grants:application_forward": "action; tests/grants (404 table)",
    "grants:application_partner_confirm": "action; tests/grants (404 table)",
    "grants:application_change": "action; tests/grants (404 table)",
    "grants:application_report": "action; tests/grants (404 table)",
    "grants:application_claim": "action; tests/grants (404 table)",
    "grants:national_consultation_tag": (
        "POST-only; other bureaus get 404 in tests/grants/test_national.py "
        "(test_the_bureau_tags_programmes_and_other_bureaus_get_404)"
    ),
    "grants:national_consultation_refer": (
        "POST-only; other bureaus and municipal staff refused in tests/grants/test_national.py "
        "(test_other_bureaus_cannot_publish_or_refer, test_municipal_staff_cannot_bring_hq_in)"
    ),
    "grants:furusato_project_action": (
        "POST-only (publish/close/reopen); tests/grants/test_furusato_matching.py "
        "(test_another_municipality_cannot_edit_or_move_the_project)"
    ),
    "grants:interest_withdraw": (
        "POST-only; tests/grants/test_furusato_matching.py "
        "(test_another_company_gets_404_on_an_interest)"
    ),
    "grants:furusato_booking_cancel": (
        "POST-only; tests/grants/test_furusato_consultations.py "
        "(test_bookings_are_404_outside_their_scope)"
    ),
    "grants:furusato_listing_delete": (
        "POST-only; tests/grants/test_furusato_portals.py "
        "(test_another_municipalitys_listing_is_404)"
    ),
    "dispatch:municipality_feed": (
        "POST-only (a new calendar link); tests/dispatch/test_calendar.py "
        "(test_only_the_municipalitys_staff_make_its_subscription_link)"
    ),
    "dispatch:feed_ics": "a private token link; tests/dispatch/test_calendar.py",
}


def _url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _admin_labels() -> set[str]:
    return {model._meta.label_lower for model in admin.site._registry}


def _matrix_name(key: str) -> str:
    """The URL name of a MATRIX key: a second case of a URL adds its variant in brackets
    ("dispatch:kyoryokutai_position_detail [draft]")."""
    return key.split(" [", 1)[0]


MATRIX_NAMES = {_matrix_name(key) for key in MATRIX}


def _is_third_party(name: str) -> bool:
    # allauth's own pages (sign-in, sign-up, MFA …) and Django's admin are covered by
    # the admin part below and by tests/portal/test_accounts.py.
    return name.startswith(
        ("admin:", "account_", "mfa_", "socialaccount_", "usersessions_", "headless:", "openid")
    )


def test_every_url_is_covered():
    missing = sorted(
        name
        for name in set(_url_names())
        if not _is_third_party(name)
        and name not in MATRIX_NAMES
        and name not in PUBLIC
        and name not in EXEMPT
    )
    assert missing == [], f"add these URLs to the permission matrix: {missing}"


def test_the_matrix_names_only_urls_that_exist():
    names = set(_url_names())
    stale = sorted((MATRIX_NAMES | PUBLIC | set(EXEMPT)) - names)
    assert stale == [], f"remove these URLs from the permission matrix: {stale}"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # The casebook caches its public pages in the process too (tests/casebook/conftest.py).
    from casebook.services import popularity
    from portal import pagecache

    pagecache.reset_local()
    yield
    pagecache.reset_local()
    # The views of case studies counted by their pages are not written after the test.
    popularity._pending.clear()
    popularity._pending_total[0] = 0


def _log_in(client, users, role):
    # Anonymous again by forgetting the session cookie (what logout() ends with), without
    # logout()'s own request and session delete: ~11 roles for each of ~400 cases.
    client.cookies.clear()
    if role != "anonymous":
        client.force_login(users[role])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=MATRIX[name].xfail))
        if MATRIX[name].xfail
        else name
        for name in sorted(MATRIX)
    ],
)
def test_each_role_gets_what_it_should(
    client, name, django_capture_on_commit_callbacks, monkeypatch
):
    case = MATRIX[name]
    if case.now is not None:
        monkeypatch.setattr(timezone, "now", lambda: case.now)
    users = _users()
    with django_capture_on_commit_callbacks(execute=True):
        kwargs = case.kwargs(users) if case.kwargs else {}
        marker = case.listed(users) if case.listed else None
    url = reverse(_matrix_name(name), kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    wrong = {}
    for role in ROLES:
        _log_in(client, users, role)
        response = client.post(url) if case.method == "post" else client.get(url)
        expected = case.expected[role]
        if expected == LOGIN:
            good = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif expected == 200:
            good = response.status_code in case.ok
        else:
            good = response.status_code == expected
        if not good:
            wrong[role] = (response.status_code, expected)
        elif marker is not None and response.status_code == 200:
            should = role in case.listed_for
            if (marker in _text(response)) is not should:
                wrong[role] = ("hides it" if should else "lists it", expected)
    assert wrong == {}, f"{name}: {wrong}"


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_are_the_same_for_everyone(client, name):
    users = _users()
    for role in ROLES:
        _log_in(client, users, role)
        assert client.get(reverse(name)).status_code == 200, (name, role)


# --- The admin ----------------------------------------------------------------------------

ADMIN_LOGIN = "admin login"  # a redirect to the admin's sign-in page
SEEN = "seen"  # the changelist opens and lists the object
NOT_SEEN = "not seen"  # the changelist opens without the object

# Models whose rows belong to no municipality or bureau (reference data, shared registers,
# third-party accounts). Checked below only for keeping users without admin access out.
ADMIN_EXEMPT: dict[str, str] = {
    "account.emailaddress": "allauth's; HQ manages accounts (tests/portal/test_accounts.py)",
    "mfa.authenticator": "allauth's MFA devices; HQ only (tests/portal/test_accounts.py)",
    "auth.group": "Django's groups; global, not scoped (roles are on the user)",
    "sites.site": "Django's sites; global configuration, not scoped",
    "portal.region": "reference data: collaboration regions, global, not scoped",
    "portal.bureau": "reference data: bureaus, global, not scoped",
    "portal.municipality": "reference data: the 179 municipalities, global, not scoped "
    "(tests/portal/test_reference.py)",
    "portal.consultationcategory": "reference data: consultation categories, global",
    "grants.programme": "reference data: grant programmes, global, not scoped",
    "grants.grantcategory": "reference data: grant categories, global, not scoped",
    "grants.applicantkind": "reference data: applicant kinds, global, not scoped",
    "grants.costcategory": "reference data: cost categories, global, not scoped",
    "grants.policytheme": "reference data: policy themes, global, not scoped",
    "grants.nationalgrantprogramme": "the public knowledge base of national programmes, "
    "global: every officer reads and edits it (tests/grants/test_national.py)",
    "dispatch.skill": "reference data: the skills taxonomy, global, not scoped",
    "dispatch.person": "the prefecture's roster, shared by every bureau and HQ "
    "(tests/dispatch/test_admin.py)",
    "dispatch.mission": "reference data: the 協力隊 missions taxonomy, kept by HQ, global",
    "casebook.plantype": "reference data: the plan types of the plans registry, kept by HQ, global",
    "casebook.theme": "reference data: the case-study themes, kept by HQ, global",
}


@dataclass
class AdminCase:
    build: Callable[[dict], object]  # builds one object of 札幌市 / 石狩振興局, returns it
    changelist: dict
    change: dict
    # Run what the builder schedules after commit (PDFs, emails): only where the page
    # shows its result; rendering a notice's PDF takes a while.
    run_tasks: bool = False


# The changelist and the change page of a row of 札幌市 / 石狩振興局.
SCOPED_LIST = expect(
    ADMIN_LOGIN, owning_bureau_officer=SEEN, other_bureau_officer=NOT_SEEN, hq=SEEN
)
SCOPED_CHANGE = expect(ADMIN_LOGIN, owning_bureau_officer=200, other_bureau_officer=404, hq=200)
# HQ's business: bureau officers may not open the model at all (Django answers the
# changelist with 403: no object's existence is told), and its rows are 404 to them.
HQ_LIST = expect(ADMIN_LOGIN, owning_bureau_officer=403, other_bureau_officer=403, hq=SEEN)
HQ_CHANGE = expect(ADMIN_LOGIN, owning_bureau_officer=404, other_bureau_officer=404, hq=200)


def scoped(build) -> AdminCase:
    return AdminCase(build, SCOPED_LIST, SCOPED_CHANGE)


def hq_only(build) -> AdminCase:
    return AdminCase(build, HQ_LIST, HQ_CHANGE)


def _admin_bureau_unit():
    from tests.factories import UnitFactory

    return UnitFactory(ishikari=True, name="地域政策課")


def _admin_consultation(users):
    return ConsultationFactory(asker=users["owner"])


def _admin_access_request(users):
    from portal.models import AccessRequest, Municipality

    return AccessRequest.objects.create(
        user=UserFactory(),
        municipality=Municipality.objects.get(code="011002"),
        department="総務局",
    )


def _bureau_event(users, **kwargs):
    from portal.models import Bureau, Event

    start = timezone.now() + dt.timedelta(days=5)
    return Event.objects.create(
        **{
            "title": "地域づくり研修会",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": "札幌市",
            "capacity": 20,
            "is_published": True,
            "bureau": Bureau.objects.get(code="ishikari"),
            **kwargs,
        }
    )


def _admin_roster_batch(users):
    from portal.models import RosterBatch

    return RosterBatch.objects.create(effective_date=timezone.localdate(), prepared_by=users["hq"])


def _admin_audit_event(users):
    from portal.models import AuditEvent

    _application(users)  # its submission is audited
    return AuditEvent.objects.latest("pk")


def _admin_notification(users):
    from portal.models import Notification

    _application(users)  # the bureau is notified of the submission
    return Notification.objects.latest("pk")


def _admin_document(users):
    return _approved(users).notices.get().document


def _admin_call(users):
    from tests.grants.factories import CallFactory

    return CallFactory()


def _admin_allocation(users):
    from tests.grants.factories import AllocationFactory

    return AllocationFactory()


def _admin_change_request(users):
    from grants.services.after import change_request_submit

    return change_request_submit(
        application=_approved(users),
        actor=users["owner"],
        kind="content",
        reason="変更",
        new_description="内容を変える。",
    )


def _admin_performance_report(users):
    from grants.services.after import report_submit

    application = _approved(users)
    report_submit(
        application=application,
        actor=users["owner"],
        completed_on=dt.date(2027, 2, 20),
        summary="導入支援を実施した。",
        kpi_result="64店舗",
        actuals={line.pk: line.amount for line in application.budget_lines.all()},
    )
    return application.performance_report


def _admin_payment(users):
    from grants.services.payments import advance_payment_record

    return advance_payment_record(
        application=_approved(users),
        actor=users["owning_bureau_officer"],
        amount=300_000,
        paid_on=dt.date(2026, 11, 1),
    )


def _admin_notice(users):
    return _approved(users).notices.get()


def _admin_faq_entry(users):
    from grants.services.national import faq_publish

    consultation = _national_consultation(users, answered=True)
    consultation.refresh_from_db()
    return faq_publish(
        consultation=consultation,
        actor=users["owning_bureau_officer"],
        question="商店街のキャッシュレス化は対象ですか。",
        answer="地域再生計画に位置付けてください。",
    )


def _admin_event_material(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from grants.services.event_materials import event_material_add

    return event_material_add(
        event=_bureau_event(users, category="furusato"),
        actor=users["owning_bureau_officer"],
        title="研修資料",
        upload=SimpleUploadedFile(
            "資料.pdf",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
        ),
    )


def _admin_dispatch_desk(users):
    from tests.dispatch.factories import designate_chief

    return designate_chief(users["owning_bureau_officer"])


def _admin_regional_frame(users):
    from tests.dispatch.factories import set_frame

    return set_frame(3)


def _decision_publication(users):
    from grants.models import DecisionPublication

    return DecisionPublication.objects.create(pk=1)


def _admin_editor(users):
    from casebook.models import Editor

    return Editor.objects.create(user=UserFactory(hq=True))


def _admin_official_seal(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.models import OfficialSeal
    from portal.services.seals import official_seal_save
    from tests.pdf_checks import seal_png

    return official_seal_save(
        seal=OfficialSeal(
            bureau=users["owning_bureau_officer"].bureau,
            mode=OfficialSeal.Mode.IMAGE,
            image=SimpleUploadedFile("seal.png", seal_png(), content_type="image/png"),
        ),
        actor=users["hq"],
    )


def _admin_search_term(users):
    from casebook.models import SearchTerm

    return SearchTerm.objects.create(term="移住体験")


# model label -> (object builder, what each role gets on the changelist and the change page)
ADMIN_MATRIX: dict[str, AdminCase] = {
    "portal.user": hq_only(lambda users: users["owner"]),
    # A bureau's unit: its officers read it (its administrator keeps it), other bureaus
    # do not see it (tests/portal/test_units.py covers the administrators).
    "portal.unit": scoped(lambda users: _admin_bureau_unit()),
    # HQ's roster changes (人事異動) for bureau staff: listed for HQ, worked on their page.
    "portal.rosterbatch": hq_only(_admin_roster_batch),
    "portal.accessrequest": scoped(_admin_access_request),
    "portal.consultation": scoped(_admin_consultation),
    # Strategies: listed in scope, read-only (kept on the working pages).
    "portal.strategy": scoped(lambda users: _strategy(users)[0]),
    "portal.event": scoped(_bureau_event),
    "portal.auditevent": hq_only(_admin_audit_event),
    "portal.notification": hq_only(_admin_notification),
    "portal.document": AdminCase(_admin_document, HQ_LIST, HQ_CHANGE, run_tasks=True),
    # The 公印 stamped on a bureau's notices: HQ's alone, the bureau's own officers included.
    "portal.officialseal": hq_only(_admin_official_seal),
    # 決裁 routes: a bureau's own read them (its administrator changes them), HQ all.
    "portal.approvalroute": scoped(_admin_approval_route),
    "grants.application": scoped(lambda users: _application(users)),
    "grants.call": scoped(_admin_call),
    "grants.allocation": scoped(_admin_allocation),
    "grants.changerequest": scoped(_admin_change_request),
    "grants.performancereport": scoped(_admin_performance_report),
    "grants.payment": scoped(_admin_payment),
    "grants.notice": scoped(_admin_notice),
    "grants.policyproject": scoped(_policy_project),
    "grants.faqentry": scoped(_admin_faq_entry),
    "grants.company": hq_only(_company),
    # Which fields the public list of grant decisions shows: HQ's choice alone.
    "grants.decisionpublication": hq_only(_decision_publication),
    "grants.supportproject": scoped(_support_project),
    "grants.interest": scoped(_interest),
    "grants.eventmaterial": scoped(_admin_event_material),
    "grants.consultationslot": scoped(_furusato_slot),
    "grants.slotbooking": scoped(_furusato_booking),
    "grants.portalsitelisting": scoped(_furusato_listing),
    "grants.jointcampaign": scoped(_furusato_campaign),
    "grants.donationfigure": scoped(_furusato_figure),
    "dispatch.dispatchrequest": scoped(_dispatch_submitted),
    "dispatch.dispatchdesk": scoped(_admin_dispatch_desk),
    "dispatch.regionalframe": scoped(_admin_regional_frame),
    # H3: read-only in the admin (kept on the portal); the volunteer is personal data.
    "dispatch.position": scoped(_kyoryokutai_position),
    "dispatch.trialprogramme": scoped(_kyoryokutai_trial),
    "dispatch.volunteer": scoped(_volunteer),
    "casebook.challenge": scoped(_challenge),
    # A bureau's survey and its answers: the sending bureau and HQ.
    "casebook.survey": scoped(_survey),
    "casebook.surveyresponse": scoped(_survey_response),
    # HQ's survey to 札幌市: 石狩振興局 reads it and 札幌市's answer, another bureau 404.
    "casebook.survey (HQ's)": scoped(_hq_survey),
    "casebook.surveyresponse (HQ's)": scoped(_hq_survey_response),
    "casebook.liaisonmeeting": scoped(_meeting),
    "casebook.strategymeetingattendance": scoped(_strategy_attendance),
    "casebook.plan": scoped(_plan),
    # I2: case studies are their bureau's (drafts) and HQ's; the journal, its editors and
    # the search index are HQ's.
    "casebook.casestudy": scoped(lambda users: _case_study(users)),
    "casebook.journalissue": hq_only(lambda users: _issue(users, published=False)),
    "casebook.editor": hq_only(_admin_editor),
    "casebook.searchterm": hq_only(_admin_search_term),
    # I3: a cooperative, its applications, notifications and reports are the bureau's of its
    # office / main municipality (石狩振興局) and HQ's.
    "casebook.cooperative": scoped(lambda users: _cooperative(users)),
    "casebook.certificationapplication": scoped(lambda users: _coop_application(users)),
    "casebook.changenotification": scoped(_coop_notification),
    "casebook.annualreport": scoped(_coop_annual_report),
    # I2: a notice is its sending bureau's and HQ's (a bureau sees only its own).
    "casebook.notice": scoped(_admin_notice_of_bureau),
}


def test_every_admin_model_is_covered():
    missing = sorted(
        label
        for label in _admin_labels()
        if label not in ADMIN_MATRIX and label not in ADMIN_EXEMPT
    )
    assert missing == [], f"add these admin models to the matrix: {missing}"


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _admin_answer(response, expected, obj=None) -> bool:
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login")
        )
    if expected in (SEEN, NOT_SEEN):
        if response.status_code != 200:
            return False
        # The rows the admin lets the user see, before any filter of the page.
        listed = response.context["cl"].root_queryset.filter(pk=obj.pk).exists()
        return listed is (expected == SEEN)
    return response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_MATRIX))
def test_each_role_gets_what_it_should_in_the_admin(
    client, label, django_capture_on_commit_callbacks
):
    case = ADMIN_MATRIX[label]
    users = _users()
    with django_capture_on_commit_callbacks(execute=case.run_tasks):
        obj = case.build(users)
    changelist = _admin_url(obj, "changelist")
    change = _admin_url(obj, "change", obj.pk)
    wrong = {}
    for role in ROLES:
        _log_in(client, users, role)
        for url, expected in ((changelist, case.changelist[role]), (change, case.change[role])):
            response = client.get(url)
            if not _admin_answer(response, expected, obj):
                wrong[(role, url)] = (response.status_code, expected)
    assert wrong == {}, f"{label}: {wrong}"


@pytest.mark.django_db
def test_users_without_admin_access_cannot_open_the_global_admin_models(client):
    users = _users()
    models = {model._meta.label_lower: model for model in admin.site._registry}
    roles = ("anonymous", "owner", "advisor", "company", "cooperative")
    wrong = []
    for role in roles:
        _log_in(client, users, role)
        for label in sorted(ADMIN_EXEMPT):
            response = client.get(_admin_url(models[label], "changelist"))
            if not _admin_answer(response, ADMIN_LOGIN):
                wrong.append((role, label, response.status_code))
    assert wrong == []
