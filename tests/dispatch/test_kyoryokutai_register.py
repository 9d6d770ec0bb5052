"""The register of 協力隊 members (personal data): the lifecycle 募集中 → 委嘱 → 活動中 →
任期満了 / 途中退任 through the services and the pages, where they settled and the follow-up
a year later, the reminders (90 days before the term ends; the follow-up), the to-do items,
and who sees what — the municipality, its bureau and HQ; anyone else gets 404."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dispatch import tasks
from dispatch.models import Settlement, Volunteer
from dispatch.services import volunteers as services
from dispatch.todos.kyoryokutai import kyoryokutai_todos
from portal.japanese import wareki_date
from portal.models import AuditEvent
from portal.workflow import InvalidTransition
from tests.dispatch.test_kyoryokutai_factories import (
    HIGASHIKAWA,
    TOBETSU,
    make_event,
    make_position,
    make_volunteer,
    missions,
    officer_of,
    settle,
    staff_of,
    today,
    town,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tobetsu_staff(db):
    return staff_of(TOBETSU)


@pytest.fixture
def kamikawa_officer(db):
    return officer_of("kamikawa")


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


def days(n):
    return dt.timedelta(days=n)


# --- The lifecycle through the pages --------------------------------------------------------


def test_a_municipality_keeps_a_member_from_recruitment_to_the_follow_up(
    client, tobetsu_staff, django_capture_on_commit_callbacks
):
    position = make_position(TOBETSU, actor=tobetsu_staff)
    training = make_event(title="初任者研修", starts_at=dt.datetime(2023, 5, 10, 13, tzinfo=dt.UTC))
    client.force_login(tobetsu_staff)
    response = client.post(
        url("kyoryokutai_volunteer_create"),
        {
            "position": position.pk,
            "missions": [m.pk for m in missions("tourism")],
            "activity": "観光の企画",
            "trainings": [],
            "other_training": "",
            "note": "",
        },
    )
    volunteer = Volunteer.objects.get()
    assert response["Location"] == url("kyoryokutai_volunteer_detail", volunteer.pk)
    assert volunteer.status == "recruiting" and volunteer.bureau.code == "ishikari"
    commission = url("kyoryokutai_volunteer_step", volunteer.pk, "commission")
    data = {
        "name": "海野 渚",
        "kana": "うみの なぎさ",
        "email": "nagisa@example.jp",
        "phone": "０９０－００００－００００",
        "moved_from": "東京都",
        "commissioned_on": "2023-03-20",
        "term_start": "2023-04-01",
        "term_end": "2027-03-31",  # four years: too long
    }
    response = client.post(commission, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and "海野 渚" in page and "2027-03-31" in page
    client.post(commission, {**data, "term_end": "2026-03-31"})
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.name) == ("commissioned", "海野 渚")
    client.post(
        url("kyoryokutai_volunteer_step", volunteer.pk, "start"), {"started_on": "2023-04-01"}
    )
    edit = client.post(
        url("kyoryokutai_volunteer_edit", volunteer.pk),
        {
            "position": position.pk,
            "missions": [m.pk for m in missions("tourism", "media")],
            "activity": "観光の企画と情報発信",
            "trainings": [training.pk],
            "other_training": "総務省 初任者研修",
            "note": "",
            "name": "海野 渚",
            "kana": "うみの なぎさ",
            "email": "nagisa@example.jp",
            "phone": "",
            "moved_from": "東京都",
            "term_start": "2023-04-01",
            "term_end": "2026-03-31",
        },
    )
    assert edit.status_code == 302
    client.post(url("kyoryokutai_volunteer_step", volunteer.pk, "complete"))
    volunteer.refresh_from_db()
    assert volunteer.status == "completed" and volunteer.ended_on == dt.date(2026, 3, 31)
    assert list(volunteer.trainings.all()) == [training]
    response = client.post(
        url("kyoryokutai_settlement", volunteer.pk),
        {"destination": "hokkaido", "settled_municipality": "", "work": "農業法人に就職"},
    )
    assert response.status_code == 200  # where in Hokkaido?
    assert "農業法人に就職" in response.content.decode()
    client.post(
        url("kyoryokutai_settlement", volunteer.pk),
        {
            "destination": "hokkaido",
            "settled_municipality": HIGASHIKAWA,
            "took_job": "on",
            "work": "農業法人に就職",
        },
    )
    settlement = Settlement.objects.get()
    assert settlement.settled_municipality.code == HIGASHIKAWA and settlement.took_job
    assert settlement.followup_due_on == dt.date(2027, 3, 31)
    client.post(
        url("kyoryokutai_followup", volunteer.pk), {"destination": "hokkaido", "note": "元気"}
    )
    settlement.refresh_from_db()
    assert settlement.followup_destination == "hokkaido" and settlement.followup_at
    page = client.get(url("kyoryokutai_volunteer_detail", volunteer.pk)).content.decode()
    assert "初任者研修" in page and "総務省 初任者研修" in page
    actions = list(
        AuditEvent.objects.for_object(volunteer).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "create",
        "commission",
        "start",
        "edit",
        "complete",
        "settlement",
        "follow_up",
    ]


def test_leaving_early_needs_a_day_within_the_term_and_a_reason(tobetsu_staff):
    volunteer = make_volunteer(tobetsu_staff, term_start=dt.date(2024, 4, 1))
    for ended_on, reason in (
        (dt.date(2024, 3, 1), "理由"),
        (volunteer.term_end, "理由"),
        (dt.date(2025, 1, 1), " "),
    ):
        with pytest.raises(ValidationError):
            services.volunteer_resign(
                volunteer=volunteer, actor=tobetsu_staff, ended_on=ended_on, reason=reason
            )
    services.volunteer_resign(
        volunteer=volunteer, actor=tobetsu_staff, ended_on=dt.date(2025, 1, 1), reason="転職"
    )
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.ended_on, volunteer.end_reason) == (
        "resigned",
        dt.date(2025, 1, 1),
        "転職",
    )


def test_a_commissioned_member_may_leave_before_starting(tobetsu_staff):
    volunteer = make_volunteer(tobetsu_staff, state="commissioned", term_start=dt.date(2024, 4, 1))
    services.volunteer_resign(
        volunteer=volunteer, actor=tobetsu_staff, ended_on=dt.date(2024, 4, 10), reason="辞退"
    )
    volunteer.refresh_from_db()
    assert volunteer.status == "resigned" and volunteer.started_on is None


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (dt.date(2024, 4, 1), dt.date(2025, 3, 31), True),  # one year
        (dt.date(2024, 4, 1), dt.date(2027, 3, 31), True),  # three years
        (dt.date(2024, 4, 1), dt.date(2024, 9, 30), False),  # half a year
        (dt.date(2024, 4, 1), dt.date(2027, 4, 1), False),  # a day over three years
        (dt.date(2024, 4, 1), dt.date(2024, 3, 31), False),
        (dt.date(2024, 2, 29), dt.date(2027, 2, 27), True),
    ],
)
def test_a_term_lasts_one_to_three_years(start, end, ok):
    if ok:
        services.validate_term(start, end)
    else:
        with pytest.raises(ValidationError):
            services.validate_term(start, end)


def test_the_term_can_be_completed_only_near_its_end(tobetsu_staff):
    volunteer = make_volunteer(tobetsu_staff, term_start=today() - days(100))
    with pytest.raises(ValidationError):
        services.volunteer_complete(volunteer=volunteer, actor=tobetsu_staff)
    services.volunteer_complete(
        volunteer=volunteer, actor=tobetsu_staff, today=volunteer.term_end - days(10)
    )
    volunteer.refresh_from_db()
    assert volunteer.status == "completed"
    with pytest.raises(InvalidTransition):
        services.volunteer_start(volunteer=volunteer, actor=tobetsu_staff, started_on=today())


def test_settlement_is_for_members_who_left_and_names_the_new_municipality(tobetsu_staff):
    active = make_volunteer(tobetsu_staff)
    with pytest.raises(ValidationError):
        settle(active, tobetsu_staff)
    ended = make_volunteer(
        tobetsu_staff, state="completed", term_start=dt.date(2022, 4, 1), name="川上 静"
    )
    with pytest.raises(ValidationError):
        settle(ended, tobetsu_staff, destination="hokkaido")
    with pytest.raises(ValidationError):
        settle(ended, tobetsu_staff, destination="hokkaido", settled_municipality=town(TOBETSU))
    with pytest.raises(ValidationError):
        settle(ended, tobetsu_staff, destination="moon")
    settle(ended, tobetsu_staff, destination="left", settled_municipality=town(HIGASHIKAWA))
    settlement = Settlement.objects.get()
    assert settlement.settled_municipality is None  # only for elsewhere in Hokkaido
    settle(ended, tobetsu_staff, destination="same", started_business=True)  # a correction
    settlement.refresh_from_db()
    assert settlement.destination == "same" and settlement.started_business
    assert Settlement.objects.count() == 1


# --- Who sees what --------------------------------------------------------------------------


@pytest.fixture
def member(tobetsu_staff):
    return make_volunteer(tobetsu_staff, name="秘密 太郎")


def register_pages(volunteer) -> list[str]:
    return [
        url("kyoryokutai_volunteer_detail", volunteer.pk),
        url("kyoryokutai_volunteer_edit", volunteer.pk),
        url("kyoryokutai_volunteer_step", volunteer.pk, "resign"),
        url("kyoryokutai_settlement", volunteer.pk),
        url("kyoryokutai_followup", volunteer.pk),
    ]


def test_other_municipalities_and_bureaus_get_404(
    client, member, ebetsu_staff, oshima_officer, kamikawa_officer, advisor, newcomer
):
    for user in (ebetsu_staff, oshima_officer, kamikawa_officer, advisor, newcomer):
        client.force_login(user)
        for page in register_pages(member):
            assert client.get(page).status_code == 404, (user, page)
            assert client.post(page, {"reason": "x"}).status_code == 404, (user, page)
        listing = client.get(url("kyoryokutai_volunteer_list"))
        assert listing.status_code in (200, 404)
        assert "秘密 太郎" not in listing.content.decode()
    client.logout()
    for page in register_pages(member):
        assert client.get(page).status_code == 302  # sign in first


def test_the_bureau_and_hq_read_but_only_the_municipality_writes(
    client, member, tobetsu_staff, ishikari_officer, hq_user
):
    for user in (ishikari_officer, hq_user):
        client.force_login(user)
        detail = client.get(url("kyoryokutai_volunteer_detail", member.pk))
        assert detail.status_code == 200 and "秘密 太郎" in detail.content.decode()
        assert "秘密 太郎" in client.get(url("kyoryokutai_volunteer_list")).content.decode()
        response = client.post(
            url("kyoryokutai_volunteer_step", member.pk, "resign"),
            {"ended_on": today().isoformat(), "reason": "x"},
        )
        assert response["Location"] == url("kyoryokutai_volunteer_detail", member.pk)
        assert client.get(url("kyoryokutai_volunteer_create")).status_code == 404
        with pytest.raises(PermissionDenied):
            services.volunteer_resign(volunteer=member, actor=user, ended_on=today(), reason="x")
    member.refresh_from_db()
    assert member.status == "active"
    client.force_login(tobetsu_staff)
    assert client.get(url("kyoryokutai_volunteer_edit", member.pk)).status_code == 200


def test_the_admin_of_the_register_is_scoped_and_read_only(
    client, member, ishikari_officer, oshima_officer, kamikawa_officer, hq_user, ebetsu_staff
):
    change = f"/admin/dispatch/volunteer/{member.pk}/change/"
    for officer in (oshima_officer, kamikawa_officer):
        client.force_login(officer)
        assert client.get(change).status_code == 404
        for listing in ("/admin/dispatch/volunteer/", "/admin/dispatch/volunteer/?q=秘密"):
            assert "秘密 太郎" not in client.get(listing).content.decode()
    # Municipal staff (of any municipality) keep the register on the portal, not the admin.
    client.force_login(ebetsu_staff)
    for page in (change, "/admin/dispatch/volunteer/"):
        response = client.get(page)
        assert response.status_code in (302, 403, 404)
        assert "秘密 太郎" not in response.content.decode()
    client.force_login(ishikari_officer)
    assert client.get(change).status_code == 200
    client.post(change, {"name": "改ざん"})
    member.refresh_from_db()
    assert member.name == "秘密 太郎"
    client.force_login(hq_user)
    assert "秘密 太郎" in client.get("/admin/dispatch/volunteer/").content.decode()


def test_a_position_of_another_municipality_cannot_be_linked(tobetsu_staff):
    elsewhere = make_position(HIGASHIKAWA)
    with pytest.raises(ValidationError):
        services.volunteer_create(actor=tobetsu_staff, data={"position": elsewhere})
    event = make_event(category="furusato")
    with pytest.raises(ValidationError):
        services.volunteer_create(actor=tobetsu_staff, data={"trainings": [event]})


# --- The list -------------------------------------------------------------------------------


def test_the_register_list_filters_and_its_query_count_does_not_grow(
    client, tobetsu_staff, ishikari_officer, django_assert_num_queries
):
    make_volunteer(tobetsu_staff, name="一人目")
    client.force_login(ishikari_officer)
    listing = url("kyoryokutai_volunteer_list")
    query = {"status": "active", "municipality": TOBETSU, "mission": "tourism"}
    # session, user, unread, session save (3); the chosen municipality and mission; years;
    # count; municipalities and missions (choices); page with its settlements; missions
    with django_assert_num_queries(14):
        client.get(listing, query)
    for n in range(30):
        make_volunteer(tobetsu_staff, name=f"隊員{n}")
    with django_assert_num_queries(14):
        response = client.get(listing, query)
    assert response.context["page"].paginator.count == 31
    page = response.content.decode()
    assert "status=active&amp;municipality=013030&amp;mission=tourism&amp;page=2" in page
    assert 'role="status"' in page and '<button type="submit">' in page


def test_attention_filters_find_what_the_municipality_must_do(client, tobetsu_staff):
    soon = make_volunteer(
        tobetsu_staff,
        name="任期まもなく",
        term_start=today() - days(1000),
        term_end=today() + days(60),
    )
    make_volunteer(tobetsu_staff, name="まだ先")
    unrecorded = make_volunteer(
        tobetsu_staff, state="completed", name="未記録", term_start=dt.date(2022, 4, 1)
    )
    followed = make_volunteer(
        tobetsu_staff, state="completed", name="一年後", term_start=dt.date(2021, 4, 1)
    )
    settle(followed, tobetsu_staff)
    client.force_login(tobetsu_staff)
    listing = url("kyoryokutai_volunteer_list")

    def names(value):
        return {v.name for v in client.get(listing, {"attention": value}).context["page"]}

    assert names("term_end") == {soon.name}
    assert names("settlement") == {unrecorded.name}
    assert names("follow_up") == {followed.name}
    years = client.get(listing, {"fiscal_year": "2021"}).context["page"]
    assert {v.name for v in years} == {"一年後"}


# --- Reminders and to-do items --------------------------------------------------------------


def test_ninety_days_before_the_term_ends_the_municipality_is_reminded_once(
    tobetsu_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role="municipal", municipality=town(TOBETSU))
    volunteer = make_volunteer(
        tobetsu_staff, term_start=today() - days(1000), term_end=today() + days(90)
    )
    make_volunteer(tobetsu_staff, name="まだ先", term_start=today() - days(100))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.volunteer_term_end_reminders_send() == 1
        services.volunteer_term_end_reminders_send()
        tasks.send_kyoryokutai_reminders.delay()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([tobetsu_staff.email, colleague.email])
    assert wareki_date(volunteer.term_end) in mail.outbox[0].subject
    assert ishikari_officer.email not in {m.to[0] for m in mail.outbox}
    # A renewed term (a new end) is reminded again when it comes near.
    mail.outbox.clear()
    services.volunteer_save(
        volunteer=volunteer, actor=tobetsu_staff, data={"term_end": today() + days(80)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer_term_end_reminders_send()
    assert len(mail.outbox) == 2


def test_the_reminders_run_every_day_on_the_beat():
    from django.conf import settings

    from portal.celery import app

    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == tasks.send_kyoryokutai_reminders.name
    )
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {8}  # daily, in the morning (Asia/Tokyo)


def test_the_follow_up_a_year_later_is_reminded_once(
    tobetsu_staff, django_capture_on_commit_callbacks
):
    ended = make_volunteer(
        tobetsu_staff, state="completed", name="森 大地", term_start=today() - days(1500)
    )
    settle(ended, tobetsu_staff, destination="same")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.settlement_followup_reminders_send(today=today() - days(400)) == 0
        assert services.settlement_followup_reminders_send() == 1
        services.settlement_followup_reminders_send()
        result = tasks.send_kyoryokutai_reminders.delay(today().isoformat()).get()
    assert result == {"term_end": 0, "follow_up": 1}
    assert [m.to for m in mail.outbox] == [[tobetsu_staff.email]]
    assert "森 大地" in mail.outbox[0].body
    services.volunteer_record_followup(volunteer=ended, actor=tobetsu_staff, destination="same")
    assert services.settlement_followup_reminders_send() == 0


def test_my_page_lists_what_to_do(client, tobetsu_staff, ishikari_officer):
    make_volunteer(
        tobetsu_staff,
        name="任期まもなく",
        term_start=today() - days(1000),
        term_end=today() + days(60),
    )
    make_volunteer(tobetsu_staff, state="resigned", name="退任者", term_start=dt.date(2023, 4, 1))
    followed = make_volunteer(
        tobetsu_staff, state="completed", name="一年後", term_start=dt.date(2021, 4, 1)
    )
    settle(followed, tobetsu_staff)
    make_position(TOBETSU, actor=tobetsu_staff, state="draft", title="下書きの募集")
    titles = [item.title for item in kyoryokutai_todos(tobetsu_staff)]
    assert len(titles) == 4
    assert any("任期まもなく" in t for t in titles)
    assert any("退任者" in t for t in titles)
    assert any("一年後" in t for t in titles)
    assert any("下書きの募集" in t for t in titles)
    assert kyoryokutai_todos(ishikari_officer) == []
    client.force_login(tobetsu_staff)
    assert "任期まもなく" in client.get(reverse("portal:mypage")).content.decode()
