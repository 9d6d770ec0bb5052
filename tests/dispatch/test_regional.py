"""The pillar's figures in the regional view (people) and its panel on a municipality's
page there."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dispatch.regional import requests as regional
from portal import regional as regional_view
from portal.models import Municipality
from tests.dispatch.factories import (
    assigned_request,
    confirmed_report,
    held_session,
    submitted_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(
    sapporo_staff, ebetsu_staff, ishikari_officer, advisor, advisor_person, now_after_sessions
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    confirmed_report(
        held_session(obj, ishikari_officer, advisor_person),
        advisor,
        sapporo_staff,
        hours=6,
        rating=5,
    )
    confirmed_report(
        held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, 17)),
        advisor,
        sapporo_staff,
        hours=Decimal("2.5"),
        rating=3,
    )
    submitted_request(ebetsu_staff)
    return obj


def test_the_provider_counts_by_municipality_and_year(work):
    rows = {
        (key, year, code): value
        for key, year, code, value in regional.provider([2026], ["011002", "012173"])
    }
    assert rows[("dispatch.requests", 2026, "011002")] == 1
    assert rows[("dispatch.assigned", 2026, "011002")] == 1
    assert rows[("dispatch.requests", 2026, "012173")] == 1
    assert rows[("dispatch.sessions", 2026, "011002")] == 2
    assert rows[("dispatch.days", 2026, "011002")] == 2
    assert rows[("dispatch.hours", 2026, "011002")] == Decimal("8.5")
    table = regional_view.compute([2026], Municipality.objects.filter(bureau__code="ishikari"))
    figures = table.for_municipality("011002", 2026)
    rating = next(m for m in regional_view.measures() if m.key == "dispatch.rating")
    assert figures.get(rating) == 4.0
    assert table.for_bureau(work.bureau_id, 2026).values["dispatch.requests"] == 2


def test_the_provider_takes_two_queries(work, django_assert_num_queries):
    with django_assert_num_queries(2):
        list(regional.provider([2025, 2026], ["011002", "012173"]))


def test_the_panel_lists_the_requests_for_those_who_may_see_them(
    work, sapporo_staff, ebetsu_staff, oshima_officer
):
    sapporo = Municipality.objects.get(code="011002")
    panel = regional.municipality_panel(sapporo_staff, sapporo)
    assert work.reference in panel["items"][0]["title"]
    assert panel["items"][-1]["url"] == reverse("dispatch:municipality_detail", args=["011002"])
    assert regional.municipality_panel(ebetsu_staff, sapporo) is None
    assert regional.municipality_panel(oshima_officer, sapporo) is None


def test_the_regional_page_shows_the_people_pillar(client, work, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(
        reverse("portal:regional_municipality", args=["011002"]), {"fiscal_year": 2026}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "8.5" in text
    assert work.reference in text
