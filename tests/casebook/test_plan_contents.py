"""Plans with content (#22 point 2): a 総合戦略 plan shows the kernel strategy's goals,
measures and KPIs (one structure, never copied); statutory revision dates with reminders
90 and 30 days before, once per plan, due date and stage; the matrix flags them."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.models import Plan, PlanRevisionReminder
from casebook.selectors.plans import plan_matrix
from casebook.services import plans as services
from casebook.services.plan_revisions import plan_revision_reminders_send, stage_due
from portal.japanese import fiscal_year
from tests.casebook.factories_challenges import PlanFactory, plan_type
from tests.factories import municipality as muni
from tests.portal.strategies import build

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _data(**overrides):
    year = fiscal_year()
    data = {
        "plan_type": plan_type("strategy"),
        "title": "第3期札幌市総合戦略",
        "start_year": year,
        "end_year": year + 4,
        "summary": "人口減少対策。",
        "url": "",
        "strategy": None,
        "next_revision_due": None,
    }
    data.update(overrides)
    return data


def test_a_strategy_plan_shows_the_strategys_measures_and_kpis(client, sapporo_staff):
    strategy, goal, measure, kpi = build(sapporo_staff)
    plan = services.plan_register(actor=sapporo_staff, data=_data(strategy=strategy))
    client.force_login(sapporo_staff)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert goal.title in page and measure.title in page and kpi.name in page
    assert strategy.get_absolute_url() in page


def test_only_the_municipalitys_strategy_and_only_for_a_strategy_plan(sapporo_staff, ebetsu_staff):
    theirs, *_ = build(ebetsu_staff)
    with pytest.raises(ValidationError) as error:
        services.plan_register(actor=sapporo_staff, data=_data(strategy=theirs))
    assert error.value.error_dict["strategy"][0].code == "strategy_other"
    ours, *_ = build(sapporo_staff)
    with pytest.raises(ValidationError):
        services.plan_register(
            actor=sapporo_staff, data=_data(strategy=ours, plan_type=plan_type("transport"))
        )
    assert Plan.objects.count() == 0


def test_the_form_offers_only_the_municipalitys_strategies(client, sapporo_staff, ebetsu_staff):
    build(sapporo_staff, title="札幌の戦略")
    build(ebetsu_staff, title="江別の戦略")
    client.force_login(sapporo_staff)
    page = client.get(reverse("casebook:plan_create")).content.decode()
    assert "札幌の戦略" in page and "江別の戦略" not in page


def test_the_type_cycle_sets_the_revision_date(sapporo_staff):
    kind = plan_type("strategy")
    kind.revision_cycle_years = 5
    kind.save()
    plan = services.plan_register(actor=sapporo_staff, data=_data(start_year=2025, end_year=2029))
    assert plan.next_revision_due == dt.date(2030, 4, 1)
    chosen = services.plan_register(
        actor=sapporo_staff,
        data=_data(start_year=2026, end_year=2030, next_revision_due=dt.date(2029, 3, 31)),
    )
    assert chosen.next_revision_due == dt.date(2029, 3, 31)


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(91, None), (90, 90), (89, 90), (31, 90), (30, 30), (29, 30), (0, 30), (-1, None)],
)
def test_the_reminder_stages_at_below_and_above_their_limits(days_left, stage):
    assert stage_due(TODAY + dt.timedelta(days=days_left), TODAY) == stage


def test_reminders_go_once_per_plan_due_date_and_stage(
    sapporo_staff, django_capture_on_commit_callbacks
):
    plan = PlanFactory(next_revision_due=TODAY + dt.timedelta(days=90))
    PlanFactory(next_revision_due=TODAY + dt.timedelta(days=91))  # not yet
    PlanFactory(next_revision_due=TODAY + dt.timedelta(days=60), status="revising")  # at it
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_revision_reminders_send(today=TODAY) == 1
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_revision_reminders_send(today=TODAY) == 0  # a rerun sends nothing
        # The next day: the plan 91 days off reaches its 90-day stage; the first does not
        # go again.
        assert plan_revision_reminders_send(today=TODAY + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_revision_reminders_send(today=TODAY + dt.timedelta(days=60)) == 1
    assert len(mail.outbox) == 3
    # A new due date is reminded afresh.
    Plan.objects.filter(pk=plan.pk).update(next_revision_due=TODAY + dt.timedelta(days=150))
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_revision_reminders_send(today=TODAY + dt.timedelta(days=60)) == 1
    stages = PlanRevisionReminder.objects.filter(plan=plan).values_list("days_before", "recipients")
    assert sorted(stages) == [(30, 1), (90, 1), (90, 1)]


def test_the_beat_schedule_runs_the_revision_reminders(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "casebook.tasks.send_plan_revision_reminders" in tasks


def test_the_matrix_flags_revisions_to_do_and_overdue(ishikari_officer):
    today = timezone.localdate()
    PlanFactory(next_revision_due=today + dt.timedelta(days=30))
    PlanFactory(municipality=muni("012173"), next_revision_due=today - dt.timedelta(days=1))
    PlanFactory(municipality=muni("012246"), next_revision_due=today + dt.timedelta(days=91))
    matrix = plan_matrix(ishikari_officer)
    types = [t.code for t in matrix["types"]]
    cells = {r.municipality.code: r.cells[types.index("transport")] for r in matrix["rows"]}
    assert cells["011002"]["reminded"] and not cells["011002"]["overdue"]
    assert cells["012173"]["overdue"] and not cells["012173"]["reminded"]
    assert not cells["012246"]["reminded"] and not cells["012246"]["overdue"]
    due = {r.municipality.code for r in plan_matrix(ishikari_officer, due_only=True)["rows"]}
    assert {"011002", "012173"} <= due and "012246" not in due


def test_the_plan_page_query_count_does_not_grow_with_the_strategy(client, sapporo_staff):
    strategy, *_ = build(sapporo_staff)
    plan = services.plan_register(actor=sapporo_staff, data=_data(strategy=strategy))
    client.force_login(sapporo_staff)
    client.get(plan.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(plan.get_absolute_url()).status_code == 200
    from portal.services import strategy as strategy_services

    goal = strategy_services.goal_save(
        strategy=strategy, actor=sapporo_staff, data={"title": "ひとを呼ぶ", "numerical_target": ""}
    )
    for title in ("移住相談", "関係人口"):
        strategy_services.measure_save(
            strategy=strategy,
            actor=sapporo_staff,
            data={"goal": goal, "title": title, "description": ""},
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(plan.get_absolute_url()).status_code == 200
    assert len(many) == len(few)


def test_a_transport_plan_gets_its_own_measures_in_the_kernel_structure(
    client, sapporo_staff, ishikari_officer
):
    from portal.models import StrategyKind
    from portal.services import strategy as strategy_services

    plan = PlanFactory(start_year=2026, end_year=2030)
    client.force_login(sapporo_staff)
    response = client.post(reverse("casebook:plan_measures", args=[plan.pk]))
    plan.refresh_from_db()
    strategy = plan.strategy
    assert strategy.kind == StrategyKind.PLAN and strategy.municipality_id == "011002"
    assert response["Location"] == strategy.get_absolute_url()
    # Once only.
    client.post(reverse("casebook:plan_measures", args=[plan.pk]))
    assert Plan.objects.get(pk=plan.pk).strategy_id == strategy.pk
    goal = strategy_services.goal_save(
        strategy=strategy,
        actor=sapporo_staff,
        data={"title": "移動手段の確保", "numerical_target": ""},
    )
    strategy_services.measure_save(
        strategy=strategy,
        actor=sapporo_staff,
        data={"goal": goal, "title": "デマンド交通の導入", "description": ""},
    )
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "デマンド交通の導入" in page
    # The bureau reads it and advises on the measure through the plan.
    client.force_login(ishikari_officer)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "デマンド交通の導入" in page and 'value="measure-' in page
    # The strategy pages do not offer to create one by hand.
    client.force_login(sapporo_staff)
    assert client.get(reverse("portal:strategy_create", args=["plan"])).status_code == 404
    # The edit form keeps the link.
    response = client.get(reverse("casebook:plan_edit", args=[plan.pk]))
    assert f'<option value="{strategy.pk}" selected' in response.content.decode()


@pytest.mark.parametrize("role", ["ishikari_officer", "ebetsu_staff", "hq_user"])
def test_only_the_municipality_starts_a_plans_measures(client, request, role):
    plan = PlanFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("casebook:plan_measures", args=[plan.pk])).status_code == 404
    assert Plan.objects.get(pk=plan.pk).strategy_id is None


def test_a_strategy_plan_does_not_start_measures_of_its_own(sapporo_staff):
    plan = PlanFactory(plan_type=plan_type("strategy"))
    with pytest.raises(ValidationError):
        services.plan_measures_start(plan=plan, actor=sapporo_staff)
