"""Suggestions for a request: ranked by skill match, area and load, with their reasons.

The roster below is built so that each rule decides one place in the expected order
(scores out of 100: skills 50, area 20, load 20, availability 10)."""

import datetime as dt

import pytest

from dispatch.matching import suggest
from dispatch.models import Assignment
from tests.dispatch.factories import PersonFactory, approved_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
WANTED = ["dx-strategy", "online-procedures", "cloud"]
YEAR = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


def busy(person, other_request, start, end):
    return Assignment.objects.create(
        request=other_request,
        person=person,
        starts_on=start,
        ends_on=end,
        assigned_by=other_request.decided_by,
    )


@pytest.fixture
def roster(ebetsu_staff, ishikari_officer):
    elsewhere = approved_request(ebetsu_staff, ishikari_officer, title="別の取組")
    later = approved_request(ebetsu_staff, ishikari_officer, title="秋の取組")
    people = {
        # all skills, covers 石狩, free, available: 50 + 20 + 20 + 10
        "A": PersonFactory(name="A", skill_codes=WANTED, area_codes=["ishikari"], available=YEAR),
        # all skills, all Hokkaido, 2 of 3 places taken (outside the period), no
        # availability recorded: 50 + 10 + 7 + 5
        "B": PersonFactory(name="B", skill_codes=WANTED),
        # two of three skills, covers 石狩, free, available for part: 33 + 20 + 20 + 5
        "C": PersonFactory(
            name="C",
            skill_codes=WANTED[:2],
            area_codes=["ishikari"],
            available=(dt.date(2026, 7, 1), dt.date(2026, 8, 15)),
        ),
        # one skill, covers 渡島 only, free, available: 17 + 0 + 20 + 10
        "D": PersonFactory(name="D", skill_codes=WANTED[:1], area_codes=["oshima"], available=YEAR),
        # the best match on paper, but already assigned in August: listed last, and its
        # recorded availability earns nothing: 50 + 20 + 13 + 0
        "E": PersonFactory(name="E", skill_codes=WANTED, area_codes=["ishikari"], available=YEAR),
        # all skills, all Hokkaido, free, but recorded as available only next year:
        # 50 + 10 + 20 + 0
        "F": PersonFactory(
            name="F", skill_codes=WANTED, available=(dt.date(2027, 1, 1), dt.date(2027, 3, 31))
        ),
        # not available for dispatch at all
        "G": PersonFactory(name="G", skill_codes=WANTED, is_active=False),
    }
    busy(people["B"], elsewhere, dt.date(2026, 6, 1), dt.date(2026, 6, 20))
    busy(people["B"], later, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    busy(people["E"], elsewhere, dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    # An assignment that ended before today does not count as load.
    busy(people["A"], elsewhere, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    return people


@pytest.fixture
def request_dx(sapporo_staff, ishikari_officer):
    return approved_request(
        sapporo_staff,
        ishikari_officer,
        wanted=WANTED,
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 9, 30),
    )


def test_the_ranking_follows_skills_area_load_and_availability(roster, request_dx):
    suggestions = suggest(request_dx, today=TODAY)
    assert [(s.person.name, s.score) for s in suggestions] == [
        ("A", 100),
        ("F", 80),
        ("C", 78),
        ("B", 72),
        ("D", 47),
        # Assigned elsewhere in August: no availability points (one verdict), listed last.
        ("E", 83),
    ]


def test_each_suggestion_explains_itself(roster, request_dx):
    by_name = {s.person.name: s for s in suggest(request_dx, today=TODAY)}
    c = by_name["C"]
    assert [s.code for s in c.matched] == ["dx-strategy", "online-procedures"]
    assert [s.code for s in c.missing] == ["cloud"]
    assert c.area == "bureau"
    assert c.availability == "partial"
    b = by_name["B"]
    assert b.area == "all"
    assert b.load == 2
    assert [(a.starts_on.month, a.request.title) for a in b.current] == [
        (6, "別の取組"),
        (10, "秋の取組"),
    ]
    assert b.availability == "unknown"
    assert by_name["A"].load == 0  # the April assignment is over
    d = by_name["D"]
    assert d.area == "other"
    e = by_name["E"]
    assert not e.can_assign
    assert [(a.starts_on, a.ends_on) for a in e.clashes] == [
        (dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    ]
    assert by_name["F"].availability == "none"
    assert "G" not in by_name


def test_another_period_changes_clashes_and_availability(roster, request_dx):
    by_name = {
        s.person.name: s
        for s in suggest(
            request_dx, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30), today=TODAY
        )
    }
    assert by_name["E"].can_assign
    assert by_name["C"].availability == "none"


def test_ties_go_to_the_less_loaded_then_by_name(ebetsu_staff, ishikari_officer, request_dx):
    elsewhere = approved_request(ebetsu_staff, ishikari_officer, title="別")
    # 甲: one assignment (20 × 3/4 = 15) but available (10); 乙 and 丙: free (20) with no
    # availability recorded (5). All three score 50 + 10 + 15 + 10 = 50 + 10 + 20 + 5 = 85.
    loaded = PersonFactory(name="甲", kana="あ", skill_codes=WANTED, capacity=4, available=YEAR)
    PersonFactory(name="乙", kana="い", skill_codes=WANTED, capacity=4)
    PersonFactory(name="丙", kana="う", skill_codes=WANTED, capacity=4)
    busy(loaded, elsewhere, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    ranked = [(s.person.name, s.score, s.load) for s in suggest(request_dx, today=TODAY)]
    assert ranked == [("乙", 85, 0), ("丙", 85, 0), ("甲", 85, 1)]


def test_a_regional_dispatch_suggests_prefectural_staff_only(
    sapporo_staff, ishikari_officer, roster
):
    staff = PersonFactory(name="道職員", kind="staff", skill_codes=["strategy"])
    obj = approved_request(sapporo_staff, ishikari_officer, kind="regional", wanted=("strategy",))
    names = [s.person.name for s in suggest(obj, today=TODAY)]
    assert names == ["道職員"]
    assert staff.pk


def test_people_already_on_the_request_are_not_suggested_again(
    roster, request_dx, ishikari_officer
):
    from dispatch.services.assignments import dispatch_request_assign

    dispatch_request_assign(
        request=request_dx,
        actor=ishikari_officer,
        people=[roster["A"]],
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 9, 30),
    )
    names = [s.person.name for s in suggest(request_dx, today=TODAY)]
    assert "A" not in names


def test_suggestions_take_a_fixed_number_of_queries(roster, request_dx, django_assert_num_queries):
    with django_assert_num_queries(6):
        suggest(request_dx, today=TODAY)
    for index in range(5):
        person = PersonFactory(name=f"追加{index}", skill_codes=WANTED, area_codes=["ishikari"])
        user = UserFactory(advisor=True)
        person.user = user
        person.save()
    with django_assert_num_queries(6):
        assert len(suggest(request_dx, today=TODAY)) == 11


def test_availability_periods_are_merged_as_intervals(request_dx):
    from dispatch.matching import _availability
    from dispatch.models import Availability

    def periods(*pairs):
        return [Availability(starts_on=a, ends_on=b) for a, b in pairs]

    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    overlapping = periods(
        (dt.date(2026, 6, 1), dt.date(2026, 7, 31)),
        (dt.date(2026, 7, 15), dt.date(2026, 8, 31)),
        (dt.date(2026, 9, 1), dt.date(2026, 12, 31)),
    )
    assert _availability(overlapping, start, end) == "full"
    gap = periods(
        (dt.date(2026, 7, 1), dt.date(2026, 8, 30)), (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    )
    assert _availability(gap, start, end) == "partial"
    assert _availability(periods((dt.date(2027, 1, 1), dt.date(2027, 3, 31))), start, end) == "none"
    assert _availability([], start, end) == "unknown"
    # A century-long period is as cheap as a day.
    assert (
        _availability(
            periods((dt.date(2000, 1, 1), dt.date(2100, 12, 31))),
            dt.date(2000, 1, 1),
            dt.date(2100, 12, 31),
        )
        == "full"
    )


# --- One verdict per candidate (#18 point 9) ----------------------------------------------


def test_a_person_assigned_elsewhere_is_not_also_said_to_be_available(roster, request_dx):
    """E has availability recorded for the whole year but is assigned elsewhere in August:
    the candidate's one verdict is that they cannot be assigned, not 'available for the
    whole period' beside it."""
    e = {s.person.name: s for s in suggest(request_dx, today=TODAY)}["E"]
    assert e.availability == "assigned"
    assert not e.can_assign


def test_the_candidates_page_gives_one_verdict_per_person(
    client, roster, request_dx, ishikari_officer
):
    from django.urls import reverse

    client.force_login(ishikari_officer)
    page = client.get(reverse("dispatch:request_candidates", args=[request_dx.pk]))
    text = page.content.decode()
    blocks = {
        name: text[text.index(f'id="why-{roster[name].pk}"') :].split('<li class="suggestion', 1)[0]
        for name in ("A", "E")
    }
    # E: assigned in August although its recorded availability covers the period.
    assert "この期間には配置できません" in blocks["E"]
    assert "期間全体で対応可能です" not in blocks["E"]
    assert "江別市" in blocks["E"]
    # A, free and available, is told so once.
    assert "期間全体で対応可能です" in blocks["A"]
    assert "この期間には配置できません" not in blocks["A"]
