"""Requests per second of the cached public pages against a bare Django app (`make throughput`).

    .venv/bin/python tests/perf/bench_throughput.py      # BENCH_ROUNDS=5 BENCH_SECONDS=5

Not a test: run it on a quiet machine (no test run or other heavy job beside it); the load
average at the start and the end is printed next to the figures.

1. A PostgreSQL database ``portal_throughput`` (migrate and ``load_demo``, once; kept for the
   next run) and Redis database 13 (emptied) for the cache; the static files collected.
2. The portal served as in production: ``gunicorn -c gunicorn.conf.py portal.wsgi:application``
   with the production settings (DJANGO_DEBUG=0), 2 workers, gunicorn's access log off (the
   portal's own request log writes its line for each page rendered, and one line a minute
   for the pages served from the cache), every request sent as ``X-Forwarded-Proto: https``
   as nginx does.
3. The baseline, the physical limit: a bare Django project (tests/perf/bare/: no apps, no
   middleware, one "Hello, world!" view) served by plain gunicorn with an empty config
   (``-c /dev/null``) and the same 2 workers.
4. wrk (2 threads, 8 connections) on each page, for BENCH_ROUNDS rounds of BENCH_SECONDS
   seconds; each page's run is paired with a run on the bare app just before it, so machine
   noise touches both. Printed: the median req/s of each page and of its bare runs, and the
   median of the per-round ratios; /healthz and an uncached page for reference.
5. The home page and /healthz again with workers recycled every 1,000 requests
   (GUNICORN_MAX_REQUESTS=1000), with and without preloading: before and after issue #14.

A full run takes about BENCH_ROUNDS × BENCH_SECONDS × 24 seconds plus a minute of starting and
warming up (12 minutes by default), and a minute or two more the first time, to build the
database. Exit status 1 when a cached page stays under 0.8 × the bare app.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_throughput"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
TARGET = 0.8
NOTES: list[str] = []
RECYCLING = [
    (
        "GUNICORN_MAX_REQUESTS=1000, not preloaded (before)",
        {"GUNICORN_MAX_REQUESTS": "1000", "GUNICORN_PRELOAD": "0"},
    ),
    ("GUNICORN_MAX_REQUESTS=1000, preloaded", {"GUNICORN_MAX_REQUESTS": "1000"}),
]
LOADED = "portal throughput benchmark: demo data loaded"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
HEADERS = {"X-Forwarded-Proto": "https"}
# The portal's environment: production settings, nothing for tests.
PORTAL_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "throughput-benchmark-secret-key-0123456789abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "WEB_CONCURRENCY": WORKERS,
    "GUNICORN_ACCESSLOG": "off",
    "GUNICORN_LOG_LEVEL": "warning",
}
CLEAN_ENV = {
    name: value
    for name, value in os.environ.items()
    if not name.startswith(("DJANGO_", "GUNICORN_", "PORTAL_", "CELERY_"))
    and name not in ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY")
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**CLEAN_ENV, **PORTAL_ENV, "DJANGO_LOG_LEVEL": "ERROR"},
        check=True,
    )


def prepare_database() -> None:
    """Create, migrate and fill the database the first time; later runs reuse it."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
        loaded = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()[0]
    manage("migrate", "--noinput", "-v", "0")
    if loaded != LOADED:
        print("Loading the demo data (once) …", flush=True)
        manage("load_demo", "-v", "0")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{LOADED}'")


def prepare_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def collect_static() -> bool:
    """The production settings serve hashed static file names from staticfiles/ (built into
    the image). Returns whether this run made it (and removes it at the end)."""
    made = not (ROOT / "staticfiles").exists()
    manage("collectstatic", "--noinput", "-v", "0")
    return made


def start(command: list[str], env: dict, port: int, probe: str) -> subprocess.Popen:
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(300):
        if server.poll() is not None:
            break
        try:
            get(port, probe)
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit(f"the server did not start: {' '.join(command)}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def start_portal(port: int, **env: str) -> subprocess.Popen:
    return start(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi:application"],
        {**CLEAN_ENV, **PORTAL_ENV, "GUNICORN_BIND": f"127.0.0.1:{port}", **env},
        port,
        "/healthz",
    )


def start_bare(port: int) -> subprocess.Popen:
    return start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "/dev/null",  # not ./gunicorn.conf.py: plain gunicorn
            "-w",
            WORKERS,
            "-b",
            f"127.0.0.1:{port}",
            "tests.perf.bare.wsgi:application",
        ],
        CLEAN_ENV,
        port,
        "/",
    )


def get(port: int, path: str):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        return response.status, dict(response.headers), response.read()


def wrk(port: int, path: str, seconds: int) -> float:
    result = subprocess.run(
        [
            WRK,
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "-H",
            "X-Forwarded-Proto: https",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"errors on {path}:\n{result.stdout}")
    socket_errors = re.search(r"Socket errors: .*", result.stdout)
    if socket_errors:  # timeouts while a recycled worker imports the portal, for instance
        NOTES.append(f"{path}: {socket_errors.group(0)}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def discover_pages(port: int) -> list[tuple[str, str, bool]]:
    """(name, path, cached) of the measured pages, their ids taken from the demo data."""

    def first_link(path: str, pattern: str) -> str:
        _status, _headers, body = get(port, path)
        match = re.search(pattern, body.decode())
        if match is None:
            raise SystemExit(f"no {pattern} on {path}: is the demo data loaded?")
        return match.group(0)

    return [
        ("home", "/", True),
        ("municipalities", "/municipalities/", True),
        ("calls", "/grants/calls/", True),
        ("case studies", "/casebook/cases/", True),
        ("case study", first_link("/casebook/cases/", r"/casebook/cases/\d+/"), True),
        ("journal", "/casebook/journal/", True),
        ("/healthz", "/healthz", False),
        ("uncached: sign-in page", "/accounts/login/", False),
    ]


def check_and_warm(port: int, pages) -> dict[str, int]:
    """Each page answers 200, the cached ones with their validators; a second of load puts
    them in both workers' caches. Returns the page sizes."""
    sizes = {}
    for name, path, cached in pages:
        status, headers, body = get(port, path)
        if status != 200 or cached != ("ETag" in headers):
            raise SystemExit(f"{name} ({path}): {status}, cached={'ETag' in headers}")
        sizes[name] = len(body)
        wrk(port, path, 1)
    return sizes


def measure(bare_port: int, port: int, path: str) -> tuple[float, float]:
    bare = wrk(bare_port, "/", SECONDS)
    page = wrk(port, path, SECONDS)
    return bare, page


def summary(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    bare = statistics.median(b for b, _p in pairs)
    page = statistics.median(p for _b, p in pairs)
    ratio = statistics.median(p / b for b, p in pairs)
    return page, bare, ratio


def row(name: str, pairs, target: bool) -> str:
    page, bare, ratio = summary(pairs)
    verdict = ("✓" if ratio >= TARGET else "✗") if target else ""
    return f"| {name} | {page:,.0f} | {bare:,.0f} | {ratio:.2f} {verdict} |"


def main() -> int:
    load_start = os.getloadavg()
    started = time.monotonic()
    made_static = collect_static()  # the demo's PDFs need it too
    prepare_database()
    prepare_cache()
    bare_port, port = free_port(), free_port()
    bare = start_bare(bare_port)
    portal = start_portal(port)
    try:
        pages = discover_pages(port)
        sizes = check_and_warm(port, pages)
        wrk(bare_port, "/", 1)
        results: dict[str, list] = {name: [] for name, _path, _cached in pages}
        for round_number in range(1, ROUNDS + 1):
            print(f"round {round_number}/{ROUNDS} …", flush=True)
            for name, path, _cached in pages:
                results[name].append(measure(bare_port, port, path))
        stop(portal)

        # Before and after #14: workers recycled every 1,000 requests, each importing the
        # portal again (not preloaded) or forked from the preloaded master.
        recycling = {}
        for config, env in RECYCLING:
            portal = start_portal(port, **env)
            for path in ("/", "/healthz"):
                wrk(port, path, 1)
                recycling[(config, path)] = [
                    measure(bare_port, port, path) for _round in range(ROUNDS)
                ]
            stop(portal)
    finally:
        stop(portal)
        stop(bare)
        if made_static:
            shutil.rmtree(ROOT / "staticfiles", ignore_errors=True)

    load_end = os.getloadavg()
    print(
        f"\n## Throughput: gunicorn, {WORKERS} workers, wrk -t2 -c8, "
        f"{ROUNDS} rounds of {SECONDS} s\n"
    )
    print(f"Load average at the start {load_start[0]:.2f}, at the end {load_end[0]:.2f}.\n")
    print("| page | req/s | bare Django req/s | ratio (target ≥ 0.8) |")
    print("| --- | ---: | ---: | ---: |")
    for name, _path, cached in pages:
        print(row(f"{name} ({sizes[name]:,} B)", results[name], cached))
    print("\nWorker recycling (#14): the shipped configuration against recycling every 1,000")
    print("requests, with and without preloading.\n")
    print("| configuration | page | req/s | bare Django req/s | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    shipped = {"/": results["home"], "/healthz": results["/healthz"]}
    for path, pairs in shipped.items():
        print(row(f"GUNICORN_MAX_REQUESTS=0, preloaded (shipped) | {path}", pairs, False))
    for (config, path), pairs in recycling.items():
        print(row(f"{config} | {path}", pairs, False))
    for note in NOTES:
        print(f"\nwrk: {note}")
    print(f"\n{time.monotonic() - started:.0f} s in all.")
    cached_ratios = [summary(results[name])[2] for name, _path, cached in pages if cached]
    return 0 if min(cached_ratios) >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
