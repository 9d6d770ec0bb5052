"""Challenges and liaison meetings in the regional view (information, I1): figures from
fixtures against hand-computed values, sums up to bureau and all Hokkaido, constant
queries, links to the filtered challenge list, scope."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from casebook.models import Challenge, Theme
from casebook.regional import challenges as figures
from portal import regional as regional_view
from portal.models import Bureau, Municipality
from portal.regional import BureauKey
from tests.casebook.factories_challenges import ChallengeFactory, MeetingFactory

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
SAPPORO, EBETSU, HAKODATE = "011002", "012173", "012025"


def _challenge(code, theme, status, submitted):
    challenge = ChallengeFactory(
        municipality=Municipality.objects.select_related("bureau").get(code=code),
        theme=Theme.objects.get(code=theme),
        status=status,
    )
    # 年度 of submission: April–March in Asia/Tokyo (31 March 2027 23:30 is still 2026).
    Challenge.objects.filter(pk=challenge.pk).update(created_at=submitted)
    return challenge


@pytest.fixture
def data():
    """Challenges: 札幌 three in 年度 2026 (migration new, migration considering, tourism
    resolved on 31 March 2027) and one in 2025 (tourism new, 31 March 2026); 江別 one in
    2026 (digital, not feasible); 函館 (渡島) one in 2026 (migration, matched).
    Meetings: 石狩 holds two in 2026 (10 April 2026 inviting 札幌 and 江別; 20 March 2027
    inviting 札幌) and one in 2025 (15 March 2026 inviting 札幌); 渡島 one in 2026 inviting
    函館."""
    _challenge(SAPPORO, "migration", "new", dt.datetime(2026, 4, 1, 9, tzinfo=TOKYO))
    _challenge(SAPPORO, "migration", "considering", dt.datetime(2026, 12, 1, tzinfo=TOKYO))
    _challenge(SAPPORO, "tourism", "resolved", dt.datetime(2027, 3, 31, 23, 30, tzinfo=TOKYO))
    _challenge(SAPPORO, "tourism", "new", dt.datetime(2026, 3, 31, 23, 30, tzinfo=TOKYO))
    _challenge(EBETSU, "digital", "not_feasible", dt.datetime(2026, 6, 1, tzinfo=TOKYO))
    _challenge(HAKODATE, "migration", "matched", dt.datetime(2026, 6, 1, tzinfo=TOKYO))
    MeetingFactory(date=dt.date(2026, 4, 10), invited=[SAPPORO, EBETSU])
    MeetingFactory(date=dt.date(2027, 3, 20), invited=[SAPPORO])
    MeetingFactory(date=dt.date(2026, 3, 15), invited=[SAPPORO])
    MeetingFactory(
        date=dt.date(2026, 5, 1), bureau=Bureau.objects.get(code="oshima"), invited=[HAKODATE]
    )


def _ishikari():
    return BureauKey(Bureau.objects.get(code="ishikari").pk)


EXPECTED_ROWS = [
    # (measure key, 年度, municipality code or "ishikari", value)
    (figures.TOTAL, 2026, SAPPORO, 3),
    (figures.TOTAL, 2025, SAPPORO, 1),
    (figures.TOTAL, 2026, EBETSU, 1),
    (figures.status_key("new"), 2026, SAPPORO, 1),
    (figures.status_key("considering"), 2026, SAPPORO, 1),
    (figures.status_key("resolved"), 2026, SAPPORO, 1),
    (figures.status_key("new"), 2025, SAPPORO, 1),
    (figures.status_key("not_feasible"), 2026, EBETSU, 1),
    (figures.theme_key("migration"), 2026, SAPPORO, 2),
    (figures.theme_key("tourism"), 2026, SAPPORO, 1),
    (figures.theme_key("tourism"), 2025, SAPPORO, 1),
    (figures.theme_key("digital"), 2026, EBETSU, 1),
    (figures.MEETINGS_HELD, 2026, "ishikari", 2),
    (figures.MEETINGS_HELD, 2025, "ishikari", 1),
    (figures.MEETINGS_INVITED, 2026, SAPPORO, 2),
    (figures.MEETINGS_INVITED, 2025, SAPPORO, 1),
    (figures.MEETINGS_INVITED, 2026, EBETSU, 1),
]


def _rows(years, codes):
    """The provider's rows summed by (measure, 年度, place), as the kernel sums them (a
    municipality's challenges come in one row per status and theme)."""
    rows = {}
    for key, year, where, value in figures.provider(years, codes):
        rows[(key, year, where)] = rows.get((key, year, where), 0) + value
    return rows


def test_the_provider_gives_exactly_the_hand_computed_rows(data):
    rows = _rows([2025, 2026], [SAPPORO, EBETSU])
    expected = {
        (key, year, _ishikari() if where == "ishikari" else where): value
        for key, year, where, value in EXPECTED_ROWS
    }
    assert rows == expected  # nothing of 函館 or 渡島 (not asked for), no empty rows


@pytest.mark.parametrize(
    ("key", "level", "expected"),
    [
        (figures.TOTAL, "ishikari", 4),
        (figures.TOTAL, "all", 5),
        (figures.status_key("new"), "ishikari", 1),
        (figures.status_key("matched"), "all", 1),
        (figures.status_key("not_feasible"), "ishikari", 1),
        (figures.theme_key("migration"), "ishikari", 2),
        (figures.theme_key("migration"), "all", 3),
        (figures.theme_key("tourism"), "ishikari", 1),
        (figures.theme_key("energy"), "all", 0),
        (figures.MEETINGS_HELD, "ishikari", 2),
        (figures.MEETINGS_HELD, "oshima", 1),
        (figures.MEETINGS_HELD, "all", 3),
        (figures.MEETINGS_INVITED, "ishikari", 3),
        (figures.MEETINGS_INVITED, "all", 4),
        (figures.MEETINGS_HELD, SAPPORO, 0),  # held by the bureau, not the municipality
        (figures.MEETINGS_INVITED, SAPPORO, 2),
    ],
)
def test_the_figures_of_2026_sum_up(data, key, level, expected):
    table = regional_view.compute([2026], Municipality.objects.select_related("bureau"))
    measure = next(m for m in regional_view.measures() if m.key == key)
    if level == "all":
        place = table.for_all(2026)
    elif level.isdigit():
        place = table.for_municipality(level, 2026)
    else:
        place = table.for_bureau(Bureau.objects.get(code=level).pk, 2026)
    assert place.get(measure) == expected


def test_every_measure_is_registered_in_order():
    keys = [m.key for m in regional_view.measures() if m.key.startswith("casebook.")]
    ours = [m.key for m in sorted(figures.MEASURES, key=lambda m: m.order)]
    assert ours[-len(figures.THEMES) :] == [figures.theme_key(c) for c, *_ in figures.THEMES]
    assert [k for k in keys if k in ours] == ours  # the curated order of statuses and themes
    assert keys.index("casebook.published") < keys.index(figures.TOTAL)


def test_the_provider_takes_two_queries_whatever_the_rows(data, django_assert_num_queries):
    for _ in range(3):
        _challenge(EBETSU, "energy", "new", dt.datetime(2025, 5, 1, tzinfo=TOKYO))
        MeetingFactory(date=dt.date(2025, 6, 1), invited=[SAPPORO, EBETSU, HAKODATE])
    with django_assert_num_queries(2):
        list(figures.provider([2024, 2025, 2026], [SAPPORO, EBETSU, HAKODATE]))


def test_the_figures_link_to_the_filtered_challenge_list(client, data, ishikari_officer):
    client.cookies["django_language"] = "en"
    client.force_login(ishikari_officer)
    html = client.get(
        reverse("portal:regional_bureau", args=["ishikari"]), {"fiscal_year": 2026}
    ).content.decode()
    assert "Challenges on Migration and settlement" in html
    assert "Liaison meetings held" in html
    base = reverse("casebook:challenge_list")
    # Each link carries the figure's 年度 and place (#18).
    assert f"{base}?fiscal_year=2026&amp;bureau=ishikari" in html
    assert f"{base}?fiscal_year=2026&amp;bureau=ishikari&amp;status=considering" in html
    assert f"{base}?fiscal_year=2026&amp;municipality={SAPPORO}&amp;theme=tourism" in html
    # The list behind 札幌's 'considering' figure holds that challenge.
    listed = client.get(
        base, {"fiscal_year": 2026, "municipality": SAPPORO, "status": "considering"}
    ).content.decode()
    titles = dict(Challenge.objects.values_list("status", "title").filter(municipality=SAPPORO))
    assert titles["considering"] in listed
    assert titles["resolved"] not in listed


def test_the_labels_follow_the_language(client, data, ishikari_officer):
    client.force_login(ishikari_officer)
    html = client.get(
        reverse("portal:regional_municipality", args=[SAPPORO]), {"fiscal_year": 2026}
    ).content.decode()
    assert "移住・定住" in html
    assert "Migration and settlement" not in html


def test_the_list_behind_a_figure_shows_nothing_out_of_scope(client, data, oshima_officer):
    """The region's aggregates are visible to 渡島, but the challenges of 札幌 are not."""
    client.force_login(oshima_officer)
    assert client.get(reverse("portal:regional_bureau", args=["ishikari"])).status_code == 404
    listed = client.get(
        reverse("casebook:challenge_list"), {"municipality": SAPPORO, "status": "considering"}
    )
    assert listed.status_code == 200
    html = listed.content.decode()
    for title in Challenge.objects.filter(municipality_id=SAPPORO).values_list("title", flat=True):
        assert title not in html


def test_the_challenge_list_filters_by_the_year_submitted(client, data, hq_user):
    """札幌's tourism challenges: one on 31 March 2027 23:30 (still 2026), one in 2025."""
    url = reverse("casebook:challenge_list")
    client.force_login(hq_user)

    def listed(year):
        response = client.get(
            url, {"fiscal_year": year, "municipality": SAPPORO, "theme": "tourism"}
        )
        return [c.status for c in response.context["page"].object_list]

    assert listed(2026) == ["resolved"]
    assert listed(2025) == ["new"]
    assert len(client.get(url, {"fiscal_year": 2026}).context["page"].object_list) == 5
