"""The bureau's structured advice on a plan (#22 point 2): an officer advises on a section
(the plan, a measure of its 総合戦略, its 協議会); the municipality answers each. Earlier
free comments stay listed under「コメント」."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import PlanComment
from casebook.services import plans as services
from portal.japanese import fiscal_year
from portal.models import Advice, Notification
from tests.casebook.factories_challenges import PlanFactory, plan_type
from tests.portal.strategies import build

pytestmark = pytest.mark.django_db


def _plan_with_strategy(staff):
    strategy, _goal, measure, _kpi = build(staff)
    year = fiscal_year()
    plan = services.plan_register(
        actor=staff,
        data={
            "plan_type": plan_type("strategy"),
            "title": "第3期札幌市総合戦略",
            "start_year": year,
            "end_year": year + 4,
            "summary": "人口減少対策。",
            "url": "",
            "strategy": strategy,
            "next_revision_due": None,
        },
    )
    return plan, measure


def give(plan):
    return reverse("casebook:plan_advice_give", args=[plan.pk])


def answer(plan, advice):
    return reverse("casebook:plan_advice_answer", args=[plan.pk, advice.pk])


def test_the_bureau_advises_on_a_measure_and_the_municipality_answers(
    client, sapporo_staff, ishikari_officer
):
    plan, measure = _plan_with_strategy(sapporo_staff)
    client.force_login(ishikari_officer)
    response = client.post(
        give(plan),
        {
            "advice-section": f"measure-{measure.pk}",
            "advice-kind": "point",
            "advice-body": "KPIの目標値の根拠を。",
        },
    )
    advice = Advice.objects.get()
    assert response["Location"].endswith(f"#advice-{advice.pk}")
    assert advice.section_label.endswith(measure.title)
    assert Notification.objects.filter(recipient=sapporo_staff, kind="advice_given").exists()
    client.force_login(sapporo_staff)
    response = client.post(
        answer(plan, advice), {f"answer-{advice.pk}-answer": "国の統計から設定しました。"}
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.answer == "国の統計から設定しました。" and advice.answered_by == sapporo_staff
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "KPIの目標値の根拠を。" in page and "国の統計から設定しました。" in page


def test_a_section_of_another_plan_is_refused_and_input_kept(
    client, sapporo_staff, ishikari_officer, ebetsu_staff
):
    plan, _measure = _plan_with_strategy(sapporo_staff)
    _s, _g, other_measure, _k = build(ebetsu_staff, title="江別の戦略")
    client.force_login(ishikari_officer)
    response = client.post(
        give(plan),
        {
            "advice-section": f"measure-{other_measure.pk}",
            "advice-kind": "point",
            "advice-body": "残す本文",
        },
    )
    assert response.status_code == 400 and Advice.objects.count() == 0
    assert "残す本文" in response.content.decode()
    response = client.post(
        give(plan), {"advice-section": f"plan-{plan.pk}", "advice-kind": "point", "advice-body": ""}
    )
    assert response.status_code == 400 and Advice.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "gives", "answers"),
    [
        ("ishikari_officer", 302, 404),
        ("hq_user", 302, 404),
        ("sapporo_staff", 404, 302),
        ("ebetsu_staff", 404, 404),
        ("oshima_officer", 404, 404),
        ("advisor", 404, 404),
    ],
)
def test_who_advises_and_who_answers(client, request, role, gives, answers, ishikari_officer):
    plan = PlanFactory()
    from portal.services.advice import advice_give

    advice = advice_give(
        owner=plan, section=plan, kind="question", body="確認です。", actor=ishikari_officer
    )
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        give(plan),
        {"advice-section": f"plan-{plan.pk}", "advice-kind": "point", "advice-body": "x"},
    )
    assert response.status_code == gives
    response = client.post(answer(plan, advice), {f"answer-{advice.pk}-answer": "回答"})
    assert response.status_code == answers


def test_advice_of_another_plan_cannot_be_answered_here(client, sapporo_staff, ishikari_officer):
    from portal.services.advice import advice_give

    plan, other = PlanFactory(), PlanFactory()
    advice = advice_give(
        owner=other, section=other, kind="point", body="別の計画", actor=ishikari_officer
    )
    client.force_login(sapporo_staff)
    assert client.post(answer(plan, advice), {f"answer-{advice.pk}-answer": "x"}).status_code == 404


def test_earlier_comments_stay_listed(client, sapporo_staff, ishikari_officer):
    plan = PlanFactory()
    PlanComment.objects.create(plan=plan, author=ishikari_officer, body="以前のコメント")
    client.force_login(sapporo_staff)
    assert "以前のコメント" in client.get(plan.get_absolute_url()).content.decode()


def test_the_plan_page_query_count_does_not_grow_with_advice(
    client, sapporo_staff, ishikari_officer
):
    from portal.services.advice import advice_give

    plan, measure = _plan_with_strategy(sapporo_staff)
    advice_give(owner=plan, section=plan, kind="point", body="一", actor=ishikari_officer)
    for viewer in (ishikari_officer, sapporo_staff):
        client.force_login(viewer)
        client.get(plan.get_absolute_url())
        with CaptureQueriesContext(connection) as few:
            assert client.get(plan.get_absolute_url()).status_code == 200
        for body in ("二", "三"):
            advice_give(
                owner=plan, section=measure, kind="point", body=body, actor=ishikari_officer
            )
        with CaptureQueriesContext(connection) as many:
            assert client.get(plan.get_absolute_url()).status_code == 200
        assert len(many) == len(few), viewer
