"""Benchmark of the regional view (not a test: `make perf`).

Generates, once, five 年度 of data for all 179 municipalities in PostgreSQL database
`portal_perf_regional` (grant applications with decisions and payments, consultations),
then times the dashboard pages (p50/p95 over repeated requests, in process) and the build
of the annual report (the whole task: figures, chapters, PDF).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf_regional")

import django

django.setup()

import logging

# One JSON line per request would drown the results.
logging.getLogger("portal.requests").setLevel(logging.WARNING)
logging.getLogger("celery").setLevel(logging.WARNING)

from django.db import connection
from django.test import Client
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_grants import ensure_database

YEARS = [2022, 2023, 2024, 2025, 2026]
PER_MUNICIPALITY_YEAR = int(os.environ.get("BENCH_PER_YEAR", "12"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def populate() -> None:
    from grants.models import (
        Allocation,
        ApplicantKind,
        Application,
        Call,
        GrantCategory,
        Payment,
        Programme,
    )
    from portal.models import Bureau, Consultation, ConsultationCategory, Municipality, Role, User

    if Application.objects.exists():
        return
    random.seed(11)
    programme = Programme.objects.get(code="chiiki-zukuri")
    soft = GrantCategory.objects.get(code="soft")
    kind = ApplicantKind.objects.get(code="municipality")
    category = ConsultationCategory.objects.get(code="general")
    now = timezone.now()
    officer = None
    calls = {}
    for bureau in Bureau.objects.all():
        for year in YEARS:
            calls[(bureau.pk, year)] = Call.objects.create(
                programme=programme,
                category=soft,
                bureau=bureau,
                fiscal_year=year,
                title=f"{bureau.name} {year}",
                opens_at=now - dt.timedelta(days=9),
                closes_at=now + dt.timedelta(days=9),
                is_published=True,
                rounding_unit=100_000,
                upper_limit=3_000_000,
            )
            Allocation.objects.create(bureau=bureau, fiscal_year=year, amount=50_000_000)
        officer = officer or User.objects.create(
            email="bench-officer@example.jp", role=Role.BUREAU, bureau=bureau, is_staff=True
        )
    apps, consultations = [], []
    for m in Municipality.objects.all():
        staff = User.objects.create(
            email=f"bench-{m.pk}@example.jp",
            role=Role.MUNICIPAL,
            municipality=m,
            name=f"{m.name} 職員",
        )
        for year in YEARS:
            for i in range(PER_MUNICIPALITY_YEAR):
                status = random.choice(["submitted", "approved", "paid", "rejected", "closed"])
                amount = random.randrange(1, 30) * 100_000
                decided = status in ("approved", "paid", "closed")
                apps.append(
                    Application(
                        call=calls[(m.bureau_id, year)],
                        municipality=m,
                        bureau_id=m.bureau_id,
                        fiscal_year=year,
                        applicant_kind=kind,
                        status=status,
                        reference=f"P{year}-{m.pk}-{i}",
                        title=f"事業 {i}",
                        requested_amount=amount,
                        approved_amount=amount if decided else None,
                        created_by=staff,
                        submitted_at=now,
                    )
                )
            asked = timezone.make_aware(dt.datetime(year, 7, 1, 10))
            consultations.append(
                Consultation(
                    category=category,
                    municipality=m,
                    bureau_id=m.bureau_id,
                    asker=staff,
                    asker_email=staff.email,
                    subject="質問",
                    question="内容",
                    answered_at=asked + dt.timedelta(days=random.randrange(1, 10)),
                )
            )
    Application.objects.bulk_create(apps, batch_size=5000)
    created = Consultation.objects.bulk_create(consultations, batch_size=5000)
    for consultation, year in zip(created, [y for _ in range(179) for y in YEARS], strict=False):
        Consultation.objects.filter(pk=consultation.pk).update(
            created_at=timezone.make_aware(dt.datetime(year, 7, 1, 10))
        )
    payments = [
        Payment(
            application=a,
            kind="settlement",
            amount=a.approved_amount,
            paid_on=dt.date(a.fiscal_year + 1, 4, 30),
            recorded_by=officer,
        )
        for a in Application.objects.filter(status__in=["paid", "closed"]).only(
            "pk", "approved_amount", "fiscal_year"
        )
    ]
    Payment.objects.bulk_create(payments, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


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
    from grants.models import Application
    from portal.models import AnnualReport, Role, User
    from portal.services.reports import annual_report_build

    ensure_database()
    populate()
    print(f"data: {Application.objects.count()} applications over {len(YEARS)} 年度")
    hq, _ = User.objects.get_or_create(
        email="bench-hq@example.jp", defaults={"role": Role.HQ, "is_staff": True}
    )
    officer = User.objects.get(email="bench-officer@example.jp")
    rows = []
    for label, user, url in [
        ("all Hokkaido (HQ)", hq, "/regions/?fiscal_year=2026"),
        ("collaboration region (HQ)", hq, "/regions/doo/?fiscal_year=2026"),
        ("bureau page (officer)", officer, f"/regions/bureaus/{officer.bureau.code}/"),
        ("municipality page (HQ)", hq, "/regions/municipalities/011002/"),
    ]:
        client = Client()
        client.force_login(user)
        rows.append((label, *measure(client, url)))
    AnnualReport.objects.filter(fiscal_year=2026).delete()
    report = AnnualReport.objects.create(fiscal_year=2026, requested_by=hq)
    start = time.perf_counter()
    assert annual_report_build(report_id=report.pk)
    seconds = time.perf_counter() - start
    print(f"{'measure':40} {'p50 ms':>8} {'p95 ms':>8}")
    for label, p50, p95 in rows:
        print(f"{label:40} {p50:8.1f} {p95:8.1f}")
    print(f"annual report build (whole task): {seconds:.1f} s")


if __name__ == "__main__":
    main()
