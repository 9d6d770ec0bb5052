"""Strategies (#21 points 1, 2, 5): the public pages (published only, cached, fixed
queries), the links from the municipality's page, the sitemap, and the open data read
back (CSV without formulas, JSON, CC BY 4.0)."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal import pagecache
from portal.models import StrategyKind
from portal.services import strategy as services

from .strategies import build

pytestmark = pytest.mark.django_db


def test_the_index_and_page_show_published_strategies_only(client, sapporo_staff, ebetsu_staff):
    published, *_ = build(sapporo_staff, publish=True)
    draft, *_ = build(ebetsu_staff, title="江別の下書き戦略")
    html = client.get(reverse("portal:strategy_index")).content.decode()
    assert published.title in html and "江別の下書き戦略" not in html
    page = client.get(published.get_public_url())
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("しごとをつくる", "雇用創出 200人", "企業誘致の推進", "誘致企業数", "実績報告"):
        assert shown in text
    assert client.get(draft.get_public_url()).status_code == 404


def test_a_withdrawn_strategy_leaves_the_public_pages_at_once(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    strategy, *_ = build(sapporo_staff, publish=True)
    assert client.get(strategy.get_public_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.strategy_withdraw(strategy=strategy, actor=sapporo_staff)
    assert client.get(strategy.get_public_url()).status_code == 404


def test_a_change_to_a_published_strategy_shows_at_once(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    strategy, goal, *_ = build(sapporo_staff, publish=True)
    assert "しごとをつくる" in client.get(strategy.get_public_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.goal_save(
            strategy=strategy, actor=sapporo_staff, goal=goal, data={"title": "人の流れをつくる"}
        )
    assert "人の流れをつくる" in client.get(strategy.get_public_url()).content.decode()


def test_the_municipality_page_links_its_strategy(client, sapporo_staff):
    strategy, *_ = build(sapporo_staff, publish=True)
    html = client.get(reverse("portal:municipality_detail", args=["011002"])).content.decode()
    assert f'href="{strategy.get_public_url()}"' in html


def test_the_regional_policy_is_linked_from_the_regional_view(client, ishikari_officer):
    policy, *_ = build(ishikari_officer, kind=StrategyKind.REGIONAL, title="道央広域 政策展開方針")
    client.force_login(ishikari_officer)
    html = client.get(reverse("portal:regional_region", args=["doo"])).content.decode()
    assert f'href="{policy.get_absolute_url()}"' in html


def test_the_sitemap_lists_published_strategies(client, sapporo_staff, ebetsu_staff):
    published, *_ = build(sapporo_staff, publish=True)
    draft, *_ = build(ebetsu_staff)
    xml = client.get("/sitemap.xml").content.decode()
    assert published.get_public_url() in xml and draft.get_public_url() not in xml
    assert reverse("portal:strategy_index") in xml


def test_public_pages_read_in_fixed_queries(
    client, sapporo_staff, ebetsu_staff, ishikari_officer, django_assert_num_queries
):
    strategy, goal, *_ = build(sapporo_staff, publish=True)
    build(ishikari_officer, kind=StrategyKind.REGIONAL, publish=True)
    with django_assert_num_queries(1):
        client.get(reverse("portal:strategy_index"))
    with django_assert_num_queries(5):  # the strategy, goals, measures, KPIs, figures
        client.get(strategy.get_public_url())
    build(ebetsu_staff, publish=True)
    for n in range(3):
        measure = services.measure_save(
            strategy=strategy, actor=sapporo_staff, data={"goal": goal, "title": f"施策{n}"}
        )
        services.kpi_save(
            strategy=strategy,
            actor=sapporo_staff,
            measure=measure,
            data={"name": "K", "unit": "人"},
        )
    cache.clear()  # the pages again from the database, not from the page cache
    pagecache.reset_local()
    with django_assert_num_queries(1):
        client.get(reverse("portal:strategy_index"))
    with django_assert_num_queries(5):  # the strategy, goals, measures, KPIs, figures
        client.get(strategy.get_public_url())


def test_the_csv_reads_back_with_formulas_neutralised(
    client, sapporo_staff, ebetsu_staff, django_assert_num_queries
):
    strategy, _goal, measure, kpi = build(sapporo_staff, publish=True)
    build(ebetsu_staff, title='=HYPERLINK("x")')  # a draft: never in the open data
    services.kpi_save(
        strategy=strategy,
        actor=sapporo_staff,
        measure=measure,
        kpi=kpi,
        data={"source": "=1+1"},
        years={2026: {"target": Decimal("1250.5"), "result": None, "note": ""}},
    )
    with django_assert_num_queries(5):  # strategies, goals, measures, KPIs, figures
        response = client.get(reverse("portal:strategy_csv"))
    assert 'rel="license"' in response["Link"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {row["戦略名"] for row in rows} == {strategy.title}
    by_year = {row["年度"]: row for row in rows}
    assert set(by_year) == {str(y) for y in range(2025, 2030)}
    assert by_year["2025"]["目標値"] == "5" and by_year["2025"]["実績値"] == "4"
    assert by_year["2026"]["目標値"] == "1250.5" and by_year["2027"]["目標値"] == ""
    assert by_year["2025"]["出典"] == "'=1+1"
    assert by_year["2025"]["市町村コード"] == "011002"
    assert by_year["2025"]["ライセンス"].startswith("CC BY 4.0")


def test_the_json_carries_the_tree_and_the_licence(client, sapporo_staff, ishikari_officer):
    build(sapporo_staff, publish=True)
    build(ishikari_officer, kind=StrategyKind.REGIONAL, title="道央広域 方針", publish=True)
    build(ishikari_officer, kind=StrategyKind.REGIONAL, title="下書きの方針", start=2020, end=2024)
    data = json.loads(client.get(reverse("portal:strategy_json")).content)
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["count"] == 2
    titles = {s["title"]: s for s in data["strategies"]}
    assert "下書きの方針" not in titles
    municipal = next(s for s in data["strategies"] if s["kind"] == "municipal")
    assert municipal["municipality_code"] == "011002"
    kpi = municipal["goals"][0]["measures"][0]["kpis"][0]
    assert kpi["baseline"] == "3" and kpi["unit"] == "社"
    first = kpi["years"][0]
    assert first == {"fiscal_year": 2025, "target": "5", "result": "4", "evidence": "実績報告"}
    assert len(kpi["years"]) == 5
    assert titles["道央広域 方針"]["region"] == "道央広域連携地域"


def test_each_region_and_municipality_has_an_address_for_its_latest_strategy(
    client, sapporo_staff, ishikari_officer
):
    assert client.get("/strategies/regions/doo/").status_code == 404
    build(sapporo_staff, start=2020, end=2024, publish=True)
    latest, *_ = build(sapporo_staff, publish=True)
    policy, *_ = build(ishikari_officer, kind=StrategyKind.REGIONAL, publish=True)
    assert client.get("/strategies/municipalities/011002/").url == latest.get_public_url()
    assert client.get("/strategies/regions/doo/").url == policy.get_public_url()
    assert client.get("/strategies/municipalities/012025/").status_code == 404
