"""Benchmark of the 効果検証 pages (#21 point 4; not a test: `make bench-strategies`).

Generates, once, in PostgreSQL database `portal_perf_strategies`: a 総合戦略 (2022–2026, 3
goals × 2 measures × 2 KPIs, figures for every 年度) for each of the 179 municipalities, a
policy per 連携地域, and BENCH_PER_YEAR grant applications per municipality and 年度 tagged
with its measures and its region's; then times the region page of 道央 (the largest) and a
municipality page (p50/p95 over BENCH_REPEAT requests, in process). Target: p95 < 300 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf_strategies")

import django

django.setup()

import logging

logging.getLogger("portal.requests").setLevel(logging.WARNING)
logging.getLogger("celery").setLevel(logging.WARNING)

from django.db import connection
from django.test import Client
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_grants import ensure_database

YEARS = [2022, 2023, 2024, 2025, 2026]
PER_YEAR = int(os.environ.get("BENCH_PER_YEAR", "6"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def _strategy(kind, owner, title, goals, measures_per_goal):
    from portal.models import Kpi, KpiYear, Strategy, StrategyGoal, StrategyMeasure

    strategy = Strategy.objects.create(
        kind=kind,
        title=title,
        start_year=YEARS[0],
        end_year=YEARS[-1],
        status="published",
        **owner,
    )
    measures = []
    for g in range(goals):
        goal = StrategyGoal.objects.create(strategy=strategy, order=g + 1, title=f"基本目標{g + 1}")
        for m in range(measures_per_goal):
            measures.append(
                StrategyMeasure(
                    strategy=strategy, goal=goal, order=m + 1, title=f"施策{g + 1}-{m + 1}"
                )
            )
    measures = StrategyMeasure.objects.bulk_create(measures)
    kpis = Kpi.objects.bulk_create(
        Kpi(strategy=strategy, measure=m, order=k + 1, name=f"KPI {k + 1}", unit="人")
        for m in measures
        for k in range(2)
    )
    KpiYear.objects.bulk_create(
        KpiYear(
            kpi=kpi,
            fiscal_year=year,
            target=Decimal(random.randrange(50, 150)),
            result=Decimal(random.randrange(30, 160)),
        )
        for kpi in kpis
        for year in YEARS
    )
    return measures


def populate() -> None:
    from grants.models import ApplicantKind, Application, Call, GrantCategory, Programme
    from portal.models import Bureau, Municipality, Region, Role, User

    if Application.objects.exists():
        return
    random.seed(21)
    regional = {
        r.pk: _strategy("regional", {"region": r}, f"{r.name}政策展開方針", 0, 0)
        + _strategy_loose(r)
        for r in Region.objects.all()
    }
    programme = Programme.objects.get(code="chiiki-zukuri")
    soft = GrantCategory.objects.get(code="soft")
    kind = ApplicantKind.objects.get(code="municipality")
    now = timezone.now()
    calls = {
        (b.pk, y): Call.objects.create(
            programme=programme,
            category=soft,
            bureau=b,
            fiscal_year=y,
            title=f"{b.name} {y}",
            opens_at=now,
            closes_at=now + dt.timedelta(days=30),
            is_published=True,
        )
        for b in Bureau.objects.all()
        for y in YEARS
    }
    Link = Application.measures.through
    for m in Municipality.objects.select_related("bureau"):
        own = _strategy("municipal", {"municipality": m}, f"{m.name}総合戦略", 3, 2)
        serving = own + regional[m.bureau.region_id]
        staff = User.objects.create(
            email=f"bench-{m.pk}@example.jp", role=Role.MUNICIPAL, municipality=m
        )
        apps = Application.objects.bulk_create(
            Application(
                call=calls[(m.bureau_id, y)],
                municipality=m,
                bureau_id=m.bureau_id,
                fiscal_year=y,
                applicant_kind=kind,
                status=random.choice(["submitted", "approved", "paid", "closed"]),
                reference=f"S{y}-{m.pk}-{i}",
                title=f"事業 {i}",
                requested_amount=1_000_000,
                approved_amount=1_000_000,
                created_by=staff,
            )
            for y in YEARS
            for i in range(PER_YEAR)
        )
        Link.objects.bulk_create(
            Link(application_id=a.pk, strategymeasure_id=measure.pk)
            for a in apps
            for measure in random.sample(serving, 2)
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _strategy_loose(region):
    """The regional policy's measures, filed under no goal as a 政策展開方針 lists them."""
    from portal.models import Strategy, StrategyMeasure

    strategy = Strategy.objects.get(kind="regional", region=region)
    return StrategyMeasure.objects.bulk_create(
        StrategyMeasure(strategy=strategy, order=i + 1, title=f"重点施策{i + 1}") for i in range(5)
    )


def measure(client, url):
    client.get(url)
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    from portal.models import Role, StrategyMeasure, User

    ensure_database()
    populate()
    print(f"data: {StrategyMeasure.objects.count()} measures over {len(YEARS)} 年度")
    hq, _ = User.objects.get_or_create(
        email="bench-hq@example.jp", defaults={"role": Role.HQ, "is_staff": True}
    )
    client = Client()
    client.force_login(hq)
    rows = [
        (
            "region progress, 道央 (HQ)",
            *measure(client, "/strategies/manage/progress/regions/doo/?fiscal_year=2026"),
        ),
        (
            "municipality progress (HQ)",
            *measure(client, "/strategies/manage/progress/municipalities/011002/?fiscal_year=2026"),
        ),
    ]
    print(f"{'measure':40} {'p50 ms':>8} {'p95 ms':>8}")
    for label, p50, p95 in rows:
        print(f"{label:40} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
