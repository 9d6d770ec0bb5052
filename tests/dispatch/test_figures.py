"""The yearly counters per person and per municipality (days, sessions, visits, hours), as
the national special-allocation-tax rules count them, and their CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from dispatch.figures.requests import confirmed_reports, yearly_figures
from dispatch.services import reports
from tests.dispatch.factories import (
    PersonFactory,
    assigned_request,
    confirmed_report,
    held_session,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def june_2027(monkeypatch):
    """Every session below has been held."""
    from django.utils import timezone

    fixed = timezone.make_aware(dt.datetime(2027, 6, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)


@pytest.fixture
def year_of_work(sapporo_staff, ebetsu_staff, ishikari_officer, advisor, advisor_person, june_2027):
    """札幌市: five visits and an online session with the advisor (one day with two
    sessions); a report of another day still unconfirmed. 江別市: one visit in the next
    年度 (April 2027) and one in this one."""
    sapporo = assigned_request(
        sapporo_staff,
        ishikari_officer,
        advisor_person,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 11, 30),
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 11, 30),
    )
    days = [dt.date(2026, 5, d) for d in (11, 18, 25)] + [dt.date(2026, 6, 1)]
    for day in days:
        confirmed_report(
            held_session(sapporo, ishikari_officer, advisor_person, day=day), advisor, sapporo_staff
        )
    # Two sessions on 2026-06-08: a morning visit (3h) and an afternoon online one (4h).
    day = dt.date(2026, 6, 8)
    confirmed_report(
        held_session(sapporo, ishikari_officer, advisor_person, day=day, start=9, end=12),
        advisor,
        sapporo_staff,
        hours=3,
    )
    confirmed_report(
        held_session(
            sapporo, ishikari_officer, advisor_person, day=day, start=13, end=17, mode="online"
        ),
        advisor,
        sapporo_staff,
        hours=Decimal("4.5"),
    )
    # Not confirmed yet: not counted.
    pending = held_session(sapporo, ishikari_officer, advisor_person, day=dt.date(2026, 6, 15))
    reports.activity_report_submit(session=pending, actor=advisor, summary="未確認", hours=6)
    # Another person with the same municipality: counted separately.
    staff_user = UserFactory(ishikari_officer=True)
    staff_person = PersonFactory(kind="staff", name="道職員", user=staff_user)
    from dispatch.services.assignments import dispatch_request_assign

    dispatch_request_assign(
        request=sapporo,
        actor=ishikari_officer,
        people=[staff_person],
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    confirmed_report(
        held_session(sapporo, ishikari_officer, staff_person, day=dt.date(2026, 6, 22)),
        staff_user,
        sapporo_staff,
        hours=2,
    )
    ebetsu = assigned_request(
        ebetsu_staff,
        ishikari_officer,
        advisor_person,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 5, 31),
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 5, 31),
    )
    confirmed_report(
        held_session(ebetsu, ishikari_officer, advisor_person, day=dt.date(2026, 12, 1)),
        advisor,
        ebetsu_staff,
    )
    confirmed_report(
        held_session(ebetsu, ishikari_officer, advisor_person, day=dt.date(2027, 4, 5)),
        advisor,
        ebetsu_staff,
        hours=7,
    )
    return {"sapporo": sapporo, "ebetsu": ebetsu, "staff_person": staff_person}


def test_counts_per_person_and_municipality_and_year(year_of_work, advisor_person):
    pairs = yearly_figures(confirmed_reports(2026), by="pair")
    sapporo_advisor = pairs[("011002", advisor_person.pk)]
    # 5 days (two sessions on 6/8), 6 sessions, 5 on-site visits, 6×4 + 3 + 4.5 hours.
    assert (sapporo_advisor.days, sapporo_advisor.sessions, sapporo_advisor.visits) == (5, 6, 5)
    assert sapporo_advisor.hours == Decimal("31.5")
    # 6/8 has 7.5 hours in two sessions: a full day, like the four 6-hour days.
    assert sapporo_advisor.full_days == 5
    assert sapporo_advisor.meets_national_rule  # five visits
    staff = pairs[("011002", year_of_work["staff_person"].pk)]
    assert (staff.days, staff.sessions, staff.hours, staff.full_days) == (1, 1, Decimal(2), 0)
    ebetsu = pairs[("012173", advisor_person.pk)]
    assert (ebetsu.days, ebetsu.sessions) == (1, 1)
    assert not ebetsu.meets_national_rule
    next_year = yearly_figures(confirmed_reports(2027), by="person")
    assert next_year[advisor_person.pk].hours == Decimal(7)


def test_municipality_and_person_totals(year_of_work, advisor_person):
    by_municipality = yearly_figures(confirmed_reports(2026), by="municipality")
    sapporo = by_municipality["011002"]
    # Sessions are counted once per municipality even with two people; days likewise.
    assert (sapporo.days, sapporo.sessions, sapporo.visits) == (6, 7, 6)
    assert sapporo.hours == Decimal("33.5")
    person = yearly_figures(confirmed_reports(2026), by="person")[advisor_person.pk]
    assert (person.days, person.sessions) == (6, 7)


def test_the_counters_take_one_query_however_many_reports(year_of_work, django_assert_num_queries):
    with django_assert_num_queries(1):
        yearly_figures(confirmed_reports(2026), by="pair")


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_csv_has_one_row_per_municipality_and_person(
    client, year_of_work, ishikari_officer, advisor_person
):
    client.force_login(ishikari_officer)
    rows = _csv(client.get(reverse("dispatch:figures_csv"), {"fiscal_year": 2026}))
    assert rows[0][:6] == ["年度", "全国地方公共団体コード", "市町村", "人材", "区分", "日数"]
    body = {(r[1], r[3]): r for r in rows[1:]}
    assert body[("011002", advisor_person.name)][5:] == ["5", "5", "6", "5", "31.5", "該当"]
    assert body[("011002", "道職員")][4] == "道職員"
    assert body[("012173", advisor_person.name)][0] == "令和8年度"


def test_the_advisor_and_the_municipality_download_their_own_figures(
    client, year_of_work, advisor, advisor_person, sapporo_staff, ebetsu_staff
):
    client.force_login(advisor)
    rows = _csv(
        client.get(
            reverse("dispatch:person_figures_csv", args=[advisor_person.pk]), {"fiscal_year": 2026}
        )
    )
    assert {r[1] for r in rows[1:]} == {"011002", "012173"}
    client.force_login(sapporo_staff)
    rows = _csv(
        client.get(
            reverse("dispatch:municipality_figures_csv", args=["011002"]), {"fiscal_year": "2026"}
        )
    )
    assert {r[3] for r in rows[1:]} == {advisor_person.name, "道職員"}
    assert (
        client.get(reverse("dispatch:municipality_figures_csv", args=["012173"])).status_code == 404
    )
    assert (
        client.get(reverse("dispatch:person_figures_csv", args=[advisor_person.pk])).status_code
        == 404
    )


def test_an_officer_of_another_bureau_sees_none_of_these_figures(
    client, year_of_work, oshima_officer
):
    client.force_login(oshima_officer)
    rows = _csv(client.get(reverse("dispatch:figures_csv"), {"fiscal_year": 2026}))
    assert rows[1:] == []
    response = client.get(reverse("dispatch:figures"), {"fiscal_year": 2026})
    assert response.context["by_person"] == []


def test_the_pages_show_the_figures(
    client, year_of_work, advisor, advisor_person, sapporo_staff, hq_user
):
    client.force_login(advisor)
    page = client.get(
        reverse("dispatch:person_detail", args=[advisor_person.pk]), {"fiscal_year": 2026}
    )
    assert page.status_code == 200
    assert page.context["total"].sessions == 7  # 6 in 札幌市, 1 in 江別市
    client.force_login(sapporo_staff)
    page = client.get(
        reverse("dispatch:municipality_detail", args=["011002"]), {"fiscal_year": 2026}
    )
    assert page.context["total"].sessions == 7
    assert "31.5" in page.content.decode()
    client.force_login(hq_user)
    page = client.get(reverse("dispatch:figures"), {"fiscal_year": "2026"})
    assert [p.name for p, _f in page.context["by_person"]] == sorted(
        [advisor_person.name, "道職員"]
    )
    # An unknown year falls back to the current one instead of failing.
    assert client.get(reverse("dispatch:figures"), {"fiscal_year": "abc"}).status_code == 200


def test_the_figures_pages_take_a_fixed_number_of_queries(
    client,
    year_of_work,
    hq_user,
    advisor,
    advisor_person,
    ishikari_officer,
    sapporo_staff,
    django_assert_num_queries,
):
    client.force_login(hq_user)
    figures = reverse("dispatch:figures")
    person = reverse("dispatch:person_detail", args=[advisor_person.pk])
    client.get(figures, {"fiscal_year": 2026})
    with django_assert_num_queries(15):  # 14, and the region choices (from the regional view)
        client.get(figures, {"fiscal_year": 2026})
    with django_assert_num_queries(18):
        client.get(person, {"fiscal_year": 2026})
    sapporo = year_of_work["sapporo"]
    for day in (dt.date(2026, 9, 1), dt.date(2026, 9, 2), dt.date(2026, 9, 3)):
        confirmed_report(
            held_session(sapporo, ishikari_officer, advisor_person, day=day),
            advisor,
            sapporo_staff,
        )
    with django_assert_num_queries(15):
        client.get(figures, {"fiscal_year": 2026})
    with django_assert_num_queries(18):
        response = client.get(person, {"fiscal_year": 2026})
    assert response.context["total"].sessions == 10


def test_the_figures_page_filters_by_the_region_the_regional_view_links(
    client, year_of_work, hq_user
):
    """HQ's regional view links 道央's sessions to ?fiscal_year=2026&region=doo."""
    client.force_login(hq_user)
    figures = reverse("dispatch:figures")
    doo = client.get(figures, {"fiscal_year": 2026, "region": "doo"}).context
    assert [m.code for m, _f in doo["by_municipality"]] == ["011002", "012173"]
    assert (
        client.get(figures, {"fiscal_year": 2026, "region": "donan"}).context["by_municipality"]
        == []
    )
