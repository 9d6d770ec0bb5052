"""What each pytest-xdist worker (gw0, gw1 …) must not share with the others.

The database is per worker already (pytest-django adds the worker to the test database's
name), the media roots are temporary directories per process, and servers a test starts take
a free port. Redis is the one shared service: each worker gets its own database, the ones after
the configured database, so that one worker's ``cache.clear()`` (a FLUSHDB) or broker queue
never touches another's. The processes a test starts inherit it through the environment.
"""

from urllib.parse import urlsplit, urlunsplit

# Redis databases 13 and up are the benchmarks' (see the Makefile).
FIRST_BENCHMARK_DATABASE = 13
MARK = "PORTAL_TEST_WORKER_REDIS"


def worker_environment(environ) -> dict[str, str]:
    """The environment variables to change in this worker; empty outside xdist, and in the
    processes a worker starts (they inherit the change already made)."""
    worker, url = environ.get("PYTEST_XDIST_WORKER", ""), environ.get("REDIS_URL", "")
    if not (worker and url) or environ.get(MARK) == worker:
        return {}
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + 1 + int(worker.removeprefix("gw"))
    if database >= FIRST_BENCHMARK_DATABASE:
        raise RuntimeError(f"Redis database {database} for {worker}: run fewer test workers")
    return {"REDIS_URL": urlunsplit(parts._replace(path=f"/{database}")), MARK: worker}
