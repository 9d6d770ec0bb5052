"""Posting positions and trial programmes: the services (draft → published → closed, with
audit and the search text kept in step), who may post for which municipality (a table),
and the management pages, where anything outside one's scope is 404."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dispatch.models import Position, PostingStatus, TrialProgramme
from dispatch.permissions import requests as permissions
from dispatch.services import kyoryokutai as services
from portal.models import AuditEvent
from portal.workflow import InvalidTransition
from tests.dispatch.test_kyoryokutai_factories import (
    HIGASHIKAWA,
    SAPPORO,
    TOBETSU,
    make_position,
    make_trial,
    missions,
    officer_of,
    position_data,
    staff_of,
    today,
    town,
    trial_data,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def higashikawa_staff(db):
    return staff_of(HIGASHIKAWA)


@pytest.fixture
def kamikawa_officer(db):
    return officer_of("kamikawa")


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


# --- Services -------------------------------------------------------------------------------


def test_a_position_goes_from_draft_to_published_to_closed_with_an_audit_trail(
    higashikawa_staff,
):
    position = services.position_create(
        actor=higashikawa_staff, municipality=town(HIGASHIKAWA), data=position_data()
    )
    assert position.status == PostingStatus.DRAFT
    assert position.bureau.code == "kamikawa"
    services.posting_publish(posting=position, actor=higashikawa_staff)
    position.refresh_from_db()
    assert position.status == "published" and position.published_at is not None
    first_published = position.published_at
    services.posting_publish(posting=position, actor=higashikawa_staff)  # twice: harmless
    services.posting_close(posting=position, actor=higashikawa_staff)
    services.posting_reopen(posting=position, actor=higashikawa_staff)
    services.posting_unpublish(posting=position, actor=higashikawa_staff)
    services.posting_publish(posting=position, actor=higashikawa_staff)
    position.refresh_from_db()
    assert position.published_at == first_published  # the feed keeps its place
    actions = list(
        AuditEvent.objects.for_object(position).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["create", "publish", "close", "reopen", "unpublish", "publish"]
    draft = make_position(actor=higashikawa_staff, state="draft")
    with pytest.raises(InvalidTransition):
        services.posting_close(posting=draft, actor=higashikawa_staff)


def test_publishing_needs_a_window_that_is_not_over(higashikawa_staff):
    day = today()
    position = services.position_create(
        actor=higashikawa_staff,
        municipality=town(HIGASHIKAWA),
        data=position_data(
            applications_open=day - dt.timedelta(days=30),
            applications_close=day - dt.timedelta(days=1),
        ),
    )
    with pytest.raises(ValidationError):
        services.posting_publish(posting=position, actor=higashikawa_staff)
    position.refresh_from_db()
    assert position.status == "draft"


def test_invalid_data_is_refused_with_the_field_named(higashikawa_staff):
    day = today()
    cases = [
        ({"applications_close": day - dt.timedelta(days=60)}, "applications_close"),
        ({"pay_min": 300000, "pay_max": 100000}, "pay_max"),
        ({"term_years": 4}, "term_years"),
        ({"missions": []}, "missions"),
    ]
    for overrides, field in cases:
        with pytest.raises(ValidationError) as error:
            services.position_create(
                actor=higashikawa_staff,
                municipality=town(HIGASHIKAWA),
                data=position_data(**overrides),
            )
        assert field in error.value.error_dict, overrides
    with pytest.raises(ValidationError):
        services.trial_create(
            actor=higashikawa_staff,
            municipality=town(HIGASHIKAWA),
            data=trial_data(ends_on=day, starts_on=day + dt.timedelta(days=3)),
        )
    assert not Position.objects.exists() and not TrialProgramme.objects.exists()


def test_the_search_text_follows_every_change(higashikawa_staff):
    position = make_position(actor=higashikawa_staff, title="観光の担い手")
    assert "観光の担い手" in position.search_text and "東川町" in position.search_text
    services.posting_save(
        posting=position,
        actor=higashikawa_staff,
        data=position_data(title="ＳＫＩリゾートの運営", missions=missions("sports")),
    )
    position.refresh_from_db()
    assert "skiリゾートの運営" in position.search_text
    assert "スポーツ" in position.search_text and "観光の担い手" not in position.search_text
    services.posting_close(posting=position, actor=higashikawa_staff)
    with pytest.raises(ValidationError):
        services.posting_save(posting=position, actor=higashikawa_staff, data=position_data())


@pytest.mark.parametrize(
    ("who", "own_town", "allowed"),
    [
        ("higashikawa_staff", HIGASHIKAWA, True),
        ("higashikawa_staff", TOBETSU, False),
        ("kamikawa_officer", HIGASHIKAWA, True),
        ("kamikawa_officer", TOBETSU, False),
        ("ishikari_officer", TOBETSU, True),
        ("ishikari_officer", HIGASHIKAWA, False),
        ("hq_user", HIGASHIKAWA, True),
        ("advisor", HIGASHIKAWA, False),
        ("newcomer", HIGASHIKAWA, False),
    ],
)
def test_who_may_post_for_which_municipality(request, who, own_town, allowed):
    user = request.getfixturevalue(who)
    draft = Position(municipality=town(own_town), bureau_id=town(own_town).bureau_id)
    assert permissions.can_manage_posting(user, draft) is allowed
    if allowed:
        services.position_create(actor=user, municipality=town(own_town), data=position_data())
    else:
        with pytest.raises(PermissionDenied):
            services.position_create(actor=user, municipality=town(own_town), data=position_data())


def test_only_those_who_manage_a_posting_change_it(higashikawa_staff, sapporo_staff):
    position = make_position()
    for action in services.POSTING_ACTIONS.values():
        with pytest.raises((PermissionDenied, InvalidTransition)):
            action(posting=position, actor=sapporo_staff)
    with pytest.raises(PermissionDenied):
        services.posting_save(posting=position, actor=sapporo_staff, data=position_data())
    services.posting_close(posting=position, actor=higashikawa_staff)


# --- The management pages ---------------------------------------------------------------------


def test_municipal_staff_post_a_position_through_the_form(client, higashikawa_staff):
    client.force_login(higashikawa_staff)
    form = client.get(url("kyoryokutai_posting_create", "positions")).context["form"]
    assert "municipality" not in form.fields  # their own
    day = today()
    data = {
        "title": "ＤＸ推進の担い手",
        "missions": [m.pk for m in missions("digital")],
        "activity": "役場のデジタル化",
        "description": "説明",
        "openings": "１",
        "term_years": "3",
        "pay_min": "２００，０００円",
        "pay_max": "",
        "housing": "help",
        "vehicle": "none",
        "conditions": "",
        "applications_open": day.isoformat(),
        "applications_close": (day + dt.timedelta(days=30)).isoformat(),
        "how_to_apply": "メールで",
        "contact_name": "企画課",
        "contact_phone": "",
        "contact_email": "",
        "url": "",
    }
    # No phone and no address: the form comes back with everything typed.
    response = client.post(url("kyoryokutai_posting_create", "positions"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ＤＸ推進の担い手" in page and "error-summary" in page
    # Nothing was saved: the page must not say the draft is kept (no false reassurance).
    assert "is saved as a draft" not in page and "下書きとして保存されています" not in page
    response = client.post(
        url("kyoryokutai_posting_create", "positions"), {**data, "contact_email": "a@example.jp"}
    )
    position = Position.objects.get()
    assert response["Location"] == url("kyoryokutai_position_detail", position.pk)
    assert position.municipality.code == HIGASHIKAWA and position.pay_min == 200000
    assert position.openings == 1
    page = client.get(response["Location"]).content.decode()
    assert "Managing this posting" in page or "管理" in page or "status-tag--draft" in page
    client.post(url("kyoryokutai_posting_action", "positions", position.pk), {"action": "publish"})
    position.refresh_from_db()
    assert position.status == "published"
    response = client.post(
        url("kyoryokutai_posting_action", "positions", position.pk), {"action": "bogus"}
    )
    assert response.status_code == 302


def test_officers_choose_among_their_bureaus_municipalities(client, ishikari_officer):
    client.force_login(ishikari_officer)
    form = client.get(url("kyoryokutai_posting_create", "trials")).context["form"]
    codes = {m.code for m in form.fields["municipality"].queryset}
    assert TOBETSU in codes and HIGASHIKAWA not in codes
    data = {
        "municipality": HIGASHIKAWA,
        "kind": "trial",
        "title": "よその町",
        "missions": [m.pk for m in missions("tourism")],
        "description": "説明",
        "starts_on": (today() + dt.timedelta(days=10)).isoformat(),
        "ends_on": (today() + dt.timedelta(days=12)).isoformat(),
        "capacity": "5",
        "how_to_apply": "メール",
        "contact_name": "企画課",
        "contact_email": "a@example.jp",
    }
    response = client.post(url("kyoryokutai_posting_create", "trials"), data)
    assert response.status_code == 200 and not TrialProgramme.objects.exists()
    response = client.post(
        url("kyoryokutai_posting_create", "trials"), {**data, "municipality": TOBETSU}
    )
    assert TrialProgramme.objects.get().municipality.code == TOBETSU


def test_other_municipalities_and_bureaus_get_404_on_management_pages(
    client, sapporo_staff, oshima_officer, higashikawa_staff, kamikawa_officer, hq_user
):
    position = make_position(state="draft")
    trial = make_trial(state="draft")
    pages = [
        url("kyoryokutai_posting_edit", "positions", position.pk),
        url("kyoryokutai_posting_edit", "trials", trial.pk),
        url("kyoryokutai_position_detail", position.pk),
        url("kyoryokutai_trial_detail", trial.pk),
    ]
    for user in (sapporo_staff, oshima_officer):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 404, (user, page)
        response = client.post(
            url("kyoryokutai_posting_action", "positions", position.pk), {"action": "publish"}
        )
        assert response.status_code == 404
        assert (
            position.title not in client.get(url("kyoryokutai_manage_positions")).content.decode()
        )
    for user in (higashikawa_staff, kamikawa_officer, hq_user):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 200, (user, page)
    client.force_login(UserFactory(advisor=True))
    assert client.get(url("kyoryokutai_manage_positions")).status_code == 404
    assert client.get(url("kyoryokutai_posting_create", "elsewhere")).status_code == 404
    client.logout()
    assert client.get(url("kyoryokutai_manage_positions")).status_code == 302


def test_the_management_list_filters_and_its_query_count_does_not_grow(
    client, kamikawa_officer, django_assert_num_queries
):
    make_position(state="draft")
    client.force_login(kamikawa_officer)
    listing = url("kyoryokutai_manage_positions")
    # session, user, unread notifications, session save (savepoint, update, release); the
    # chosen municipality; count; municipalities (choices); page
    with django_assert_num_queries(10):
        response = client.get(listing, {"status": "draft", "municipality": HIGASHIKAWA})
    assert response.context["page"].paginator.count == 1
    for n in range(30):
        make_position(state="draft", title=f"下書き{n}")
    with django_assert_num_queries(10):
        response = client.get(listing, {"status": "draft", "municipality": HIGASHIKAWA})
    assert response.context["page"].paginator.count == 31
    page = response.content.decode()
    assert "status=draft&amp;municipality=014583&amp;page=2" in page
    assert 'role="status"' in page


def test_the_admin_lists_are_scoped(client, ishikari_officer, kamikawa_officer, hq_user):
    position = make_position()
    trial = make_trial()
    client.force_login(ishikari_officer)
    assert client.get(f"/admin/dispatch/position/{position.pk}/change/").status_code == 404
    assert client.get(f"/admin/dispatch/trialprogramme/{trial.pk}/change/").status_code == 404
    assert position.title not in client.get("/admin/dispatch/position/").content.decode()
    client.force_login(kamikawa_officer)
    assert client.get(f"/admin/dispatch/position/{position.pk}/change/").status_code == 200
    # Read-only: postings are changed on the portal's pages.
    response = client.post(f"/admin/dispatch/position/{position.pk}/change/", {"title": "x"})
    assert response.status_code in (302, 403)
    position.refresh_from_db()
    assert position.title != "x"
    client.force_login(hq_user)
    assert client.get("/admin/dispatch/mission/").status_code == 200
    assert client.get(f"/admin/dispatch/position/{position.pk}/change/").status_code == 200


def test_sapporo_staff_cannot_post_for_another_municipality_by_hand(client, sapporo_staff):
    client.force_login(sapporo_staff)
    data = {
        "municipality": HIGASHIKAWA,
        "title": "なりすまし",
        "missions": [m.pk for m in missions("tourism")],
        "activity": "x",
        "description": "x",
        "openings": "1",
        "term_years": "3",
        "housing": "none",
        "vehicle": "none",
        "applications_open": today().isoformat(),
        "applications_close": today().isoformat(),
        "how_to_apply": "x",
        "contact_name": "x",
        "contact_email": "a@example.jp",
    }
    client.post(url("kyoryokutai_posting_create", "positions"), data)
    assert Position.objects.get().municipality.code == SAPPORO  # the field is ignored


def test_the_trials_management_list_query_count_does_not_grow(client, kamikawa_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_trial(state="draft", title="下書き")
    client.force_login(kamikawa_officer)
    listing = url("kyoryokutai_manage_trials")
    client.get(listing)
    with CaptureQueriesContext(connection) as few:
        assert client.get(listing).status_code == 200
    for n in range(12):
        make_trial(state="draft", title=f"下書き{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(listing)
    assert response.status_code == 200
    assert "下書き11" in response.content.decode()
    assert len(many) == len(few)
