"""Strategies (#21): the working pages — municipal staff enter goal → measure → KPI with
its figures; bureau officers edit their region's policy; out of scope is 404; bad input
comes back with a message and everything typed; a stale page shows what changed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.models import Kpi, KpiYear, StrategyGoal, StrategyKind, StrategyMeasure

from .strategies import build

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_municipal_staff_enter_goal_measure_and_kpi(client, sapporo_staff):
    login(client, sapporo_staff)
    response = client.post(
        reverse("portal:strategy_create", args=["municipal"]),
        {"title": "札幌市まちづくり戦略", "start_year": "2025", "end_year": "２０２９"},
    )
    assert response.status_code == 302
    strategy = sapporo_staff.municipality.strategies.get()
    assert strategy.end_year == 2029
    url = reverse("portal:goal_create", args=[strategy.pk])
    assert (
        client.post(url, {"title": "しごとをつくる", "numerical_target": "雇用 200人"}).status_code
        == 302
    )
    goal = StrategyGoal.objects.get(strategy=strategy)
    response = client.post(
        reverse("portal:measure_create", args=[strategy.pk]),
        {"goal": goal.pk, "title": "企業誘致", "description": ""},
    )
    assert response.status_code == 302
    measure = StrategyMeasure.objects.get(strategy=strategy)
    response = client.post(
        reverse("portal:kpi_create", args=[strategy.pk, measure.pk]),
        {
            "name": "誘致企業数",
            "unit": "社",
            "baseline_value": "１，２００",
            "baseline_year": "2023",
            "source": "市調べ",
            "target_2025": "1,250.5",
            "result_2025": "",
            "note_2025": "",
            "target_2026": "１３００",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    kpi = Kpi.objects.get(measure=measure)
    assert kpi.baseline_value == Decimal("1200")
    assert dict(KpiYear.objects.filter(kpi=kpi).values_list("fiscal_year", "target")) == {
        2025: Decimal("1250.5"),
        2026: Decimal("1300"),
    }
    html = client.get(strategy.get_absolute_url()).content.decode()
    for shown in ("しごとをつくる", "企業誘致", "誘致企業数", "1,250.5", "1,200"):
        assert shown in html


def test_a_figure_with_its_unit_comes_back_with_a_message_and_the_input(client, sapporo_staff):
    strategy, _goal, measure, _kpi = build(sapporo_staff)
    login(client, sapporo_staff)
    response = client.post(
        reverse("portal:kpi_create", args=[strategy.pk, measure.pk]),
        {"name": "転入者数", "unit": "人", "baseline_value": "120人", "target_2025": "abc"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("1200、1,200、12.5") >= 2 or html.count("1200, 1,200 or 12.5") >= 2
    assert 'value="120人"' in html and 'value="abc"' in html and "転入者数" in html
    assert not Kpi.objects.filter(name="転入者数").exists()


def test_a_stale_kpi_page_shows_what_changed(client, sapporo_staff, ebetsu_staff):
    strategy, _goal, _measure, kpi = build(sapporo_staff)
    login(client, sapporo_staff)
    url = reverse("portal:kpi_edit", args=[strategy.pk, kpi.pk])
    page = client.get(url).context["form"]
    data = {n: "" if page[n].value() is None else page[n].value() for n in page.fields}
    Kpi.objects.filter(pk=kpi.pk).update(version=kpi.version + 1, name="他の人の変更")
    data["name"] = "私の変更"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "他の人の変更" in response.content.decode()
    assert Kpi.objects.get(pk=kpi.pk).name == "他の人の変更"


@pytest.mark.parametrize("who", ["ebetsu_staff", "oshima_officer", "advisor", "newcomer"])
def test_another_municipalitys_strategy_is_404(client, sapporo_staff, who, request):
    strategy, goal, measure, kpi = build(sapporo_staff)
    login(client, request.getfixturevalue(who))
    for url in (
        reverse("portal:strategy_work", args=[strategy.pk]),
        reverse("portal:strategy_edit", args=[strategy.pk]),
        reverse("portal:goal_edit", args=[strategy.pk, goal.pk]),
        reverse("portal:measure_edit", args=[strategy.pk, measure.pk]),
        reverse("portal:kpi_edit", args=[strategy.pk, kpi.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("portal:strategy_step", args=[strategy.pk, "publish"]),
        reverse("portal:strategy_part_remove", args=[strategy.pk, "kpi", kpi.pk]),
        reverse("portal:advice_give", args=[strategy.pk]),
    ):
        assert client.post(url).status_code == 404, url
    assert Kpi.objects.filter(pk=kpi.pk).exists()


def test_the_bureau_reads_but_does_not_edit_a_municipal_strategy(
    client, sapporo_staff, ishikari_officer
):
    strategy, goal, *_ = build(sapporo_staff)
    login(client, ishikari_officer)
    assert client.get(strategy.get_absolute_url()).status_code == 200
    assert client.get(reverse("portal:goal_edit", args=[strategy.pk, goal.pk])).status_code == 404


def test_a_part_of_another_strategy_is_404(client, sapporo_staff):
    strategy, *_ = build(sapporo_staff)
    _other, other_goal, *_ = build(sapporo_staff, start=2020, end=2024)
    login(client, sapporo_staff)
    url = reverse("portal:goal_edit", args=[strategy.pk, other_goal.pk])
    assert client.get(url).status_code == 404


def test_bureau_officers_of_the_region_edit_its_policy(client, ishikari_officer, oshima_officer):
    login(client, ishikari_officer)
    response = client.post(
        reverse("portal:strategy_create", args=["regional"]),
        {"title": "道央広域連携地域 政策展開方針", "start_year": "2025", "end_year": "2029"},
    )
    assert response.status_code == 302
    strategy = ishikari_officer.bureau.region.strategies.get()
    response = client.post(
        reverse("portal:measure_create", args=[strategy.pk]),
        {"goal": "", "title": "広域観光の推進", "description": ""},
    )
    assert response.status_code == 302
    assert strategy.measures.get().goal is None
    login(client, oshima_officer)
    assert client.get(strategy.get_absolute_url()).status_code == 404


def test_municipal_staff_cannot_start_a_regional_policy(client, sapporo_staff, ishikari_officer):
    login(client, sapporo_staff)
    assert client.get(reverse("portal:strategy_create", args=["regional"])).status_code == 404
    login(client, ishikari_officer)
    assert client.get(reverse("portal:strategy_create", args=["municipal"])).status_code == 404
    assert client.get(reverse("portal:strategy_create", args=["other"])).status_code == 404


def test_hq_chooses_the_region(client, hq_user):
    login(client, hq_user)
    url = reverse("portal:strategy_create", args=["regional"])
    response = client.post(url, {"title": "方針", "start_year": "2025", "end_year": "2029"})
    assert response.status_code == 200 and "region" in response.context["form"].errors


def test_the_list_shows_what_is_in_scope_in_fixed_queries(
    client, sapporo_staff, ebetsu_staff, ishikari_officer, django_assert_num_queries
):
    build(sapporo_staff)
    build(ebetsu_staff)
    build(ishikari_officer, kind=StrategyKind.REGIONAL)
    login(client, ishikari_officer)
    url = reverse("portal:strategy_list")
    client.get(url)
    # session, user, the officer's bureau (its region), the count, the page, the header, the
    # region for the link to its 効果検証 page …
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["strategies"]) == 3
    build(sapporo_staff, start=2020, end=2024)
    build(ebetsu_staff, start=2020, end=2024)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["strategies"]) == 5
    login(client, sapporo_staff)
    assert len(client.get(url).context["strategies"]) == 2


def test_the_working_page_reads_a_strategy_in_fixed_queries(
    client, sapporo_staff, django_assert_num_queries
):
    strategy, goal, _measure, _kpi = build(sapporo_staff)
    login(client, sapporo_staff)
    url = strategy.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(13) as before:
        client.get(url)
    from portal.services import strategy as services

    for n in range(4):
        m = services.measure_save(
            strategy=strategy, actor=sapporo_staff, data={"goal": goal, "title": f"施策{n}"}
        )
        services.kpi_save(
            strategy=strategy, actor=sapporo_staff, measure=m, data={"name": f"K{n}", "unit": "人"}
        )
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
