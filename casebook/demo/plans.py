"""Demo data for plans with content (#22 point 2): 札幌市's transport plan gets its 協議会
(two members, a public meeting), its own goal and measure (kind "plan"), a revision date
60 days off (a reminder is due, the matrix shows it to do), and the bureau's advice on the
council, answered."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from portal.services import strategy as strategy_services
from portal.services.advice import advice_answer, advice_give

from ..models import Plan, PlanCouncil
from ..services import plan_councils as services
from ..services import plans as plan_services

TITLE = "札幌市地域公共交通計画"


def load_plan_contents_demo(staff, officer) -> None:
    plan = Plan.objects.filter(title=TITLE).first()
    if plan is None or PlanCouncil.objects.filter(plan=plan).exists():
        return
    Plan.objects.filter(pk=plan.pk).update(
        next_revision_due=timezone.localdate() + dt.timedelta(days=60)
    )
    council = services.council_save(
        plan=plan,
        actor=staff,
        data={
            "name": "札幌市地域公共交通活性化協議会",
            "legal_basis": "地域公共交通の活性化及び再生に関する法律 第6条",
        },
    )
    for name, organisation, role in (
        ("北海 一郎", "北海道大学 公共政策大学院", "chair"),
        ("札幌 花子", "札幌市交通事業振興公社", "member"),
    ):
        services.member_add(
            council=council,
            actor=staff,
            data={"name": name, "organisation": organisation, "role": role},
        )
    services.meeting_add(
        council=council,
        actor=staff,
        data={
            "held_on": timezone.localdate() - dt.timedelta(days=30),
            "agenda": "1 計画の進捗状況\n2 バス路線の再編について",
            "is_public": True,
        },
    )
    plan = plan_services.plan_measures_start(plan=plan, actor=staff)
    goal = strategy_services.goal_save(
        strategy=plan.strategy,
        actor=staff,
        data={"title": "誰もが移動できるまち", "numerical_target": "公共交通の利用者数 1日20万人"},
    )
    strategy_services.measure_save(
        strategy=plan.strategy,
        actor=staff,
        data={"goal": goal, "title": "バス路線の再編とデマンド交通の導入", "description": ""},
    )
    advice = advice_give(
        owner=plan,
        section=council,
        kind="suggestion",
        body="利用者代表（公募委員）を委員に加えることをご検討ください。",
        actor=officer,
    )
    advice_answer(
        advice=advice, owner=plan, answer="次回の改選で公募委員を1名加えます。", actor=staff
    )
