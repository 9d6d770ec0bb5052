"""Figures per 年度 from a known register: members active, new commissions, terms ending,
members who left and where they settled (定住率) by municipality, bureau and region; the
page with its charts, the CSV, the regional view's measures; scoped and with a fixed
number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from dispatch.figures.kyoryokutai import figures
from dispatch.models import Volunteer
from dispatch.regional import kyoryokutai as regional_kyoryokutai
from portal import regional as regional_view
from tests.dispatch.test_kyoryokutai_factories import (
    EBETSU,
    HIGASHIKAWA,
    TOBETSU,
    make_volunteer,
    officer_of,
    settle,
    staff_of,
    town,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tobetsu_staff(db):
    return staff_of(TOBETSU)


@pytest.fixture
def higashikawa_staff(db):
    return staff_of(HIGASHIKAWA)


@pytest.fixture
def kamikawa_officer(db):
    return officer_of("kamikawa")


YEAR = 2024  # 令和6年度: 2024-04-01 – 2025-03-31
FIGURES = reverse("dispatch:kyoryokutai_figures")
CSV = reverse("dispatch:kyoryokutai_figures_csv")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def register(tobetsu_staff, ebetsu_staff, higashikawa_staff, hakodate_staff):
    """当別町 and 江別市 (石狩), 東川町 (上川), 函館市 (渡島): members at every stage."""
    a = make_volunteer(
        tobetsu_staff, state="completed", name="A", term_start=d("2022-04-01"),
        term_end=d("2025-03-31"),
    )  # fmt: skip
    settle(a, tobetsu_staff, destination="same", started_business=True)
    b = make_volunteer(
        tobetsu_staff, state="resigned", name="B", term_start=d("2023-04-01"),
        term_end=d("2026-03-31"), ended_on=d("2024-10-31"),
    )  # fmt: skip
    settle(b, tobetsu_staff, destination="left", took_job=True)
    make_volunteer(
        tobetsu_staff, name="C", term_start=d("2024-06-01"), term_end=d("2027-05-31")
    )  # active, commissioned on 2024-05-18
    d_ = make_volunteer(
        ebetsu_staff, state="completed", name="D", term_start=d("2021-10-01"),
        term_end=d("2024-09-30"),
    )  # fmt: skip
    settle(d_, ebetsu_staff, destination="hokkaido", settled_municipality=town(TOBETSU),
           took_job=True)  # fmt: skip
    e = make_volunteer(
        ebetsu_staff, state="completed", name="E", term_start=d("2021-04-01"),
        term_end=d("2024-03-31"),
    )  # fmt: skip  # left in 令和5年度
    settle(e, ebetsu_staff, destination="same")
    make_volunteer(
        higashikawa_staff, state="completed", name="F", term_start=d("2022-01-01"),
        term_end=d("2024-12-31"),
    )  # fmt: skip  # destination not recorded
    make_volunteer(
        higashikawa_staff, state="commissioned", name="G", term_start=d("2024-10-01"),
        term_end=d("2025-09-30"),
    )  # fmt: skip
    h = make_volunteer(
        higashikawa_staff, state="completed", name="H", term_start=d("2021-07-01"),
        term_end=d("2024-06-30"),
    )  # fmt: skip
    settle(h, higashikawa_staff, destination="unknown")
    make_volunteer(hakodate_staff, state="recruiting")


EXPECTED_ISHIKARI = {
    "active": 4,
    "commissioned": 1,
    "terms_ending": 2,
    "left": 3,
    "resigned": 1,
    "known": 3,
    "same": 1,
    "nearby": 0,
    "hokkaido": 1,
    "left_hokkaido": 1,
    "unknown": 0,
    "business": 1,
    "job": 2,
}


def test_the_figures_follow_the_definitions(register):
    table = figures(Volunteer.objects.all(), YEAR)
    bureaus = {row.key: row for row in table.bureaus}
    assert bureaus["ishikari"].counts == EXPECTED_ISHIKARI
    assert bureaus["ishikari"].settlement_rate == 66.7
    assert bureaus["ishikari"].same_rate == 33.3
    kamikawa = bureaus["kamikawa"]
    assert (kamikawa.counts["active"], kamikawa.counts["commissioned"]) == (2, 1)
    assert (kamikawa.counts["terms_ending"], kamikawa.counts["left"]) == (2, 2)
    assert (kamikawa.counts["known"], kamikawa.counts["unknown"]) == (0, 2)
    assert kamikawa.settlement_rate is None  # nothing known: no rate, not 0 %
    assert not any(bureaus["oshima"].counts.values())  # recruiting only
    municipalities = {row.key: row for row in table.municipalities}
    tobetsu, ebetsu = municipalities[TOBETSU].counts, municipalities[EBETSU].counts
    assert (tobetsu["active"], tobetsu["left"], tobetsu["same"], tobetsu["left_hokkaido"]) == (
        3,
        2,
        1,
        1,
    )
    assert (ebetsu["active"], ebetsu["left"], ebetsu["hokkaido"]) == (1, 1, 1)
    regions = {row.key: row for row in table.regions}
    assert regions["doo"].counts == EXPECTED_ISHIKARI
    assert regions["dohoku"].counts["active"] == 2
    total = table.total
    assert (total.counts["active"], total.counts["left"], total.counts["known"]) == (6, 5, 3)
    assert total.settlement_rate == 66.7
    # The year before: E left and stayed.
    before = figures(Volunteer.objects.all(), YEAR - 1)
    ebetsu_before = {row.key: row for row in before.municipalities}[EBETSU]
    assert (ebetsu_before.counts["left"], ebetsu_before.settlement_rate) == (1, 100.0)


def test_the_regional_view_gets_active_members_and_the_settlement_rate(register):
    rows = {
        (key, code): value
        for key, year, code, value in regional_kyoryokutai.provider(
            [YEAR], [TOBETSU, EBETSU, HIGASHIKAWA]
        )
    }
    assert rows[("kyoryokutai.active", TOBETSU)] == 3
    assert rows[("kyoryokutai.left", TOBETSU)] == 2
    assert rows[("kyoryokutai.settled", TOBETSU)] == 1
    assert rows[("kyoryokutai.known", TOBETSU)] == 2
    assert rows[("kyoryokutai.settled", EBETSU)] == 1
    table = regional_view.compute(
        [YEAR], town(TOBETSU).__class__.objects.select_related("bureau").all()
    )
    rate = next(m for m in regional_view.measures() if m.key == "kyoryokutai.settlement_rate")
    assert table.for_bureau(town(TOBETSU).bureau_id, YEAR).get(rate) == 66.7
    assert table.for_municipality(TOBETSU, YEAR).get(rate) == 50.0
    assert regional_kyoryokutai.provider([], [TOBETSU]) is not None


def test_hq_sees_bureaus_regions_charts_and_a_total(client, register, hq_user):
    client.force_login(hq_user)
    response = client.get(FIGURES, {"fiscal_year": YEAR})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('role="img"') == 2  # settlement rate and members active
    assert page.count('class="fluid-chart"') == 2 and "viewBox" not in page
    assert "66.7%" in page and 'role="status"' in page
    assert "<caption>" in page and 'scope="row"' in page
    assert not response.context["by_municipality"]
    one_bureau = client.get(FIGURES, {"fiscal_year": YEAR, "bureau": "kamikawa"})
    assert one_bureau.context["by_municipality"]
    codes = {row.key for row in one_bureau.context["places"]}
    assert HIGASHIKAWA in codes and TOBETSU not in codes
    assert client.get(FIGURES, {"fiscal_year": "abc", "bureau": "nowhere"}).status_code == 200


def test_a_bureau_sees_its_own_municipalities_only(client, register, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(FIGURES, {"fiscal_year": YEAR})
    assert response.context["by_municipality"]
    places = {row.key: row for row in response.context["places"]}
    assert TOBETSU in places and HIGASHIKAWA not in places
    assert len(places) == 8  # the eight municipalities of 石狩
    assert response.context["table"].total.counts == EXPECTED_ISHIKARI
    # The bureau filter is HQ's: an officer cannot look at another bureau.
    other = client.get(FIGURES, {"fiscal_year": YEAR, "bureau": "kamikawa"})
    assert other.context["table"].total.counts == EXPECTED_ISHIKARI


def test_municipal_staff_and_others_get_404(client, register, tobetsu_staff, advisor):
    for user in (tobetsu_staff, advisor):
        client.force_login(user)
        assert client.get(FIGURES).status_code == 404
        assert client.get(CSV).status_code == 404


def _csv_rows(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))


def test_the_csv_has_the_same_figures(client, register, hq_user, ishikari_officer):
    client.force_login(hq_user)
    response = client.get(CSV, {"fiscal_year": YEAR})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][:4] == ["年度", "区分", "コード", "名称"]
    ishikari = next(r for r in rows if r[1] == "振興局" and r[2] == "ishikari")
    assert ishikari[3] == "石狩振興局"
    assert ishikari[4:17] == [str(v) for v in EXPECTED_ISHIKARI.values()]
    assert ishikari[17:] == ["66.7", "33.3", "33.3"]
    assert len([r for r in rows if r[1] == "振興局"]) == 14
    assert len([r for r in rows if r[1] == "連携地域"]) == 6
    assert rows[-1][1] == "合計" and rows[-1][4] == "6"
    client.force_login(ishikari_officer)
    rows = _csv_rows(client.get(CSV, {"fiscal_year": YEAR}))
    tobetsu = next(r for r in rows if r[2] == TOBETSU)
    assert tobetsu[1:4] == ["市町村", TOBETSU, "当別町"]
    assert all(r[2] != HIGASHIKAWA for r in rows)


def test_the_figures_query_count_does_not_grow(
    client, register, hq_user, tobetsu_staff, django_assert_num_queries
):
    client.force_login(hq_user)
    # session, user, unread, session save (3); the first term (years); the chosen bureau;
    # the counts; the municipalities; the bureaus with their regions; the region choices
    with django_assert_num_queries(12):
        client.get(FIGURES, {"fiscal_year": YEAR})
    for n in range(10):
        make_volunteer(
            tobetsu_staff, name=f"追加{n}", term_start=d("2024-04-01"), term_end=d("2027-03-31")
        )
    with django_assert_num_queries(12):
        response = client.get(FIGURES, {"fiscal_year": YEAR})
    assert response.context["table"].total.counts["active"] == 16
    with django_assert_num_queries(9):  # no page: no unread count, no session save
        client.get(CSV, {"fiscal_year": YEAR})


def test_a_neighbouring_municipality_counts_as_settling_as_the_national_survey_does(
    tobetsu_staff, ebetsu_staff
):
    a = make_volunteer(
        tobetsu_staff, state="completed", name="近", term_start=d("2021-07-01"),
        term_end=d("2024-06-30"),
    )  # fmt: skip
    settle(a, tobetsu_staff, destination="nearby", settled_municipality=town(EBETSU))
    b = make_volunteer(
        tobetsu_staff, state="completed", name="外", term_start=d("2021-07-01"),
        term_end=d("2024-06-30"),
    )  # fmt: skip
    settle(b, tobetsu_staff, destination="left")
    row = {r.key: r for r in figures(Volunteer.objects.all(), YEAR).municipalities}[TOBETSU]
    assert (row.counts["nearby"], row.counts["known"]) == (1, 2)
    assert row.settlement_rate == 50.0  # still in Hokkaido
    assert row.same_rate == 0.0
    assert row.local_rate == 50.0  # same or neighbouring: the national survey's 定住
    rows = {
        (key, code): value
        for key, _year, code, value in regional_kyoryokutai.provider([YEAR], [TOBETSU])
    }
    assert rows[("kyoryokutai.settled", TOBETSU)] == 1


def test_a_neighbouring_municipality_must_be_named_and_not_the_same(tobetsu_staff):
    from django.core.exceptions import ValidationError

    a = make_volunteer(
        tobetsu_staff, state="completed", name="近", term_start=d("2021-07-01"),
        term_end=d("2024-06-30"),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        settle(a, tobetsu_staff, destination="nearby")
    with pytest.raises(ValidationError):
        settle(a, tobetsu_staff, destination="nearby", settled_municipality=town(TOBETSU))
