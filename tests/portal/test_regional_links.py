"""#18 point 1: each figure of the regional view links to the list behind it filtered to the
figure's 年度 and place; those lists honour the filters; the comparison is cut into tables
that fit the page; derived figures are defined beside them; the charts keep their text size."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from portal import regional
from portal.charts import Bar, fluid_bar_chart_svg
from portal.models import Bureau, Region
from portal.regional import PLACE_FILTERS, Measure
from portal.views.regional_tables import FEW_PLACES, link, place_context
from tests.casebook.factories import CaseStudyFactory
from tests.dispatch.factories import submitted_request
from tests.dispatch.test_kyoryokutai_factories import (
    HIGASHIKAWA,
    TOBETSU,
    make_volunteer,
    staff_of,
)
from tests.factories import ConsultationFactory, UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
TOKYO = ZoneInfo("Asia/Tokyo")
DASHBOARD = reverse("grants:dashboard")


def _measure(filters, **extra):
    return Measure(
        "test.x", "money", "X", url_name="grants:dashboard", url_filters=filters, **extra
    )


# --- The link of a figure ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "query"),
    [
        ({}, "fiscal_year=2026"),
        ({"region": "doo"}, "fiscal_year=2026&region=doo"),
        ({"bureau": "ishikari"}, "fiscal_year=2026&bureau=ishikari"),
        ({"municipality": "011002"}, "fiscal_year=2026&municipality=011002"),
    ],
)
def test_a_figure_links_with_its_year_and_place(place, query):
    assert link(_measure(PLACE_FILTERS), place_context(YEAR, **place)) == f"{DASHBOARD}?{query}"


def test_no_link_to_a_list_that_cannot_filter_by_the_figures_place():
    measure = _measure(("fiscal_year", "bureau"))
    assert link(measure, place_context(YEAR, bureau="ishikari")).endswith("bureau=ishikari")
    assert link(measure, place_context(YEAR, region="doo")) == ""
    assert link(measure, place_context(YEAR, municipality="011002")) == ""
    assert link(_measure(()), place_context(YEAR)) == ""  # not even by 年度


def test_no_link_from_a_figure_summing_only_some_municipalities():
    """With a kind or a population band chosen, no list behind can show the same subset."""
    assert link(_measure(PLACE_FILTERS), place_context(YEAR, region="doo", subset=True)) == ""


def test_url_params_rename_and_add_to_the_place():
    measure = _measure(PLACE_FILTERS, url_params=lambda c: {**c, "status": "new"})
    assert link(measure, place_context(YEAR, bureau="oshima")) == (
        f"{DASHBOARD}?fiscal_year=2026&bureau=oshima&status=new"
    )


def test_every_figure_with_a_list_filters_it_by_year():
    linked = [m for m in regional.measures() if m.url_name]
    assert linked
    for measure in linked:
        assert "fiscal_year" in measure.url_filters, measure.key


# --- The pages ----------------------------------------------------------------------------


def _hrefs(html):
    """The links in the page's main content (not the site's navigation)."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.findall(r'href="([^"]+)"', main.replace("&amp;", "&"))


def _targets():
    return {reverse(m.url_name) for m in regional.measures() if m.url_name}


def test_hq_pages_link_every_figure_with_its_year_and_place(client, hq_user):
    client.force_login(hq_user)
    html = client.get(f"/regions/?fiscal_year={YEAR}").content.decode()
    hrefs = _hrefs(html)
    assert f"{DASHBOARD}?fiscal_year={YEAR}&region=doo" in hrefs
    assert f"/dispatch/requests/?fiscal_year={YEAR}&region=donan" in hrefs
    assert f"/consultations/?fiscal_year={YEAR}&region=doo" in hrefs
    assert f"/casebook/cases/?published_in={YEAR}&region=doo" in hrefs
    for path in ["/regions/", "/regions/doo/", "/regions/bureaus/ishikari/"]:
        hrefs = _hrefs(client.get(f"{path}?fiscal_year={YEAR}").content.decode())
        behind = [h for h in hrefs if h.split("?")[0] in _targets()]
        assert behind, path
        for href in behind:  # never an unfiltered all-Hokkaido list
            assert f"fiscal_year={YEAR}" in href or f"published_in={YEAR}" in href, href
    html = client.get(f"/regions/doo/?fiscal_year={YEAR}").content.decode()
    assert f"/dispatch/figures/?fiscal_year={YEAR}&amp;region=doo" in html
    assert f"/dispatch/figures/?fiscal_year={YEAR}&amp;bureau=ishikari" in html
    # The figures page has no filter by municipality: a municipality's figure has no link.
    assert f"/dispatch/figures/?fiscal_year={YEAR}&amp;municipality=" not in html


def test_a_kind_of_municipality_chosen_drops_the_links_of_sums(client, hq_user):
    client.force_login(hq_user)
    html = client.get(f"/regions/?fiscal_year={YEAR}&kind=village").content.decode()
    assert not [h for h in _hrefs(html) if h.split("?")[0] in _targets()]


def _tables(html):
    return re.findall(r"<table class=\"responsive\">.*?</table>", html, flags=re.S)


def _columns(table):
    head = re.search(r"<thead>(.*?)</thead>", table, flags=re.S).group(1)
    return head.count("<th ")


def test_regions_are_compared_one_table_per_pillar_with_figures_as_rows(client, hq_user):
    client.force_login(hq_user)
    html = client.get(f"/regions/?fiscal_year={YEAR}").content.decode()
    pillar_tables = html.split('class="pillar-tables"')[1].split("</div>")[0]
    tables = _tables(pillar_tables)
    assert len(tables) == len(regional.PILLARS)
    for table in tables:
        assert _columns(table) == 1 + Region.objects.count()  # the figure, then the regions
    assert "移住・定住" in pillar_tables  # the splits by theme are rows here


def test_a_bureaus_many_municipalities_get_narrow_tables(client, hq_user):
    kamikawa = Bureau.objects.get(code="kamikawa")
    assert kamikawa.municipalities.count() > FEW_PLACES
    client.force_login(hq_user)
    html = client.get(f"/regions/bureaus/kamikawa/?fiscal_year={YEAR}").content.decode()
    pillar_tables = html.split('class="pillar-tables"')[1]
    tables = _tables(pillar_tables.split("<h2")[0])
    assert len(tables) >= len(regional.PILLARS)
    assert max(_columns(t) for t in tables) <= 7
    assert "移住・定住" not in pillar_tables.split("<h2")[0]  # splits: on each town's page


def test_derived_figures_are_defined_where_they_appear(client, hq_user):
    client.force_login(hq_user)
    html = client.get(f"/regions/?fiscal_year={YEAR}").content.decode()
    assert "<dfn>協力隊員の定住率（%）</dfn>" in html
    rate = next(m for m in regional.measures() if m.key == "kyoryokutai.settlement_rate")
    # Numerator: still living in Hokkaido; denominator: those whose destination is known.
    assert "道内" in str(rate.definition) and "分母" in str(rate.definition)
    assert str(rate.definition) in html
    for key in ("dispatch.rating", "consultations.days_to_answer"):
        assert next(m for m in regional.measures() if m.key == key).definition


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/regions/", 20),
        ("/regions/doo/", 22),  # with the region's policies (#21)
        ("/regions/bureaus/ishikari/", 20),
        ("/regions/municipalities/011002/", 26),  # with its 総合戦略 (#21)
    ],
)
def test_queries_are_pinned(client, hq_user, django_assert_num_queries, path, queries):
    client.force_login(hq_user)
    client.get(path)  # warm the per-process caches (sessions, the user)
    with django_assert_num_queries(queries):
        assert client.get(f"{path}?fiscal_year={YEAR}").status_code == 200


# --- The lists behind honour the filters ----------------------------------------------------


def _listed(response, key="page"):
    return list(response.context[key].object_list)


def test_the_grants_dashboard_filters_by_region(client, hq_user):
    sapporo, hakodate = UserFactory(sapporo=True), UserFactory(hakodate=True)
    from grants.services.applications import application_submit

    for staff, bureau in [(sapporo, "ishikari"), (hakodate, "oshima")]:
        call = CallFactory(fiscal_year=YEAR, bureau=Bureau.objects.get(code=bureau))
        application = ApplicationFactory(
            call=call, created_by=staff, municipality=staff.municipality
        )
        application_submit(application=application, actor=staff)
    client.force_login(hq_user)
    response = client.get(DASHBOARD, {"fiscal_year": YEAR, "region": "donan"})
    assert [a.municipality_id for a in response.context["filter"].qs] == ["012025"]
    response = client.get(DASHBOARD, {"fiscal_year": YEAR, "region": "doo"})
    assert [a.municipality_id for a in response.context["filter"].qs] == ["011002"]


def test_the_request_list_filters_by_region_and_year(client, hq_user):
    submitted_request(UserFactory(sapporo=True))
    submitted_request(UserFactory(hakodate=True))
    client.force_login(hq_user)
    url = reverse("dispatch:request_list")
    response = client.get(url, {"fiscal_year": YEAR, "region": "donan"})
    assert [r.municipality_id for r in _listed(response)] == ["012025"]
    assert _listed(client.get(url, {"fiscal_year": YEAR - 3, "region": "donan"})) == []


def test_the_kyoryokutai_figures_of_a_region_are_its_municipalities(client, hq_user):
    make_volunteer(staff_of(TOBETSU))
    make_volunteer(staff_of(HIGASHIKAWA))
    client.force_login(hq_user)
    url = reverse("dispatch:kyoryokutai_figures")
    response = client.get(url, {"fiscal_year": YEAR, "region": "dohoku"})
    rows = {row.key: row.counts["active"] for row in response.context["places"]}
    assert rows[HIGASHIKAWA] == 1 and TOBETSU not in rows
    # A 年度 with no members is shown as that empty year, not replaced by the current one.
    response = client.get(url, {"fiscal_year": YEAR - 8, "region": "dohoku"})
    assert response.context["table"].year == YEAR - 8


def test_the_volunteer_register_filters_by_region(client, hq_user):
    make_volunteer(staff_of(TOBETSU))
    make_volunteer(staff_of(HIGASHIKAWA))
    client.force_login(hq_user)
    url = reverse("dispatch:kyoryokutai_volunteer_list")
    response = client.get(url, {"fiscal_year": YEAR, "region": "dohoku"})
    assert [v.municipality_id for v in _listed(response)] == [HIGASHIKAWA]


def test_the_consultation_list_filters_by_year_place_and_answer(client, hq_user):
    asked = ConsultationFactory(asker=UserFactory(sapporo=True))
    other = ConsultationFactory(asker=UserFactory(hakodate=True))
    old = ConsultationFactory(asker=asked.asker)
    type(old).objects.filter(pk=old.pk).update(
        created_at=dt.datetime(2026, 3, 31, 23, tzinfo=TOKYO)
    )
    type(asked).objects.filter(pk=asked.pk).update(
        created_at=dt.datetime(2026, 4, 1, 0, 30, tzinfo=TOKYO),
        answered_at=dt.datetime(2026, 4, 2, tzinfo=TOKYO),
    )
    client.force_login(hq_user)
    url = reverse("portal:consultation_list")

    def pks(**params):
        return {c.pk for c in _listed(client.get(url, params))}

    assert pks(fiscal_year=YEAR) == {asked.pk, other.pk}
    assert pks(fiscal_year=YEAR - 1) == {old.pk}  # 31 March 23:00 in Tokyo is still 2025
    assert pks(fiscal_year=YEAR, region="doo") == {asked.pk}
    assert pks(fiscal_year=YEAR, bureau="oshima") == {other.pk}
    assert pks(fiscal_year=YEAR, municipality="011002") == {asked.pk}
    assert pks(fiscal_year=YEAR, answered="yes") == {asked.pk}


def test_an_officer_cannot_widen_the_consultation_list_with_a_region(client, ishikari_officer):
    ConsultationFactory(asker=UserFactory(hakodate=True))
    mine = ConsultationFactory(asker=UserFactory(sapporo=True))
    client.force_login(ishikari_officer)
    url = reverse("portal:consultation_list")
    assert [c.pk for c in _listed(client.get(url, {"region": "donan"}))] == [mine.pk]


def test_the_case_study_list_filters_by_year_first_published(client):
    new = CaseStudyFactory(published=True, title="今年度に公開")
    old = CaseStudyFactory(published=True, title="前年度に公開")
    type(old).objects.filter(pk=old.pk).update(
        published_at=dt.datetime(2026, 3, 31, 12, tzinfo=TOKYO)
    )
    from portal import pagecache

    pagecache.invalidate()
    html = client.get(reverse("casebook:case_study_list"), {"published_in": YEAR}).content
    html = html.decode()
    assert new.title in html and old.title not in html
    html = client.get(
        reverse("casebook:case_study_list"), {"published_in": YEAR - 1, "region": "doo"}
    ).content.decode()
    assert old.title in html and new.title not in html


# --- The charts ------------------------------------------------------------------------------


def test_the_fluid_chart_has_no_viewbox_and_bars_as_shares_of_the_width():
    svg = str(
        fluid_bar_chart_svg(
            chart_id="c",
            title="T",
            description="D",
            bars=[Bar("札幌市", 200, "200"), Bar("江別市", 50, "50"), Bar("当別町", 0, "0")],
        )
    )
    assert "viewBox" not in svg
    assert 'width="100.00%"' in svg and 'width="25.00%"' in svg and 'width="0.00%"' in svg
    assert 'role="img"' in svg and "<title" in svg


def test_the_dispatch_figures_filter_by_region(client, hq_user):
    """No sessions anywhere: the page for 道南 in an old 年度 shows that year, empty."""
    client.force_login(hq_user)
    url = reverse("dispatch:figures")
    response = client.get(url, {"fiscal_year": YEAR - 8, "region": "donan"})
    assert response.context["year"] == YEAR - 8
    assert response.context["form"].chosen_region.code == "donan"
    assert response.context["by_municipality"] == []


def test_municipal_staff_keep_the_year_on_the_way_to_their_applications(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(DASHBOARD, {"fiscal_year": YEAR, "municipality": "011002"})
    assert response["Location"] == f"{reverse('grants:application_list')}?fiscal_year={YEAR}"
    assert client.get(DASHBOARD)["Location"] == reverse("grants:application_list")


def test_an_officer_gets_links_only_for_places_their_lists_hold(client, ishikari_officer):
    """On 道央's page an officer sees the region's and other bureaus' sums, but their lists
    hold only 石狩: those sums have no link; 石狩's and its towns' have."""
    client.force_login(ishikari_officer)
    hrefs = _hrefs(client.get(f"/regions/doo/?fiscal_year={YEAR}").content.decode())
    behind = [h for h in hrefs if h.split("?")[0] in _targets()]
    assert f"/dispatch/requests/?fiscal_year={YEAR}&bureau=ishikari" in behind
    assert f"/dispatch/requests/?fiscal_year={YEAR}&municipality=011002" in behind
    assert not [h for h in behind if "region=" in h or "bureau=sorachi" in h]
