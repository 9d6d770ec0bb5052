"""Gunicorn settings for the portal container.

Used as `gunicorn -c gunicorn.conf.py portal.wsgi:application` (the Dockerfile CMD).

The access log omits query strings and the referer: search forms and links can carry names,
addresses and other personal data in the query string, and those must not end up in logs.
"""

import os

# Inside the container the port is published by Docker; listen on every interface.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then: PDF rendering (WeasyPrint) can hold on to memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100

# Heartbeat files in RAM rather than on the container's overlay filesystem.
_shm = "/dev/shm"  # noqa: S108 - gunicorn's own heartbeat files, not user data
if os.path.isdir(_shm):
    worker_tmp_dir = _shm

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without the query string; %(r)s (request line) and %(f)s (referer)
# are deliberately left out.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
