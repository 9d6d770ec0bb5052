"""The volunteers' portal without an account: positions with Japanese search, filters,
pagination and the Atom feed; a municipality's page with its current and past positions
and the members' stories; trial programmes; events with seats and iCal. Personal data of
the register never appears on any of these pages."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from icalendar import Calendar

from casebook.api import CaseStudySummary, case_studies_for_municipality
from dispatch.kyoryokutai_text import normalise, search_words
from portal.models import Registration
from portal.services.events import event_register
from tests.dispatch.test_kyoryokutai_factories import (
    HAKODATE,
    HIGASHIKAWA,
    SHIMOKAWA,
    TOBETSU,
    make_event,
    make_position,
    make_trial,
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
def higashikawa_staff(db):
    return staff_of(HIGASHIKAWA)


@pytest.fixture
def kamikawa_officer(db):
    return officer_of("kamikawa")


ATOM = "{http://www.w3.org/2005/Atom}"


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


def titles(response) -> set[str]:
    return {p.title for p in response.context["page"]}


# --- Positions: search, filters, pagination -------------------------------------------------


def test_japanese_search_matches_normalised_substrings(client):
    make_position(title="写真の町の観光と移住支援")
    make_position(
        SHIMOKAWA,
        title="森林資源を活かした林業",
        missions=missions("forestry"),
        activity="ＤＸを活かした木材の流通と、ｶﾝｺｳ資源の発信",
    )
    listing = url("kyoryokutai_position_list")
    assert titles(client.get(listing, {"q": "観光"})) == {"写真の町の観光と移住支援"}
    # Full-width and half-width forms find each other; ASCII ignores case.
    assert titles(client.get(listing, {"q": "dx"})) == {"森林資源を活かした林業"}
    assert titles(client.get(listing, {"q": "カンコウ"})) == {"森林資源を活かした林業"}
    # Every word must match (the ideographic space separates words too).
    assert titles(client.get(listing, {"q": "林業\u3000木材"})) == {"森林資源を活かした林業"}
    assert titles(client.get(listing, {"q": "林業 温泉"})) == set()
    # Mission names and the municipality are searchable.
    assert titles(client.get(listing, {"q": "東川町"})) == {"写真の町の観光と移住支援"}
    assert "Forestry".casefold() in normalise("FORESTRY")
    assert search_words(" %_ 観光\x00 ") == ["%_", "観光"]
    assert titles(client.get(listing, {"q": "%_"})) == set()


def test_filters_by_when_region_bureau_and_mission(client):
    day = today()
    make_position(title="受付中")
    make_position(
        SHIMOKAWA,
        title="受付前",
        missions=missions("forestry"),
        applications_open=day + dt.timedelta(days=5),
        applications_close=day + dt.timedelta(days=40),
    )
    make_position(TOBETSU, title="終了", state="closed")
    make_position(HAKODATE, title="下書き", state="draft")
    listing = url("kyoryokutai_position_list")
    assert titles(client.get(listing)) == {"受付中", "受付前"}  # current by default
    assert titles(client.get(listing, {"when": "open"})) == {"受付中"}
    assert titles(client.get(listing, {"when": "past"})) == {"終了"}
    assert titles(client.get(listing, {"when": "all"})) == {"受付中", "受付前", "終了"}
    assert titles(client.get(listing, {"when": "all", "region": "doo"})) == {"終了"}
    assert titles(client.get(listing, {"bureau": "kamikawa"})) == {"受付中", "受付前"}
    assert titles(client.get(listing, {"mission": "forestry"})) == {"受付前"}
    # Unknown values are ignored, never an error.
    response = client.get(listing, {"when": "x", "bureau": "nowhere", "page": "-3", "q": "\x00"})
    assert response.status_code == 200


def test_list_has_a_filter_button_a_count_and_pages_that_keep_the_query(client):
    for n in range(23):
        make_position(title=f"観光{n:02d}")
    response = client.get(url("kyoryokutai_position_list"), {"q": "観光", "bureau": "kamikawa"})
    page = response.content.decode()
    assert response.context["page"].paginator.count == 23
    assert 'role="status"' in page and "23" in page
    assert '<button type="submit">' in page
    assert "q=%E8%A6%B3%E5%85%89&amp;bureau=kamikawa&amp;page=2" in page
    assert len(client.get(url("kyoryokutai_position_list"), {"page": "2"}).context["page"]) == 3


def test_the_position_list_query_count_does_not_grow(client, django_assert_num_queries):
    make_position()
    # the chosen mission; count; regions, bureaus, missions (the filter's choices); page;
    # missions of the page.
    with django_assert_num_queries(7):
        client.get(url("kyoryokutai_position_list"), {"mission": "tourism"})
    for n in range(12):
        make_position(SHIMOKAWA if n % 2 else HIGASHIKAWA, title=f"追加{n}")
    with django_assert_num_queries(7):
        response = client.get(url("kyoryokutai_position_list"), {"mission": "tourism"})
    assert response.context["page"].paginator.count == 13


def test_a_position_page_shows_conditions_and_the_way_to_ask(client):
    position = make_position(pay_min=180000, pay_max=220000, housing="free")
    page = client.get(url("kyoryokutai_position_detail", position.pk)).content.decode()
    assert "180,000円〜220,000円" in page
    assert f"{url('kyoryokutai_inquiry')}?position={position.pk}" in page
    assert url("kyoryokutai_municipality", HIGASHIKAWA) in page
    assert "Managing this posting" not in page and "管理" not in page


def test_drafts_are_404_except_for_those_who_manage_them(
    client, sapporo_staff, ishikari_officer, hq_user, kamikawa_officer, higashikawa_staff
):
    draft = make_position(state="draft")
    detail = url("kyoryokutai_position_detail", draft.pk)
    assert client.get(detail).status_code == 404
    for user in (sapporo_staff, ishikari_officer):
        client.force_login(user)
        assert client.get(detail).status_code == 404
    for user in (hq_user, kamikawa_officer, higashikawa_staff):
        client.force_login(user)
        assert client.get(detail).status_code == 200
    assert client.get(url("kyoryokutai_position_detail", 99999)).status_code == 404


# --- The Atom feed --------------------------------------------------------------------------


def test_the_atom_feed_parses_back_newest_first(client, django_assert_num_queries):
    older = make_position(title="古い募集")
    newer = make_position(SHIMOKAWA, title="新しい募集", missions=missions("forestry"))
    make_position(title="下書き", state="draft")
    make_position(title="締切済", state="closed")
    response = client.get(url("kyoryokutai_position_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own feed
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "下川町: 新しい募集",
        "東川町: 古い募集",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(url("kyoryokutai_position_detail", newer.pk))
    assert {c.get("term") for c in entries[0].findall(f"{ATOM}category")} == {"林業"}
    feed = client.get(url("kyoryokutai_position_feed"), {"mission": "tourism"})
    root = ET.fromstring(feed.content)  # noqa: S314
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        f"東川町: {older.title}"
    ]
    assert client.get(url("kyoryokutai_position_feed"), {"bureau": "x" * 500}).status_code == 200


def test_the_feed_query_count_does_not_grow(client, django_assert_num_queries):
    make_position()
    client.get(url("kyoryokutai_position_feed"))  # the Site is cached after the first feed
    # the mission; the items; their missions
    with django_assert_num_queries(3):
        client.get(url("kyoryokutai_position_feed"), {"mission": "tourism"})
    for n in range(8):
        make_position(title=f"募集{n}")
    with django_assert_num_queries(3):
        client.get(url("kyoryokutai_position_feed"), {"mission": "tourism"})


def test_the_home_page_and_the_pillar_page_lead_to_the_volunteers_portal(client):
    portal = url("kyoryokutai")
    assert f'href="{portal}"' in client.get(reverse("portal:home")).content.decode()
    pillar = client.get(url("index")).content.decode()
    assert f'href="{portal}"' in pillar
    assert f'href="{url("kyoryokutai_inquiry")}"' in pillar


def test_the_sitemap_lists_public_postings_only(client, django_assert_num_queries):
    published = make_position(title="公開中")
    closed = make_position(SHIMOKAWA, title="締切済", state="closed")
    draft = make_position(title="下書き", state="draft")
    trial = make_trial()
    client.get(url("kyoryokutai_sitemap"))  # the Site is cached after the first request
    # positions and trials (a count for the pages and the rows each), municipalities
    with django_assert_num_queries(5):
        response = client.get(url("kyoryokutai_sitemap"))
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own sitemap
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = {urlsplit(loc.text).path for loc in root.iter(f"{ns}loc")}
    assert url("kyoryokutai_position_detail", published.pk) in locations
    assert url("kyoryokutai_position_detail", closed.pk) in locations
    assert url("kyoryokutai_position_detail", draft.pk) not in locations
    assert url("kyoryokutai_trial_detail", trial.pk) in locations
    assert url("kyoryokutai_municipality", HIGASHIKAWA) in locations
    assert url("kyoryokutai_municipality", SHIMOKAWA) in locations
    assert not any("volunteers" in loc for loc in locations)
    for n in range(5):
        make_position(title=f"募集{n}")
    with django_assert_num_queries(5):
        client.get(url("kyoryokutai_sitemap"))


# --- A municipality's page ------------------------------------------------------------------


def test_the_municipality_page_has_current_and_past_positions_and_stories(client, monkeypatch):
    make_position(title="いまの募集")
    make_position(title="過去の募集", state="closed")
    make_position(title="非公開の下書き", state="draft")
    make_position(SHIMOKAWA, title="よその町")
    make_trial(title="おためし体験")
    monkeypatch.setattr(
        "casebook.api.case_studies_for_municipality",
        lambda code, *, theme, limit: [
            CaseStudySummary(
                1, "隊員インタビュー", "/casebook/cases/1/", "写真の町で起業", None, code
            )
        ],
    )
    response = client.get(url("kyoryokutai_municipality", HIGASHIKAWA))
    page = response.content.decode()
    assert [p.title for p in response.context["current"]] == ["いまの募集"]
    assert [p.title for p in response.context["past"]] == ["過去の募集"]
    assert "おためし体験" in page and "隊員インタビュー" in page
    assert "非公開の下書き" not in page and "よその町" not in page
    assert client.get(url("kyoryokutai_municipality", "999999")).status_code == 404


def test_the_municipality_page_query_count_does_not_grow(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(
        "casebook.api.case_studies_for_municipality", lambda code, *, theme, limit: []
    )
    make_position()
    make_position(title="過去", state="closed")
    make_trial()
    # the municipality; current, past and trials, each with their missions
    with django_assert_num_queries(7):
        client.get(url("kyoryokutai_municipality", HIGASHIKAWA))
    for n in range(5):
        make_position(title=f"募集{n}")
        make_position(title=f"過去{n}", state="closed")
        make_trial(title=f"体験{n}")
    with django_assert_num_queries(7):
        client.get(url("kyoryokutai_municipality", HIGASHIKAWA))


def test_stories_come_from_published_casebook_case_studies_on_the_theme(client):
    factories = pytest.importorskip("tests.casebook.factories")
    interview = factories.CaseStudyFactory(
        title="協力隊OBが開いた写真スタジオ",
        municipality=town(HIGASHIKAWA),
        published=True,
        themes=["kyoryokutai"],
    )
    factories.CaseStudyFactory(
        title="下書きの記事", municipality=town(HIGASHIKAWA), themes=["kyoryokutai"]
    )
    factories.CaseStudyFactory(
        title="観光の事例", municipality=town(HIGASHIKAWA), published=True, themes=["tourism"]
    )
    stories = case_studies_for_municipality(HIGASHIKAWA, theme="kyoryokutai")
    assert [(s.title, s.url) for s in stories] == [
        (interview.title, reverse("casebook:case_study_detail", args=[interview.pk]))
    ]
    page = client.get(url("kyoryokutai_municipality", HIGASHIKAWA)).content.decode()
    assert "協力隊OBが開いた写真スタジオ" in page and "下書きの記事" not in page


def test_without_stories_the_page_says_none_is_published(client):
    page = client.get(url("kyoryokutai_municipality", HIGASHIKAWA)).content.decode()
    assert "インタビューや事例はまだ公開されていません。" in page


# --- Trial programmes -----------------------------------------------------------------------


def test_trial_programmes_list_with_dates_and_places(client, django_assert_num_queries):
    day = today()
    make_trial(title="おためし")
    make_trial(
        SHIMOKAWA,
        kind="internship",
        title="インターン",
        missions=missions("forestry"),
        starts_on=day + dt.timedelta(days=60),
        ends_on=day + dt.timedelta(days=74),
        applications_close=day + dt.timedelta(days=40),
        capacity=3,
    )
    make_trial(title="下書き", state="draft")
    listing = url("kyoryokutai_trial_list")
    assert titles(client.get(listing)) == {"おためし", "インターン"}
    assert titles(client.get(listing, {"kind": "internship"})) == {"インターン"}
    assert titles(client.get(listing, {"mission": "forestry"})) == {"インターン"}
    page = client.get(listing).content.decode()
    assert '<th scope="col" class="num">' in page and 'role="status"' in page
    # bureaus, missions, count, page, missions of the page
    with django_assert_num_queries(5):
        client.get(listing)
    for n in range(6):
        make_trial(title=f"追加{n}")
    with django_assert_num_queries(5):
        client.get(listing)


# --- Events ---------------------------------------------------------------------------------


def test_events_list_seats_and_waiting_list(client, django_assert_num_queries):
    full = make_event(title="満席の説明会", capacity=1)
    event_register(event=full, name="一", email="one@example.jp")
    event_register(event=full, name="二", email="two@example.jp")
    make_event(title="非公開", is_published=False)
    make_event(category="furusato", title="ふるさと納税セミナー")
    response = client.get(url("kyoryokutai_event_list"))
    [row] = response.context["rows"]
    assert (row["event"], row["left"], row["waiting"]) == (full, 0, 1)
    page = response.content.decode()
    assert reverse("portal:event_detail", args=[full.pk]) in page
    assert reverse("portal:event_ics", args=[full.pk]) in page
    assert "非公開" not in page and "ふるさと納税セミナー" not in page
    # bureaus (filter); count; page with bureaus; seats
    with django_assert_num_queries(4):
        client.get(url("kyoryokutai_event_list"))
    for n in range(5):
        event = make_event(title=f"研修{n}")
        event_register(event=event, name="参加者", email=f"p{n}@example.jp")
    with django_assert_num_queries(4):
        client.get(url("kyoryokutai_event_list"))


def test_a_prospective_volunteer_registers_without_an_account(client):
    event = make_event(capacity=1)
    page = reverse("portal:event_detail", args=[event.pk])
    response = client.post(
        page, {"name": "移住 花子", "email": "hanako@example.jp", "organisation": "", "website": ""}
    )
    assert response.status_code == 302
    # No seat until the address is confirmed from the mailed link (tests/portal covers it).
    registration = Registration.objects.get()
    assert registration.status == "pending" and registration.user is None


def test_the_calendar_parses_back(client):
    event = make_event(title="協力隊 募集説明会", place="札幌市 道庁赤れんが庁舎")
    make_event(title="中止", is_cancelled=True)
    make_event(title="ふるさと", category="furusato")
    response = client.get(url("kyoryokutai_events_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "協力隊 募集説明会"
    assert str(entry["LOCATION"]) == "札幌市 道庁赤れんが庁舎"
    assert str(entry["URL"]).endswith(reverse("portal:event_detail", args=[event.pk]))
    from django.utils import timezone

    assert entry.decoded("DTSTART") == timezone.localtime(event.starts_at).replace(microsecond=0)


# --- Personal data never public -------------------------------------------------------------


def test_the_register_never_appears_on_public_pages(client, ishikari_officer):
    staff = UserFactory(role="municipal", municipality=town(HIGASHIKAWA))
    position = make_position()
    make_trial()
    make_event()
    member = make_volunteer(staff, name="秘密 太郎", position=position)
    ended = make_volunteer(
        staff,
        name="退任 花子",
        state="completed",
        term_start=dt.date(2021, 4, 1),
        term_end=dt.date(2024, 3, 31),
    )
    settle(ended, staff, destination="same", work="写真館を開業")
    public_pages = [
        url("kyoryokutai"),
        url("kyoryokutai_position_list"),
        url("kyoryokutai_position_list") + "?when=all",
        url("kyoryokutai_position_detail", position.pk),
        url("kyoryokutai_position_feed"),
        url("kyoryokutai_municipality", HIGASHIKAWA),
        url("kyoryokutai_trial_list"),
        url("kyoryokutai_event_list"),
        url("kyoryokutai_events_ics"),
        url("kyoryokutai_inquiry"),
        url("index"),
        reverse("portal:municipality_detail", args=[HIGASHIKAWA]),
    ]
    for page in public_pages:
        response = client.get(page)
        assert response.status_code == 200, page
        text = response.content.decode()
        for secret in ("秘密 太郎", "退任 花子", "nagisa@example.jp", "写真館を開業"):
            assert secret not in text, (page, secret)
    # The register itself is closed to anonymous visitors and to other bureaus.
    for page in (
        url("kyoryokutai_volunteer_list"),
        url("kyoryokutai_volunteer_detail", member.pk),
    ):
        assert client.get(page).status_code == 302  # to sign in
    client.force_login(ishikari_officer)
    assert client.get(url("kyoryokutai_volunteer_detail", member.pk)).status_code == 404
    assert "秘密 太郎" not in client.get(url("kyoryokutai_volunteer_list")).content.decode()
