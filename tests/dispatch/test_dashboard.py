"""The bureau and HQ dashboard: open requests by kind and status, days from request to
assignment, sessions per month (chart), satisfaction; scoped, with a pinned query count."""

import datetime as dt

import pytest
from django.urls import reverse

from dispatch.models import DispatchRequest
from tests.dispatch.factories import (
    PersonFactory,
    approved_request,
    assigned_request,
    confirmed_report,
    held_session,
    submitted_request,
)

pytestmark = pytest.mark.django_db

URL = reverse("dispatch:dashboard")


@pytest.fixture
def activity(
    sapporo_staff,
    ebetsu_staff,
    hakodate_staff,
    ishikari_officer,
    oshima_officer,
    advisor,
    advisor_person,
    now_after_sessions,
):
    submitted_request(sapporo_staff, title="待ち1")
    submitted_request(ebetsu_staff, kind="visit", title="待ち2")
    approved_request(ebetsu_staff, ishikari_officer, title="人選中")
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    # Submitted on 1 June, assigned 11.5 days later.
    DispatchRequest.objects.filter(pk=obj.pk).update(
        first_submitted_at=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC),
        assigned_at=dt.datetime(2026, 6, 12, 21, tzinfo=dt.UTC),
    )
    for day, rating in ((dt.date(2026, 7, 10), 5), (dt.date(2026, 7, 24), 3)):
        confirmed_report(
            held_session(obj, ishikari_officer, advisor_person, day=day),
            advisor,
            sapporo_staff,
            rating=rating,
        )
    held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 8, 7), mode="online")
    submitted_request(hakodate_staff, title="渡島の依頼")
    return obj


def test_the_officer_sees_the_bureaus_figures(client, activity, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(URL, {"fiscal_year": 2026})
    assert response.status_code == 200
    context = response.context
    rows = {row["kind"].value: row for row in context["open"]["rows"]}
    statuses = [s.value for s in context["open"]["statuses"]]
    assert rows["dx"]["cells"][statuses.index("submitted")] == 1
    assert rows["visit"]["cells"][statuses.index("submitted")] == 1
    assert rows["dx"]["cells"][statuses.index("approved")] == 1
    assert rows["dx"]["cells"][statuses.index("assigned")] == 1
    assert context["open"]["total"] == 4  # not 渡島's
    timing = {row["kind"].value: row for row in context["timing"]}
    assert (timing["dx"]["count"], timing["dx"]["average"]) == (1, 11.5)
    months = {m["month"].month: m for m in context["months"]}
    assert (months[7]["visits"], months[8]["online"], months[4]["total"]) == (2, 1, 0)
    assert [m["month"].month for m in context["months"]][:2] == [4, 5]
    assert context["satisfaction"]["average"] == 4
    assert context["satisfaction"]["distribution"][0] == {"rating": 5, "count": 1}
    text = response.content.decode()
    assert "<svg" in text and 'role="img"' in text
    assert 'class="fluid-chart"' in text and "viewBox" not in text


def test_hq_sees_all_bureaus_or_one(client, activity, hq_user):
    client.force_login(hq_user)
    everything = client.get(URL, {"fiscal_year": 2026}).context
    assert everything["open"]["total"] == 5
    oshima = client.get(URL, {"fiscal_year": 2026, "bureau": "oshima"}).context
    assert oshima["open"]["total"] == 1
    assert oshima["satisfaction"]["count"] == 0


def test_the_dashboard_is_for_officers_and_hq(client, activity, sapporo_staff, advisor):
    for user in (sapporo_staff, advisor):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_the_dashboard_query_count_does_not_grow(
    client,
    activity,
    ishikari_officer,
    advisor,
    sapporo_staff,
    advisor_person,
    django_assert_num_queries,
):
    client.force_login(ishikari_officer)
    with django_assert_num_queries(13):
        client.get(URL, {"fiscal_year": 2026})
    for day in (11, 12, 13):
        confirmed_report(
            held_session(activity, ishikari_officer, advisor_person, day=dt.date(2026, 8, day)),
            advisor,
            sapporo_staff,
        )
        submitted_request(sapporo_staff, title=f"追加{day}")
    PersonFactory()
    with django_assert_num_queries(13):
        client.get(URL, {"fiscal_year": 2026})


def test_odd_filters_fall_back(client, activity, hq_user):
    client.force_login(hq_user)
    response = client.get(URL, {"fiscal_year": "1999x", "bureau": "nowhere"})
    assert response.status_code == 200
