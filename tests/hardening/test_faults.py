"""Faults on the real services: Redis gone while people work, PostgreSQL restarted under a
running web process."""

import urllib.request

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from grants.services import applications, review
from portal.models import Notification
from portal.tasks import sweep_pending_notifications
from tests.conftest import celery_broker, free_port
from tests.grants.factories import AllocationFactory, ApplicationFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_with_redis_down_pages_render_transitions_commit_and_mail_waits(
    client, settings, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    # The cache and the broker both point at a Redis that does not answer.
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with celery_broker(DEAD_REDIS):
        client.force_login(sapporo_staff)
        assert client.get("/grants/applications/").status_code == 200
        assert client.get("/").status_code == 200
        draft = ApplicationFactory(created_by=sapporo_staff)
        with django_capture_on_commit_callbacks(execute=True):
            submitted = applications.application_submit(application=draft, actor=sapporo_staff)
        assert submitted.status == "submitted"
        waiting = Notification.objects.filter(status="pending").count()
        assert waiting >= 1
        assert mail.outbox == []
    # Redis is back: the periodic sweep sends what waited, once.
    Notification.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    assert sweep_pending_notifications() == waiting
    sent = len(mail.outbox)
    assert sent == waiting
    assert sweep_pending_notifications() == 0
    assert len(mail.outbox) == sent
    assert not Notification.objects.filter(status="pending").exists()
    # And a decision made afterwards still works normally.
    AllocationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review.application_start_review(application=submitted, actor=ishikari_officer)
        review.application_approve(application=submitted, actor=ishikari_officer, amount=600_000)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_web_process_survives_a_database_restart():
    """gunicorn keeps its database connection between requests (CONN_MAX_AGE); when
    PostgreSQL cuts it, the next request reconnects (CONN_HEALTH_CHECKS) without a restart."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs this on PostgreSQL)")
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    user, host, port = (
        db.get("USER") or "postgres",
        db.get("HOST") or "127.0.0.1",
        db.get("PORT") or 5432,
    )
    web_port = free_port()
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{db['NAME']}",
        "DJANGO_CONN_MAX_AGE": "600",
        "REDIS_URL": "",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            "1",
            "portal.wsgi:application",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{web_port}/healthz"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        assert urllib.request.urlopen(url, timeout=5).status == 200
        connection.ensure_connection()
        own = connection.connection.info.backend_pid
        with psycopg.connect(f"postgres://{user}@{host}:{port}/postgres", autocommit=True) as a:
            killed = a.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
                [db["NAME"], own],
            ).fetchone()[0]
        assert killed >= 1  # gunicorn's kept connection
        for _ in range(3):
            assert urllib.request.urlopen(url, timeout=5).status == 200
        assert server.poll() is None  # the same web process, not restarted
    finally:
        server.terminate()
        server.wait(timeout=10)
