"""Mixed load against gunicorn, PostgreSQL and Redis on this machine (not a test: `make load`).

    .venv/bin/python tests/perf/bench_load.py            # BENCH_SECONDS=60 BENCH_USERS=22

1. Builds a fresh database ``portal_perf_load``: reference data, the demo data of every pillar
   (``load_demo``), 3,000 applications spread over the bureaus, and a draft per staff user.
2. Serves it with gunicorn (2 workers, Redis cache, the benchmark's bare view routed) on
   127.0.0.1 only.
3. Runs locust headless for a bounded time with tests/perf/locustfile.py: the public reading the
   casebook, 札幌市's staff saving application sections, 石狩振興局's officers in the admin, and
   a bare Django view as the baseline, all in the same run.
4. Prints, per page type, requests, errors, p50/p95 (ms) and throughput; exits 1 on any error.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf_load"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_USERS", "22"))
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["REDIS_URL"] = REDIS_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ.setdefault("BENCH_APPLICATIONS", "3000")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
PASSWORD = "demo-pass-2026"


def recreate_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
            "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )


def populate() -> dict:
    """The data, and what the simulated users visit."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    from tests.perf import bench_grants

    bench_grants.populate()

    from casebook.models import CaseStudy
    from grants.models import Application
    from portal.models import Bureau, User
    from tests.grants.factories import ApplicationFactory

    staff = User.objects.get(email="sapporo@demo.example.jp")
    drafts = [ApplicationFactory(created_by=staff).pk for _ in range(12)]
    officer_applications = list(
        Application.objects.filter(bureau__code="ishikari")
        .exclude(status="draft")  # officers see submitted applications, not drafts
        .order_by("-pk")
        .values_list("pk", flat=True)[:200]
    )
    case_studies = list(
        CaseStudy.objects.filter(status="published").values_list("pk", flat=True)[:500]
    )
    if not case_studies:
        raise SystemExit("no published case study in the demo data")
    return {
        "password": PASSWORD,
        "staff": staff.email,
        "officer": "ishikari-officer@demo.example.jp",
        "drafts": drafts,
        "officer_applications": officer_applications,
        "case_studies": case_studies,
        "bureaus": list(Bureau.objects.values_list("code", flat=True)),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PORTAL_BENCHMARK": "1",
        "PORTAL_CACHE_PREFIX": "load-bench",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "600",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
            "--max-requests",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/casebook/_bench/bare/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_locust(port: int, config: dict, out: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "tests/perf/locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "-u",
            str(USERS),
            "-r",
            str(USERS),
            "-t",
            f"{SECONDS}s",
            "--csv",
            str(out / "load"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_LOAD_CONFIG": json.dumps(config)},
        check=False,
    )
    return out / "load_stats.csv"


def report(stats: Path) -> int:
    rows = [r for r in csv.DictReader(stats.open()) if r["Name"] != "Aggregated"]
    rows.sort(key=lambda r: r["Name"])
    errors = 0
    print(f"\n## Mixed load: {USERS} users for {SECONDS} s (gunicorn, 2 workers)\n")
    print("| page type | requests | errors | p50 ms | p95 ms | req/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        errors += int(r["Failure Count"])
        print(
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | "
            f"{r['50%']} | {r['95%']} | {float(r['Requests/s']):.1f} |"
        )
    total = sum(int(r["Request Count"]) for r in rows)
    print(f"\n{total} requests, {errors} errors")
    return 1 if errors or not total else 0


def main() -> int:
    recreate_database()
    config = populate()
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(port)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            return report(run_locust(port, config, Path(tmp)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
