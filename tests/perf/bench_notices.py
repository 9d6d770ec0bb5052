"""Benchmark of a batch of 交付決定通知書 (not a test: `make bench-notices`).

The target: at the 年度 peak a bureau issues the notices of 179 decided applications as one
batch, and the worker must number and typeset them all in under 60 s. This creates
BENCH_NOTICES (default 179) decided applications without notices in the PostgreSQL
database `portal_perf_notices` on 127.0.0.1, then times the batch task
(grants.tasks.issue_notice_batch) with the real PDF renderer: Celery runs eagerly (the
test settings), so the task's own time includes each notice's number, document, audit
event and WeasyPrint typesetting, one after the other in one process, as one worker would
(after a batch of one that warms the process, its fonts and templates, timed on its own).
It then runs the task again (a redelivery: it must issue nothing) and, as the physical
limit beside it (CONVENTIONS §14), times WeasyPrint on an empty page and on one notice's
HTML with and without the fonts kept between documents.

Each run adds its own applications (the 文書番号 keep counting); BENCH_DATABASE_URL
changes the database.
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
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf_notices"
)

import django

django.setup()

import logging

# One line per task would drown the results.
logging.getLogger("portal.requests").setLevel(logging.WARNING)
logging.getLogger("celery").setLevel(logging.WARNING)

from django.conf import settings
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_grants import ensure_database

COUNT = int(os.environ.get("BENCH_NOTICES", "179"))
TARGET_SECONDS = 60


def decided_applications(count: int):
    """``count`` decided applications of 石狩振興局's municipalities, without notices."""
    import datetime as dt

    from grants.models import Allocation, ApplicantKind, Application, Call, GrantCategory, Programme
    from portal.models import Bureau, Municipality, Role, User

    bureau = Bureau.objects.get(code="ishikari")
    now = timezone.now()
    call, _ = Call.objects.get_or_create(
        programme=Programme.objects.get(code="chiiki-zukuri"),
        category=GrantCategory.objects.get(code="soft"),
        bureau=bureau,
        fiscal_year=2026,
        defaults={
            "title": "石狩振興局 地域づくり総合交付金（ベンチマーク）",
            "opens_at": now - dt.timedelta(days=30),
            "closes_at": now + dt.timedelta(days=30),
            "is_published": True,
            "rounding_unit": 100_000,
            "upper_limit": 3_000_000,
        },
    )
    Allocation.objects.get_or_create(bureau=bureau, fiscal_year=2026, defaults={"amount": 10**12})
    officer, _ = User.objects.get_or_create(
        email="bench-notices-officer@example.jp",
        defaults={"role": Role.BUREAU, "bureau": bureau, "is_staff": True, "name": "石狩 職員"},
    )
    municipalities = list(Municipality.objects.filter(bureau=bureau).order_by("code"))
    kind = ApplicantKind.objects.get(code="municipality")
    start = Application.objects.filter(call=call).count()
    rows = []
    for i in range(start, start + count):
        municipality = municipalities[i % len(municipalities)]
        rows.append(
            Application(
                reference=f"BN-石狩-{i:05d}",
                call=call,
                municipality=municipality,
                bureau=bureau,
                fiscal_year=2026,
                applicant_kind=kind,
                status="approved",
                title=f"{municipality.name}地域づくり推進事業 {i}",
                purpose="地域の担い手を育てる。",
                start_date=dt.date(2026, 6, 1),
                end_date=dt.date(2027, 2, 28),
                report_due=dt.date(2027, 3, 31),
                requested_amount=1_000_000,
                approved_amount=1_000_000,
                submitted_at=now,
                decided_at=now,
                created_by=officer,
            )
        )
    return Application.objects.bulk_create(rows), officer


def run_batch(applications, officer):
    from grants.models import NoticeBatch, NoticeBatchItem
    from grants.tasks import issue_notice_batch

    # The batch as the admin records it, without its on-commit send: the task is run here.
    batch = NoticeBatch.objects.create(bureau_id=officer.bureau_id, requested_by=officer)
    NoticeBatchItem.objects.bulk_create(
        NoticeBatchItem(batch=batch, application=a) for a in applications
    )
    started = time.perf_counter()
    issued = issue_notice_batch.apply(args=[batch.pk]).get()
    elapsed = time.perf_counter() - started
    return elapsed, issued, batch


def baseline() -> dict[str, float]:
    """WeasyPrint alone: an empty page, and one notice with fresh fonts vs kept fonts."""
    from weasyprint import HTML

    from grants.models import Notice
    from portal.services.documents import ProjectOnlyURLFetcher, html_to_pdf

    html = Notice.objects.select_related("document").order_by("-pk").first().document.html

    def timed(render, repeat=5) -> float:
        render()
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            render()
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings)

    def fresh_fonts():
        HTML(
            string=html, base_url=settings.SITE_URL, url_fetcher=ProjectOnlyURLFetcher()
        ).write_pdf()

    return {
        "WeasyPrint, empty page": timed(lambda: HTML(string="<p></p>").write_pdf()),
        "one notice, fonts loaded each time": timed(fresh_fonts),
        "one notice, fonts kept (html_to_pdf)": timed(lambda: html_to_pdf(html)),
    }


def main() -> None:
    from grants.models import Notice
    from portal.models import Document

    load = os.getloadavg()
    ensure_database()
    # A worker typesets all day: the first notice of a fresh process (fonts, templates) is
    # timed on its own, so that a small BENCH_NOTICES does not stretch it over 179.
    first, officer = decided_applications(1)
    cold, _issued, _batch = run_batch(first, officer)
    applications, officer = decided_applications(COUNT)
    elapsed, issued, batch = run_batch(applications, officer)
    notices = Notice.objects.filter(application__in=applications)
    done = Document.objects.filter(
        pk__in=notices.values("document_id"), status=Document.Status.DONE
    ).count()
    assert issued == COUNT == notices.count() == done, (issued, notices.count(), done)
    again_started = time.perf_counter()
    from grants.tasks import issue_notice_batch

    again = issue_notice_batch.apply(args=[batch.pk]).get()
    again_elapsed = time.perf_counter() - again_started
    assert again == 0 and notices.count() == COUNT

    print(f"batch of {COUNT} notices (numbered, stored, typeset), one process:")
    print(f"  {elapsed:.1f} s in all, {elapsed * 1000 / COUNT:.0f} ms a notice", end="")
    if COUNT == 179:
        verdict = "met" if elapsed < TARGET_SECONDS else "NOT met"
        print(f"; target < {TARGET_SECONDS} s: {verdict}")
    else:
        print(f"; at this rate 179 would take {elapsed / COUNT * 179:.0f} s (target < 60 s)")
    print(f"  the task run again (redelivery): {again_elapsed:.2f} s, issued {again}")
    print(f"  before it, a batch of 1 in the fresh process: {cold:.2f} s")
    for label, ms in baseline().items():
        print(f"  {label:40} {ms:7.1f} ms")
    end = os.getloadavg()
    print(
        f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"at the end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}"
    )


if __name__ == "__main__":
    main()
