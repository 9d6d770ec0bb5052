"""効果検証 pages (#21 point 4): achievement against the 年度's target, what served each
measure (through the pillars' registered providers), scope and query count."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models.applications import Status
from portal.models import KpiYear, StrategyKind
from portal.selectors.strategy_progress import achievement
from tests.grants.factories import ApplicationFactory

from .strategies import build, region_of


@pytest.mark.parametrize(
    ("target", "result", "rate"),
    [
        (Decimal("5"), Decimal("5"), Decimal("100.0")),  # exactly reached
        (Decimal("5"), Decimal("4"), Decimal("80.0")),  # below
        (Decimal("3"), Decimal("4"), Decimal("133.3")),  # above
        (None, Decimal("4"), None),  # no target: no rate made up
        (Decimal("0"), Decimal("4"), None),  # a zero target: no rate
        (Decimal("5"), None, None),  # no result yet
    ],
)
def test_achievement(target, result, rate):
    assert achievement(target, result) == rate


def municipality_url(code="011002", year=2025):
    return reverse("portal:strategy_municipality_progress", args=[code]) + f"?fiscal_year={year}"


def region_url(code, year=2025):
    return reverse("portal:strategy_region_progress", args=[code]) + f"?fiscal_year={year}"


@pytest.fixture
def tagged(sapporo_staff, ishikari_officer):
    _strategy, _goal, measure, kpi = build(sapporo_staff, publish=True)
    application = ApplicationFactory(
        created_by=sapporo_staff, status=Status.APPROVED, approved_amount=500_000, fiscal_year=2025
    )
    application.measures.add(measure)
    ApplicationFactory(created_by=sapporo_staff, fiscal_year=2025).measures.add(measure)  # draft
    return measure, kpi


@pytest.mark.parametrize(
    ("result", "shown"), [("5", "100.0%"), ("4", "80.0%"), ("6", "120.0%"), (None, ">—</span>）")]
)
def test_the_municipality_page_shows_achievement_and_grants(
    client, ishikari_officer, tagged, result, shown
):
    _measure, kpi = tagged
    KpiYear.objects.filter(kpi=kpi, fiscal_year=2025).update(
        result=Decimal(result) if result else None
    )
    client.force_login(ishikari_officer)
    page = client.get(municipality_url()).content.decode()
    assert "企業誘致の推進" in page
    assert shown in page
    assert "500,000円" in page  # the approved grant; the draft is not counted
    assert '<dfn id="rate-definition">' in page
    assert 'class="fluid-chart"' in page


def test_no_target_shows_no_rate(client, ishikari_officer, tagged):
    _measure, kpi = tagged
    KpiYear.objects.filter(kpi=kpi).update(target=None)
    client.force_login(ishikari_officer)
    page = client.get(municipality_url()).content.decode()
    assert '（<span aria-describedby="rate-definition">—</span>）' in page


def test_the_region_page_gathers_municipal_and_regional_strategies(
    client, ishikari_officer, ebetsu_staff, tagged
):
    build(ebetsu_staff, title="江別市総合戦略", publish=True)
    build(ishikari_officer, kind=StrategyKind.REGIONAL, title="さっぽろ連携中枢都市圏")
    client.force_login(ishikari_officer)
    page = client.get(region_url(region_of(ishikari_officer).code)).content.decode()
    for title in (
        "第2期まち・ひと・しごと創生総合戦略",
        "江別市総合戦略",
        "さっぽろ連携中枢都市圏",
    ):
        assert title in page
    # Municipal strategies are one row each, linked to the town's page; their measures are
    # read there (a region has up to ~60 strategies).
    assert municipality_url() in page
    assert "<h2>札幌市：" not in page and "<h2>江別市：" not in page
    assert "：さっぽろ連携中枢都市圏</h2>" in page  # the region's own policy in full
    other_year = client.get(region_url(region_of(ishikari_officer).code, 2020)).content.decode()
    assert "江別市総合戦略" not in other_year


@pytest.mark.parametrize(
    ("result", "reached"),
    # At the target, one below (a rate of 99.9), and one whose rate rounds up to 100.0.
    [("5", 1), ("4.995", 0), ("4.9975", 1)],
)
def test_the_region_rows_count_what_reading_each_strategy_in_full_counts(
    client, ishikari_officer, ebetsu_staff, tagged, result, reached
):
    """The region page counts its municipal rows in the database; the annual report's
    chapter and the municipality's own page read each strategy in full. The two agree."""
    from django.db.models import Q

    from portal.selectors import strategy_progress as selectors

    _measure, kpi = tagged
    KpiYear.objects.filter(kpi=kpi, fiscal_year=2025).update(result=Decimal(result))
    build(ebetsu_staff, title="江別市総合戦略", publish=True)
    region = region_of(ishikari_officer)
    full = selectors._progress(
        Q(kind=StrategyKind.MUNICIPAL, municipality__bureau__region=region), 2025
    )
    rows = [summary.row for summary in selectors.municipal_rows(region, 2025)]
    assert rows == selectors.strategy_rows(full)
    sapporo = next(row for row in rows if row.owner == "札幌市")
    assert (sapporo.kpis_reached, sapporo.kpis_with_rate) == (reached, 1)
    assert (sapporo.money, sapporo.money_count) == (500_000, 1)
    # The region's totals count the municipal strategies' grants too.
    client.force_login(ishikari_officer)
    page = client.get(region_url(region.code)).content.decode()
    assert "500,000円（1件）" in page


def test_an_odd_fiscal_year_falls_back_to_the_current_one(client, ishikari_officer, tagged):
    client.force_login(ishikari_officer)
    response = client.get(municipality_url().replace("2025", "abc"))
    assert response.status_code == 200


def test_scope(client, sapporo_staff, ebetsu_staff, ishikari_officer, oshima_officer, hq_user):
    code = region_of(ishikari_officer).code
    allowed = [
        (sapporo_staff, municipality_url()),
        (ishikari_officer, municipality_url()),
        (hq_user, municipality_url()),
        (ishikari_officer, region_url(code)),
        (hq_user, region_url(code)),
    ]
    refused = [
        (ebetsu_staff, municipality_url()),
        (oshima_officer, municipality_url()),
        (sapporo_staff, region_url(code)),
        (oshima_officer, region_url(code)),
        (hq_user, region_url("nowhere")),
        (hq_user, municipality_url("999999")),
    ]
    for user, url in allowed:
        client.force_login(user)
        assert client.get(url).status_code == 200, url
    for user, url in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, (user, url)
    client.logout()
    assert client.get(municipality_url()).status_code == 302


def test_the_region_page_has_a_fixed_number_of_queries(
    client, ishikari_officer, ebetsu_staff, tagged, django_assert_num_queries
):
    build(ishikari_officer, kind=StrategyKind.REGIONAL, title="さっぽろ連携中枢都市圏")
    client.force_login(ishikari_officer)
    url = region_url(region_of(ishikari_officer).code)
    client.get(url)
    # session, user, region, bureau; the regional policy: strategies, measures, goals, KPIs,
    # figures, one query per pillar's contributions (grants ×2, dispatch ×2, case studies,
    # challenges); the municipal rows: strategies, figures, measures, the pillars again …
    with django_assert_num_queries(28) as one:
        client.get(url)
    build(ebetsu_staff, title="江別市総合戦略", publish=True)
    build(ishikari_officer, kind=StrategyKind.REGIONAL, title="石狩地域の重点施策", start=2024)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
