"""Demo strategies (#21) for `make run`: the 総合戦略 of 札幌市 (published, with a piece of
advice from 石狩振興局 and its answer) and of 函館市 (a draft), and the policies of
道央広域連携地域 (published) and 道南連携地域 (a draft). Made through the services, as the
pages make them. Idempotent: a municipality or region that has a strategy is left alone."""

from __future__ import annotations

from decimal import Decimal

from ..japanese import fiscal_year
from ..models import StrategyKind, User
from ..services import advice as advice_services
from ..services import strategy as services

# owner account, kind, title, publish, [(goal, numerical target, [(measure, [KPI])])]
# KPI: (name, unit, baseline, baseline year offset, source, yearly target step, results)
STRATEGIES = [
    (
        "sapporo@demo.example.jp",
        StrategyKind.MUNICIPAL,
        "第2期さっぽろ未来創生プラン",
        True,
        [
            (
                "安心して働ける場をつくる",
                "市内の新規雇用創出数 5年間で10,000人",
                [
                    (
                        "成長産業の誘致と創業支援",
                        [("創業件数", "件", "420", "市経済観光局調べ", "20", ["435", "448"])],
                    ),
                    (
                        "若者の地元就職の促進",
                        [
                            (
                                "市内大学卒業生の市内就職率",
                                "%",
                                "38.5",
                                "大学就職状況調査",
                                "1",
                                ["39.2"],
                            )
                        ],
                    ),
                ],
            ),
            (
                "結婚・出産・子育ての希望をかなえる",
                "合計特殊出生率 1.00以上",
                [
                    (
                        "子育て世帯の負担軽減",
                        [("保育所等待機児童数", "人", "0", "こども未来局調べ", "0", ["0", "0"])],
                    )
                ],
            ),
        ],
    ),
    (
        "hakodate@demo.example.jp",
        StrategyKind.MUNICIPAL,
        "函館市まち・ひと・しごと創生総合戦略（第3期）",
        False,
        [
            (
                "函館への新しい人の流れをつくる",
                "社会減 年間500人以下",
                [("移住・定住の促進", [("移住相談件数", "件", "310", "市企画部調べ", "15", [])])],
            )
        ],
    ),
    (
        "ishikari-officer@demo.example.jp",
        StrategyKind.REGIONAL,
        "道央広域連携地域 政策展開方針",
        True,
        [
            (
                "",
                "",
                [
                    (
                        "広域観光の推進",
                        [
                            (
                                "外国人宿泊客延べ数",
                                "千人泊",
                                "5,120",
                                "北海道観光入込客数調査",
                                "150",
                                ["5,300"],
                            )
                        ],
                    ),
                    (
                        "食の高付加価値化",
                        [("6次産業化の認定件数", "件", "85", "北海道農政部調べ", "3", ["87"])],
                    ),
                ],
            )
        ],
    ),
    (
        "oshima-officer@demo.example.jp",
        StrategyKind.REGIONAL,
        "道南連携地域 政策展開方針",
        False,
        [
            (
                "",
                "",
                [
                    (
                        "北海道新幹線を活かした交流人口の拡大",
                        [("新幹線の乗車人員", "千人", "1,050", "JR北海道公表値", "30", [])],
                    )
                ],
            )
        ],
    ),
]


def _figure(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def load_demo(stdout) -> None:
    start = fiscal_year() - 1
    for email, kind, title, publish, goals in STRATEGIES:
        actor = User.objects.filter(email=email).select_related("bureau").first()
        if actor is None:
            continue
        owned = (
            actor.municipality.strategies
            if kind == StrategyKind.MUNICIPAL
            else actor.bureau.region.strategies
        )
        if owned.exists():
            continue
        strategy = services.strategy_create(
            actor=actor,
            kind=kind,
            data={"title": title, "start_year": start, "end_year": start + 4, "summary": ""},
        )
        for goal_title, target, measures in goals:
            goal = None
            if goal_title:
                goal = services.goal_save(
                    strategy=strategy,
                    actor=actor,
                    data={"title": goal_title, "numerical_target": target},
                )
            for measure_title, kpis in measures:
                measure = services.measure_save(
                    strategy=strategy, actor=actor, data={"goal": goal, "title": measure_title}
                )
                for name, unit, baseline, source, step, results in kpis:
                    years = {
                        start + n: {
                            "target": _figure(baseline) + _figure(step) * (n + 1),
                            "result": _figure(results[n]) if n < len(results) else None,
                            "note": source if n < len(results) else "",
                        }
                        for n in range(5)
                    }
                    services.kpi_save(
                        strategy=strategy,
                        actor=actor,
                        measure=measure,
                        data={
                            "name": name,
                            "unit": unit,
                            "baseline_value": _figure(baseline),
                            "baseline_year": start - 1,
                            "source": source,
                        },
                        years=years,
                    )
        if publish:
            services.strategy_publish(strategy=strategy, actor=actor)
        if kind == StrategyKind.MUNICIPAL and publish:
            _advise(strategy)
    stdout.write("Demo strategies ready.")


def _advise(strategy) -> None:
    officer = User.objects.filter(email="ishikari-officer@demo.example.jp").first()
    keeper = User.objects.filter(email="sapporo@demo.example.jp").first()
    kpi = strategy.kpis.order_by("pk").first()
    if officer is None or keeper is None or kpi is None:
        return
    advice = advice_services.advice_give(
        owner=strategy,
        section=kpi,
        kind="suggestion",
        body="創業件数に加えて、創業5年後の存続率も指標に加えると効果検証がしやすくなります。",
        actor=officer,
    )
    advice_services.advice_answer(
        advice=advice,
        owner=strategy,
        answer="次回の効果検証で存続率の把握方法を検討します。",
        actor=keeper,
    )
