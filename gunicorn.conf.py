"""Gunicorn settings for the portal container.

Used as `gunicorn -c gunicorn.conf.py portal.wsgi:application` (the Dockerfile CMD).

The access log omits query strings and the referer: search forms and links can carry names,
addresses and other personal data in the query string, and those must not end up in logs.

Environment: GUNICORN_BIND, WEB_CONCURRENCY (workers), GUNICORN_TIMEOUT, GUNICORN_PRELOAD
(default 1), GUNICORN_MAX_REQUESTS (default 0: workers are not recycled), GUNICORN_ACCESSLOG
("-" for stdout, a file, or "off": the portal's own request log, portal.requests, still has a
line per request), GUNICORN_LOG_LEVEL.
"""

import os

# Inside the container the port is published by Docker; listen on every interface.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# The master imports the portal once and forks the workers from it: a worker starts at once
# and shares the imported code's memory. Nothing connects at import time (Django opens the
# database, the cache and the broker on first use, in each worker; a test checks it), so no
# socket is shared between workers. A new release needs a restart, not a HUP
# (GUNICORN_PRELOAD=0 imports in each worker instead, as before).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# Workers are not recycled. Recycling every 1,000 requests capped every page at about 1,200
# requests/s on 2 workers (each new worker imports the whole portal). The memory-hungry work,
# PDFs with WeasyPrint, runs in the Celery workers, which recycle themselves
# (CELERY_WORKER_MAX_TASKS_PER_CHILD / CELERY_WORKER_MAX_MEMORY_PER_CHILD in the settings).
# Set GUNICORN_MAX_REQUESTS to recycle web workers anyway (e.g. while chasing a leak).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Heartbeat files in RAM rather than on the container's overlay filesystem.
_shm = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not user data
if os.path.isdir(_shm):
    worker_tmp_dir = _shm

_accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
accesslog = None if _accesslog.lower() in ("", "off", "none") else _accesslog
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without the query string; %(r)s (request line) and %(f)s (referer)
# are deliberately left out.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def when_ready(server):
    """In the master, before the first fork: import the URLconf and with it every view (once,
    not in each worker at its first request), then close any database connection opened
    meanwhile, so that no worker inherits its socket."""
    if server.cfg.preload_app:
        from django.db import connections
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - imports the views
        connections.close_all()
