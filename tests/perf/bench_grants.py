"""Benchmark of the grants pillar at 100k applications (not a test: run with `make perf`).

Creates (once) 100,000 applications spread over all 14 bureaus and 179 municipalities in a
dedicated PostgreSQL database, then measures over repeated requests, in process with
Django's test client (so the figures are the server's own time, without network):
- the bureau officer's admin changelist (石狩, ~7k rows) and HQ's (all 100k rows), filtered
  by a work queue and by 担当, and the admin home with its 対応待ち counts,
- the municipality's dashboard (札幌市),
- the typesetting of a 交付決定通知書 PDF.
Prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf")

import django

django.setup()

import logging

# One JSON line per request would drown the results.
logging.getLogger("portal.requests").setLevel(logging.WARNING)
logging.getLogger("celery").setLevel(logging.WARNING)

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

TOTAL = int(os.environ.get("BENCH_APPLICATIONS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))


def ensure_database() -> None:
    name = settings.DATABASES["default"]["NAME"]
    import psycopg

    params = {
        k: v
        for k, v in {
            "host": settings.DATABASES["default"].get("HOST") or "127.0.0.1",
            "port": settings.DATABASES["default"].get("PORT") or 5432,
            "user": settings.DATABASES["default"].get("USER") or "postgres",
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
    call_command("migrate", verbosity=0)


def populate() -> None:
    import datetime as dt
    import random

    from django.utils import timezone

    from grants.models import (
        Allocation,
        ApplicantKind,
        Application,
        Call,
        GrantCategory,
        Programme,
    )
    from grants.models.applications import Status
    from portal.models import Bureau, Municipality, Role, User

    existing = Application.objects.count()
    if existing >= TOTAL:
        return
    random.seed(7)
    programme = Programme.objects.get(code="chiiki-zukuri")
    soft = GrantCategory.objects.get(code="soft")
    kind = ApplicantKind.objects.get(code="municipality")
    now = timezone.now()
    calls = {}
    for bureau in Bureau.objects.all():
        for year in (2025, 2026):
            calls[(bureau.pk, year)], _ = Call.objects.get_or_create(
                programme=programme,
                category=soft,
                bureau=bureau,
                fiscal_year=year,
                defaults={
                    "title": f"{bureau.name} {year}",
                    "opens_at": now - dt.timedelta(days=9),
                    "closes_at": now + dt.timedelta(days=9),
                    "is_published": True,
                    "rounding_unit": 100_000,
                    "upper_limit": 3_000_000,
                },
            )
            Allocation.objects.get_or_create(
                bureau=bureau, fiscal_year=year, defaults={"amount": 10**12}
            )
    municipalities = list(Municipality.objects.all())
    staff = {}
    for m in municipalities:
        staff[m.pk], _ = User.objects.get_or_create(
            email=f"bench-{m.pk}@example.jp",
            defaults={"role": Role.MUNICIPAL, "municipality": m, "name": f"{m.name} 職員"},
        )
    statuses = list(Status.values)
    batch = []
    for i in range(existing, TOTAL):
        m = municipalities[i % len(municipalities)]
        year = 2025 + (i % 2)
        status = random.choice(statuses)
        requested = random.randrange(1, 30) * 100_000
        decided = status in (
            "approved",
            "change_requested",
            "report_submitted",
            "amount_fixed",
            "claimed",
            "paid",
            "closed",
        )
        batch.append(
            Application(
                reference=f"B{year}-{m.bureau_id}-{i:06d}",
                call=calls[(m.bureau_id, year)],
                municipality=m,
                bureau_id=m.bureau_id,
                fiscal_year=year,
                applicant_kind=kind,
                status=status,
                title=f"ベンチマーク事業 {i}",
                requested_amount=requested,
                approved_amount=requested if decided else None,
                created_by=staff[m.pk],
                submitted_at=now if status != "draft" else None,
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    if batch:
        Application.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE grants_application")


def measure(client: Client, url: str) -> tuple[float, float]:
    client.get(url)  # warm up
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def pdf_timing() -> tuple[float, float]:
    from django.template.loader import render_to_string
    from django.utils import timezone

    from grants.models import Application
    from portal.services.documents import html_to_pdf

    app = Application.objects.select_related("call__programme", "bureau", "municipality").first()
    app.approved_amount = app.requested_amount
    notice = {"document_number": "石振地第123号", "issued_on": timezone.localdate()}
    html = render_to_string(
        "grants/pdf/notice_decision.html",
        {
            "notice": notice,
            "title": "地域づくり総合交付金交付決定通知書",
            "application": app,
            "call": app.call,
            "bureau": app.bureau,
            "municipality": app.municipality,
        },
    )
    html_to_pdf(html)  # warm up fonts
    timings = []
    for _ in range(max(5, REPEAT // 3)):
        start = time.perf_counter()
        html_to_pdf(html)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    from portal.models import Bureau, Municipality, Role, User

    ensure_database()
    # No setup_test_environment(): its template instrumentation would slow every render.
    started = time.perf_counter()
    populate()
    from grants.models import Application

    count = Application.objects.count()
    print(f"data ready: {count} applications ({time.perf_counter() - started:.0f} s)")
    officer, _ = User.objects.get_or_create(
        email="bench-officer@example.jp",
        defaults={
            "role": Role.BUREAU,
            "bureau": Bureau.objects.get(code="ishikari"),
            "is_staff": True,
        },
    )
    hq, _ = User.objects.get_or_create(
        email="bench-hq@example.jp", defaults={"role": Role.HQ, "is_staff": True}
    )
    sapporo = User.objects.get(email="bench-011002@example.jp")
    assert Municipality.objects.filter(pk=sapporo.municipality_id).exists()
    rows = []
    for label, user, url in [
        ("admin changelist, bureau officer (石狩)", officer, "/admin/grants/application/"),
        ("admin changelist, HQ (all 100k)", hq, "/admin/grants/application/"),
        (
            "admin changelist, HQ, filtered by status",
            hq,
            "/admin/grants/application/?status__exact=submitted",
        ),
        (
            "admin changelist, officer, 対応待ち queue",
            officer,
            "/admin/grants/application/?queue=review",
        ),
        (
            "admin changelist, officer, 担当: 自分",
            officer,
            "/admin/grants/application/?assignee=me",
        ),
        ("admin home with 対応待ち, officer", officer, "/admin/"),
        ("admin home with 対応待ち, HQ (all 100k)", hq, "/admin/"),
        ("municipality dashboard (札幌市)", sapporo, "/grants/applications/"),
    ]:
        client = Client()
        client.force_login(user)
        p50, p95 = measure(client, url)
        rows.append((label, p50, p95))
    rows.append(("notice PDF (WeasyPrint)", *pdf_timing()))
    print(f"{'measure':45} {'p50 ms':>8} {'p95 ms':>8}")
    for label, p50, p95 in rows:
        print(f"{label:45} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
