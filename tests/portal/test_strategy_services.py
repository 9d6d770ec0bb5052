"""Strategies (#21): the services — who may write, the rules on periods, goals and figures,
versions, and what a change of a published strategy does to the cached pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.concurrency import StaleVersion
from portal.models import AuditEvent, Kpi, KpiYear, Strategy, StrategyKind, StrategyStatus
from portal.services import strategy as services
from portal.workflow import InvalidTransition
from tests.factories import UserFactory, municipality

from .strategies import build, region_of

pytestmark = pytest.mark.django_db


def test_municipal_staff_create_their_municipalitys_strategy(sapporo_staff):
    strategy, goal, measure, kpi = build(sapporo_staff)
    assert strategy.kind == StrategyKind.MUNICIPAL
    assert strategy.municipality_id == sapporo_staff.municipality_id
    assert strategy.region_id is None
    assert strategy.status == StrategyStatus.DRAFT
    assert measure.goal == goal and kpi.measure == measure
    row = KpiYear.objects.get(kpi=kpi)
    assert (row.fiscal_year, row.target, row.result) == (2025, Decimal("5"), Decimal("4"))
    actions = list(AuditEvent.objects.for_object(strategy).values_list("action", flat=True))
    assert actions == ["create", "goal", "measure", "kpi"]


def test_a_bureau_officer_creates_the_policy_of_the_bureaus_region(ishikari_officer):
    strategy, *_ = build(
        ishikari_officer, kind=StrategyKind.REGIONAL, title="道央広域 政策展開方針"
    )
    assert strategy.region_id == region_of(ishikari_officer).pk
    assert strategy.municipality_id is None


def test_every_bureau_of_the_region_edits_its_policy(ishikari_officer):
    strategy, *_ = build(ishikari_officer, kind=StrategyKind.REGIONAL)
    sorachi = UserFactory(role="bureau", is_staff=True, bureau=municipality("012106").bureau)
    services.goal_save(strategy=strategy, actor=sorachi, data={"title": "食と観光"})
    assert strategy.goals.count() == 2


def test_another_regions_bureau_cannot_edit_the_policy(ishikari_officer, oshima_officer):
    strategy, *_ = build(ishikari_officer, kind=StrategyKind.REGIONAL)
    with pytest.raises(PermissionDenied):
        services.goal_save(strategy=strategy, actor=oshima_officer, data={"title": "x"})


def test_hq_names_the_region_and_edits_every_policy(hq_user, ishikari_officer):
    with pytest.raises(ValidationError) as error:
        services.strategy_create(
            actor=hq_user,
            kind=StrategyKind.REGIONAL,
            data={"title": "方針", "start_year": 2025, "end_year": 2029},
        )
    assert "region" in error.value.message_dict
    region = region_of(ishikari_officer)
    strategy, *_ = build(hq_user, kind=StrategyKind.REGIONAL, region=region)
    assert strategy.region == region


@pytest.mark.parametrize("role", ["ishikari_officer", "hq_user", "ebetsu_staff"])
def test_only_the_municipalitys_staff_edit_its_strategy(role, sapporo_staff, request):
    strategy, *_ = build(sapporo_staff)
    with pytest.raises(PermissionDenied):
        services.goal_save(
            strategy=strategy, actor=request.getfixturevalue(role), data={"title": "x"}
        )


def test_bureau_and_hq_cannot_create_a_municipal_strategy(ishikari_officer, hq_user):
    for actor in (ishikari_officer, hq_user):
        with pytest.raises(PermissionDenied):
            build(actor)


def test_one_strategy_per_owner_and_first_year(sapporo_staff):
    build(sapporo_staff)
    with pytest.raises(ValidationError) as error:
        build(sapporo_staff, title="同じ年度から")
    assert "start_year" in error.value.message_dict


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [(2025, 2034, True), (2025, 2035, False), (2025, 2025, True), (2025, 2024, False)],
)
def test_the_period_is_at_most_ten_years_and_not_reversed(sapporo_staff, start, end, ok):
    data = {"title": "戦略", "start_year": start, "end_year": end}
    if ok:
        services.strategy_create(actor=sapporo_staff, kind=StrategyKind.MUNICIPAL, data=data)
    else:
        with pytest.raises(ValidationError) as error:
            services.strategy_create(actor=sapporo_staff, kind=StrategyKind.MUNICIPAL, data=data)
        assert "end_year" in error.value.message_dict


def test_a_municipal_measure_needs_a_goal_a_regional_one_not(sapporo_staff, ishikari_officer):
    strategy, *_ = build(sapporo_staff)
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            strategy=strategy, actor=sapporo_staff, data={"goal": None, "title": "施策"}
        )
    assert "goal" in error.value.message_dict
    policy, *_ = build(ishikari_officer, kind=StrategyKind.REGIONAL)
    loose = services.measure_save(
        strategy=policy, actor=ishikari_officer, data={"goal": None, "title": "重点施策"}
    )
    assert loose.goal is None


def test_a_goal_of_another_strategy_is_refused(sapporo_staff, ebetsu_staff):
    strategy, *_ = build(sapporo_staff)
    _other, other_goal, *_ = build(ebetsu_staff)
    with pytest.raises(ValidationError) as error:
        services.measure_save(
            strategy=strategy, actor=sapporo_staff, data={"goal": other_goal, "title": "施策"}
        )
    assert "goal" in error.value.message_dict


def test_figures_outside_the_period_are_refused(sapporo_staff):
    strategy, _goal, measure, kpi = build(sapporo_staff)
    with pytest.raises(ValidationError) as error:
        services.kpi_save(
            strategy=strategy,
            actor=sapporo_staff,
            measure=measure,
            kpi=kpi,
            data={},
            years={2030: {"target": Decimal(1)}},
        )
    assert "target_2030" in error.value.message_dict


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (Decimal("999999999999.999"), True),
        (Decimal("1000000000000"), False),
        (Decimal("-999999999999.999"), True),
    ],
)
def test_figures_have_at_most_twelve_digits_before_the_point(sapporo_staff, value, ok):
    strategy, _goal, measure, kpi = build(sapporo_staff)
    save = lambda: services.kpi_save(  # noqa: E731
        strategy=strategy,
        actor=sapporo_staff,
        measure=measure,
        kpi=kpi,
        data={},
        years={2026: {"target": value}},
    )
    if ok:
        save()
        assert KpiYear.objects.get(kpi=kpi, fiscal_year=2026).target == value
    else:
        with pytest.raises(ValidationError):
            save()


def test_an_emptied_year_loses_its_row(sapporo_staff):
    strategy, _goal, measure, kpi = build(sapporo_staff)
    services.kpi_save(
        strategy=strategy,
        actor=sapporo_staff,
        measure=measure,
        kpi=kpi,
        data={},
        years={2025: {"target": None, "result": None, "note": ""}},
    )
    assert not KpiYear.objects.filter(kpi=kpi).exists()


def test_shortening_the_period_past_entered_figures_is_refused(sapporo_staff):
    strategy, *_ = build(sapporo_staff)
    with pytest.raises(ValidationError) as error:
        services.strategy_update(
            strategy=strategy,
            actor=sapporo_staff,
            data={"start_year": 2026, "end_year": 2029},
            version=None,
        )
    assert "start_year" in error.value.message_dict
    strategy.refresh_from_db()
    assert strategy.start_year == 2025


def test_a_stale_kpi_page_saves_nothing(sapporo_staff):
    strategy, _goal, measure, kpi = build(sapporo_staff)
    services.kpi_save(
        strategy=strategy,
        actor=sapporo_staff,
        measure=measure,
        kpi=kpi,
        data={"name": "新"},
        version=kpi.version,
    )
    with pytest.raises(StaleVersion):
        services.kpi_save(
            strategy=strategy,
            actor=sapporo_staff,
            measure=measure,
            kpi=kpi,
            data={"name": "古いページから"},
            version=0,
        )
    assert Kpi.objects.get(pk=kpi.pk).name == "新"


def test_removing_a_goal_removes_its_measures_and_kpis(sapporo_staff):
    strategy, goal, _measure, kpi = build(sapporo_staff)
    services.part_remove(strategy=strategy, actor=sapporo_staff, part=goal, version=goal.version)
    assert not Kpi.objects.filter(pk=kpi.pk).exists()
    assert not strategy.measures.exists()


def test_publish_and_withdraw_invalidate_the_public_pages(
    sapporo_staff, django_capture_on_commit_callbacks
):
    strategy, *_ = build(sapporo_staff)
    with django_capture_on_commit_callbacks() as callbacks:
        strategy = services.strategy_publish(strategy=strategy, actor=sapporo_staff)
    assert strategy.status == StrategyStatus.PUBLISHED and strategy.published_at
    assert callbacks
    withdrawn = services.strategy_withdraw(strategy=strategy, actor=sapporo_staff)
    services.strategy_withdraw(strategy=withdrawn, actor=sapporo_staff)  # twice: harmless
    assert Strategy.objects.get(pk=strategy.pk).status == StrategyStatus.DRAFT


def test_a_stranger_cannot_publish(sapporo_staff, ebetsu_staff):
    strategy, *_ = build(sapporo_staff)
    with pytest.raises(PermissionDenied):
        services.strategy_publish(strategy=strategy, actor=ebetsu_staff)


def test_a_draft_cannot_be_withdrawn_into_anything_else(sapporo_staff):
    strategy, *_ = build(sapporo_staff)
    with pytest.raises(InvalidTransition):
        services._move(strategy, "nonsense", actor=sapporo_staff)


def test_publishing_twice_changes_nothing(sapporo_staff):
    strategy, *_ = build(sapporo_staff, publish=True)
    again = services.strategy_publish(strategy=strategy, actor=sapporo_staff)
    assert again.published_at == strategy.published_at


def test_editing_a_draft_leaves_the_cache_alone(sapporo_staff, django_capture_on_commit_callbacks):
    strategy, goal, *_ = build(sapporo_staff)
    with django_capture_on_commit_callbacks() as callbacks:
        services.goal_save(
            strategy=strategy, actor=sapporo_staff, goal=goal, data={"title": "変更"}, version=0
        )
    assert not callbacks


def test_the_demo_strategies_load_twice_without_duplicates():
    import io

    from portal.demo.strategy import load_demo
    from portal.models import Advice

    for email, trait in (
        ("sapporo@demo.example.jp", "sapporo"),
        ("hakodate@demo.example.jp", "hakodate"),
        ("ishikari-officer@demo.example.jp", "ishikari_officer"),
        ("oshima-officer@demo.example.jp", "oshima_officer"),
    ):
        UserFactory(email=email, **{trait: True})
    load_demo(io.StringIO())
    load_demo(io.StringIO())
    assert Strategy.objects.count() == 4
    assert Strategy.objects.filter(status=StrategyStatus.PUBLISHED).count() == 2
    # A plan's measures (kind "plan") come with the casebook's demo plans, not here.
    assert set(Strategy.objects.values_list("kind", flat=True)) == {
        StrategyKind.MUNICIPAL,
        StrategyKind.REGIONAL,
    }
    assert KpiYear.objects.filter(result__isnull=False).exists()
    assert Advice.objects.filter(answered_at__isnull=False).count() == 1


def test_the_measures_a_municipalitys_objects_can_serve(
    sapporo_staff, ebetsu_staff, ishikari_officer, oshima_officer
):
    from portal.selectors.strategy import measures_serving

    _s, _g, own, _k = build(sapporo_staff)
    build(ebetsu_staff)  # another municipality's: not offered
    _p, _pg, regional, _pk = build(ishikari_officer, kind=StrategyKind.REGIONAL)
    build(oshima_officer, kind=StrategyKind.REGIONAL)  # another region's: not offered
    sapporo = municipality("011002")
    assert [m.pk for m in measures_serving(sapporo)] == [own.pk, regional.pk]


def test_a_stale_strategy_page_and_a_stale_removal_change_nothing(sapporo_staff):
    strategy, goal, *_ = build(sapporo_staff)
    services.strategy_update(
        strategy=strategy, actor=sapporo_staff, data={"title": "新しい名称"}, version=0
    )
    with pytest.raises(StaleVersion):
        services.strategy_update(
            strategy=strategy, actor=sapporo_staff, data={"title": "古いページ"}, version=0
        )
    with pytest.raises(StaleVersion):
        services.part_remove(strategy=strategy, actor=sapporo_staff, part=goal, version=5)
    assert Strategy.objects.get(pk=strategy.pk).title == "新しい名称"
    assert strategy.goals.filter(pk=goal.pk).exists()
