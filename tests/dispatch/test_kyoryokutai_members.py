"""A 協力隊 member's own account: the municipality invites the member from the register
entry (the kernel's invitation, role member); accepting links the account to the entry; the
member's page shows the term and the municipality's contact; reports per period (one per
period, late marked) are read by the municipality, its bureau and HQ. A member sees only
their own; anyone else gets 404."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dispatch.models import MemberReport
from dispatch.selectors import volunteer_members as selectors
from dispatch.services import volunteer_members as services
from dispatch.todos.kyoryokutai import kyoryokutai_todos, member_todos
from portal.models import GroupInvitation, Role
from portal.services.groups import group_invitation_accept
from tests.dispatch.test_kyoryokutai_factories import (
    HAKODATE,
    TOBETSU,
    make_volunteer,
    officer_of,
    staff_of,
    today,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return staff_of(TOBETSU)


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


def invited_member(staff, volunteer=None, email="nagisa@example.jp"):
    """The member of an active entry, invited and accepted: (volunteer, account)."""
    volunteer = volunteer or make_volunteer(staff)
    invitation = services.member_invite(volunteer=volunteer, email=email, actor=staff)
    account = UserFactory(email=email)
    group_invitation_accept(invitation=invitation, user=account)
    volunteer.refresh_from_db()
    account.refresh_from_db()
    return volunteer, account


# --- Invitation and account ------------------------------------------------------------------


def test_the_municipality_invites_the_member_and_accepting_links_the_account(
    client, staff, django_capture_on_commit_callbacks
):
    volunteer = make_volunteer(staff)
    client.force_login(staff)
    page = url("kyoryokutai_volunteer_member", volunteer.pk)
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"op": "invite", "email": "nagisa@example.jp"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    invitation = volunteer.invitation
    assert invitation.role == GroupInvitation.Role.MEMBER
    assert invitation.group_name == volunteer.name
    assert mail.outbox[-1].to == ["nagisa@example.jp"]
    assert "協力隊" in mail.outbox[-1].body

    account = UserFactory(email="nagisa@example.jp")
    group_invitation_accept(invitation=invitation, user=account)
    account.refresh_from_db()
    assert account.role == Role.MEMBER
    # A member acts for no municipality: no scope of the town's records.
    assert account.municipality_id is None
    assert selectors.member_volunteer_for(account) == volunteer


def test_an_address_with_a_role_cannot_be_invited_and_the_address_is_kept(client, staff):
    volunteer = make_volunteer(staff)
    UserFactory(email="taken@example.jp", role=Role.ADVISOR)
    client.force_login(staff)
    response = client.post(
        url("kyoryokutai_volunteer_member", volunteer.pk),
        {"op": "invite", "email": "taken@example.jp"},
    )
    assert response.status_code == 200
    assert "taken@example.jp" in response.content.decode()
    assert response.context["invite_form"].errors["email"]


def test_inviting_again_cancels_the_waiting_link(staff):
    volunteer = make_volunteer(staff)
    first = services.member_invite(volunteer=volunteer, email="a@example.jp", actor=staff)
    second = services.member_invite(volunteer=volunteer, email="b@example.jp", actor=staff)
    first.refresh_from_db()
    assert first.status == GroupInvitation.Status.CANCELLED
    volunteer.refresh_from_db()
    assert volunteer.invitation == second


def test_a_member_with_an_account_is_not_invited_again(staff):
    volunteer, _account = invited_member(staff)
    with pytest.raises(PermissionDenied):
        services.member_invite(volunteer=volunteer, email="other@example.jp", actor=staff)


def test_a_place_still_recruiting_cannot_invite_anyone(staff):
    volunteer = make_volunteer(staff, state="recruiting")
    with pytest.raises(PermissionDenied):
        services.member_invite(volunteer=volunteer, email="x@example.jp", actor=staff)


def test_the_member_invitation_is_not_listed_among_the_group_invitations(client, staff):
    make_volunteer(staff)
    volunteer = make_volunteer(staff, name="山田 花")
    services.member_invite(volunteer=volunteer, email="hana@example.jp", actor=staff)
    client.force_login(staff)
    response = client.get(reverse("portal:group_list"))
    assert "hana@example.jp" not in response.content.decode()


def test_the_invitation_page_speaks_to_a_member(client, staff):
    volunteer = make_volunteer(staff)
    invitation = services.member_invite(volunteer=volunteer, email="n@example.jp", actor=staff)
    response = client.get(reverse("portal:group_invitation_open", args=[invitation.token]))
    assert response.status_code == 200
    assert "Name of the group" not in response.content.decode()


@pytest.mark.parametrize(
    "who", ["other_town", "bureau", "hq", "member_of_another", "advisor", "anonymous"]
)
def test_only_the_municipality_opens_the_invitation_page(client, staff, who):
    volunteer = make_volunteer(staff)
    page = url("kyoryokutai_volunteer_member", volunteer.pk)
    users = {
        "other_town": lambda: staff_of(HAKODATE),
        "bureau": lambda: officer_of("ishikari"),
        "hq": lambda: UserFactory(hq=True),
        "member_of_another": lambda: invited_member(
            staff, make_volunteer(staff, name="別 人"), "other@example.jp"
        )[1],
        "advisor": lambda: UserFactory(advisor=True),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(page)
    assert response.status_code == (302 if who == "anonymous" else 404)


# --- The member's page ----------------------------------------------------------------------


def test_the_member_sees_their_term_and_the_municipality_s_contact(client, staff):
    volunteer, account = invited_member(staff)
    services.member_settings_save(
        volunteer=volunteer,
        actor=staff,
        report_cadence="quarterly",
        contact_name="企画課 地域振興係",
        contact_phone="0133-23-0000",
        contact_email="kikaku@example.jp",
    )
    client.force_login(account)
    response = client.get(url("kyoryokutai_member_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "企画課 地域振興係" in html and "kikaku@example.jp" in html
    assert volunteer.municipality.name in html
    # The header and my page lead the member there.
    assert url("kyoryokutai_member_home") in client.get(reverse("portal:mypage")).content.decode()


def test_the_member_s_page_shows_the_position_contact_when_none_is_set(client, staff):
    from tests.dispatch.test_kyoryokutai_factories import make_position, town

    position = make_position(TOBETSU, actor=staff)
    volunteer = make_volunteer(staff, position=position)
    volunteer, account = invited_member(staff, volunteer)
    assert town(TOBETSU) == volunteer.municipality
    client.force_login(account)
    assert position.contact_name in client.get(url("kyoryokutai_member_home")).content.decode()


@pytest.mark.parametrize("role", ["municipal", "advisor", "none"])
def test_the_member_page_does_not_exist_for_other_roles(client, staff, role):
    traits = {"municipal": {"sapporo": True}, "advisor": {"advisor": True}, "none": {}}
    client.force_login(UserFactory(**traits[role]))
    assert client.get(url("kyoryokutai_member_home")).status_code == 404
    assert client.get(url("kyoryokutai_member_report_create")).status_code == 404


def test_the_member_page_pins_its_queries(client, staff, django_assert_num_queries):
    volunteer, account = invited_member(staff)
    services.member_report_file(
        volunteer=volunteer,
        actor=account,
        period_start=volunteer.term_start,
        activities="観光パンフレットの取材",
    )
    client.force_login(account)
    client.get(url("kyoryokutai_member_home"))  # warm the session and the caches
    with django_assert_num_queries(8):
        client.get(url("kyoryokutai_member_home"))


# --- Activity reports -----------------------------------------------------------------------


def test_the_member_files_a_report_and_the_municipality_is_told(
    client, staff, django_capture_on_commit_callbacks
):
    volunteer, account = invited_member(staff)
    period = selectors.report_periods(volunteer)[0]
    client.force_login(account)
    page = url("kyoryokutai_member_report_create")
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page,
            {"period": period.start.isoformat(), "activities": "移住相談会の運営", "plans": ""},
        )
    assert response.status_code == 302
    report = MemberReport.objects.get(volunteer=volunteer)
    assert report.period_start == period.start and not report.late
    assert any(staff.email in message.to for message in mail.outbox)
    # The municipality reads it; so do its bureau and HQ; the member reads their own.
    for reader in (staff, officer_of("ishikari"), UserFactory(hq=True), account):
        client.force_login(reader)
        answer = client.get(url("kyoryokutai_member_report", report.pk))
        assert answer.status_code == 200
        assert "移住相談会の運営" in answer.content.decode()
    for outsider in (staff_of(HAKODATE), officer_of("oshima"), UserFactory(advisor=True)):
        client.force_login(outsider)
        assert client.get(url("kyoryokutai_member_report", report.pk)).status_code == 404


def test_another_member_cannot_read_a_report(client, staff):
    volunteer, account = invited_member(staff)
    report = services.member_report_file(
        volunteer=volunteer, actor=account, period_start=volunteer.term_start, activities="x"
    )
    _other, other_account = invited_member(
        staff, make_volunteer(staff, name="別 人"), "other@example.jp"
    )
    client.force_login(other_account)
    assert client.get(url("kyoryokutai_member_report", report.pk)).status_code == 404


def test_one_report_per_period(staff):
    volunteer, account = invited_member(staff)
    services.member_report_file(
        volunteer=volunteer, actor=account, period_start=volunteer.term_start, activities="一"
    )
    with pytest.raises(ValidationError) as error:
        services.member_report_file(
            volunteer=volunteer, actor=account, period_start=volunteer.term_start, activities="二"
        )
    assert "period" in error.value.message_dict


def test_a_report_without_text_is_refused_and_the_input_kept(client, staff):
    volunteer, account = invited_member(staff)
    client.force_login(account)
    period = selectors.report_periods(volunteer)[0]
    response = client.post(
        url("kyoryokutai_member_report_create"),
        {"period": period.start.isoformat(), "activities": "", "plans": "次は冬のイベント"},
    )
    assert response.status_code == 200
    assert "次は冬のイベント" in response.content.decode()
    assert not MemberReport.objects.exists()


def test_a_period_not_begun_or_before_the_term_is_refused(staff):
    volunteer, account = invited_member(staff)
    for day in (today() + dt.timedelta(days=40), volunteer.term_start - dt.timedelta(days=40)):
        with pytest.raises(ValidationError):
            services.member_report_file(
                volunteer=volunteer, actor=account, period_start=day, activities="x"
            )


def test_a_report_filed_after_the_due_day_is_marked_late(staff):
    volunteer, account = invited_member(staff)
    oldest = selectors.report_periods(volunteer)[-1]
    report = services.member_report_file(
        volunteer=volunteer, actor=account, period_start=oldest.start, activities="遅れた報告"
    )
    assert report.late


def test_the_municipality_s_staff_cannot_file_for_the_member(staff):
    volunteer, _account = invited_member(staff)
    with pytest.raises(PermissionDenied):
        services.member_report_file(
            volunteer=volunteer, actor=staff, period_start=volunteer.term_start, activities="x"
        )


def test_missing_reports_become_to_dos_for_the_member_and_the_town(staff):
    volunteer, account = invited_member(staff)
    assert member_todos(account)
    assert any(volunteer.name in item.title for item in kyoryokutai_todos(staff))
    last_due = next(p for p in selectors.report_periods(volunteer) if p.missing)
    services.member_report_file(
        volunteer=volunteer, actor=account, period_start=last_due.start, activities="x"
    )
    assert not any(volunteer.name in item.title for item in kyoryokutai_todos(staff))


def test_the_cadence_is_set_by_the_municipality_only(client, staff):
    volunteer = make_volunteer(staff)
    client.force_login(staff)
    response = client.post(
        url("kyoryokutai_volunteer_member", volunteer.pk),
        {"op": "settings", "report_cadence": "quarterly"},
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.report_cadence == "quarterly"
    bad = client.post(
        url("kyoryokutai_volunteer_member", volunteer.pk),
        {"op": "settings", "report_cadence": "weekly", "contact_name": "企画課"},
    )
    assert bad.status_code == 200 and "企画課" in bad.content.decode()
    with pytest.raises(PermissionDenied):
        services.member_settings_save(
            volunteer=volunteer, actor=officer_of("ishikari"), report_cadence="monthly"
        )


# --- What comes next, and the OB/OG listing -------------------------------------------------


def test_near_the_end_of_the_term_the_member_says_what_comes_next(
    client, staff, django_capture_on_commit_callbacks
):
    start = today() - dt.timedelta(days=1000)
    volunteer = make_volunteer(staff, term_start=start, term_end=today() + dt.timedelta(days=90))
    volunteer, account = invited_member(staff, volunteer)
    client.force_login(account)
    page = url("kyoryokutai_member_intention")
    assert client.get(page).status_code == 200
    bad = client.post(page, {"intended_place": "moon", "intention_note": "ゲストハウス"})
    assert bad.status_code == 200 and "ゲストハウス" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page,
            {
                "intended_place": "nearby",
                "intended_activity": "business",
                "intention_note": "隣町でゲストハウスを開業したい",
            },
        )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.intended_place, volunteer.intended_activity) == ("nearby", "business")
    assert any(staff.email in m.to for m in mail.outbox)
    # The municipality reads it on the member's page of the register.
    client.force_login(staff)
    detail = client.get(url("kyoryokutai_volunteer_detail", volunteer.pk)).content.decode()
    assert "隣町でゲストハウスを開業したい" in detail


def test_what_comes_next_opens_180_days_before_the_term_ends(staff):
    volunteer = make_volunteer(
        staff,
        term_start=today() - dt.timedelta(days=200),
        term_end=today() + dt.timedelta(days=181),
    )
    volunteer, account = invited_member(staff, volunteer)
    with pytest.raises(ValidationError):
        services.member_intention_save(
            volunteer=volunteer,
            actor=account,
            intended_place="same",
            intended_activity="job",
        )
    volunteer.term_end = today() + dt.timedelta(days=180)
    volunteer.save(update_fields=["term_end"])
    services.member_intention_save(
        volunteer=volunteer, actor=account, intended_place="same", intended_activity="job"
    )


def test_a_former_member_opts_in_to_the_ob_og_list_without_an_address(client, staff):
    volunteer = make_volunteer(
        staff, state="completed", term_start=today() - dt.timedelta(days=1100),
        term_end=today() - dt.timedelta(days=10),
    )  # fmt: skip
    volunteer, account = invited_member(staff, volunteer)
    alumni = url("kyoryokutai_alumni")
    assert "なぎさ（元 当別町）" not in client.get(alumni).content.decode()
    client.force_login(account)
    missing = client.post(url("kyoryokutai_member_alumni"), {"alumni_listed": "on"})
    assert missing.status_code == 200 and missing.context["form"].errors["alumni_name"]
    client.post(
        url("kyoryokutai_member_alumni"),
        {"alumni_listed": "on", "alumni_name": "なぎさ（元 当別町）", "alumni_profile": "観光"},
    )
    client.logout()
    page = client.get(alumni).content.decode()
    assert "なぎさ（元 当別町）" in page
    assert volunteer.email not in page and account.email not in page
    assert volunteer.name not in page  # the name shown is the one chosen
    form = client.get(url("kyoryokutai_inquiry"), {"alumni": volunteer.pk}).context["form"]
    assert "なぎさ（元 当別町）" in form.initial["subject"]
    # Opting out takes them off the list.
    client.force_login(account)
    client.post(url("kyoryokutai_member_alumni"), {"alumni_name": "なぎさ（元 当別町）"})
    client.logout()
    assert "なぎさ（元 当別町）" not in client.get(alumni).content.decode()


def test_a_serving_member_cannot_be_listed(staff):
    volunteer, account = invited_member(staff)
    with pytest.raises(ValidationError):
        services.member_alumni_save(
            volunteer=volunteer, actor=account, alumni_listed=True, alumni_name="x"
        )


def test_the_ob_og_list_pins_its_queries(client, staff, django_assert_num_queries):
    for n in range(3):
        volunteer = make_volunteer(
            staff, state="completed", name=f"元隊員{n}",
            term_start=today() - dt.timedelta(days=1100),
            term_end=today() - dt.timedelta(days=10),
        )  # fmt: skip
        volunteer, account = invited_member(staff, volunteer, email=f"ob{n}@example.jp")
        services.member_alumni_save(
            volunteer=volunteer, actor=account, alumni_listed=True, alumni_name=f"OB{n}"
        )
    client.get(url("kyoryokutai_alumni"))
    with django_assert_num_queries(1):
        response = client.get(url("kyoryokutai_alumni"))
    assert len(response.context["alumni"]) == 3
