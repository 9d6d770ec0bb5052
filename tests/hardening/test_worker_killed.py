"""A Celery worker killed in the middle of a task: the task is delivered again (late
acknowledgement) and completes once — one PDF, one email, nothing half-written.

Real parts: Redis as the broker, worker processes started as an operator would
(``celery -A portal worker``), SIGKILL (no chance to clean up), and an SMTP server on
127.0.0.1 that hangs the first time it is called, so the first worker is killed while it is
sending the mail, not before or after.
"""

from __future__ import annotations

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.models import Document, Notification
from portal.services.notifications import notify
from tests.conftest import celery_broker, in_ci
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY = 3  # seconds before a message taken by a dead worker is delivered again


def _wait_until(predicate, timeout=60.0, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend; the first connection hangs before greeting."""

    def handle(self):
        server = self.server
        with server.lock:
            server.connections += 1
            first = server.connections == 1
        if first:
            server.hung.set()
            server.release.wait(120)
            return
        self._reply("220 test ESMTP")
        data, lines = False, []
        while line := self.rfile.readline():
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            if data:
                if text == ".":
                    data = False
                    with server.lock:
                        server.messages.append("\n".join(lines))
                    lines = []
                    self._reply("250 queued")
                else:
                    lines.append(text)
                continue
            verb = text[:4].upper()
            if verb == "EHLO":
                self._reply("250 test")
            elif verb == "DATA":
                data = True
                self._reply("354 go ahead")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 ok")

    def _reply(self, text):
        self.wfile.write(f"{text}\r\n".encode())


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.lock = threading.Lock()
        self.connections = 0
        self.messages: list[str] = []
        self.hung = threading.Event()
        self.release = threading.Event()


@pytest.fixture
def smtp():
    server = _SMTPServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def broker():
    if not os.environ.get("REDIS_URL"):
        if in_ci():
            pytest.fail("REDIS_URL must be set in CI: the worker test needs Redis")
        pytest.skip("needs Redis (set REDIS_URL)")
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes share the test database: needs PostgreSQL")
    import redis

    url = settings.CELERY_BROKER_URL
    client = redis.Redis.from_url(url)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    try:
        with celery_broker(url):
            yield url, client
    finally:
        client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
        client.close()


@pytest.fixture
def start_worker(broker, smtp, tmp_path):
    url, _client = broker
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_SECRET_KEY": "worker-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": (
            f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.server_address[1]}",
        "PORTAL_PRIVATE_ROOT": str(tmp_path / "private"),
        "PORTAL_MEDIA_ROOT": str(tmp_path / "media"),
        "PORTAL_LOG_FORMAT": "plain",
    }
    workers: list[subprocess.Popen] = []
    logs: dict[int, Path] = {}

    def start(name):
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
                f"--hostname={name}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append(worker)
        logs[worker.pid] = tmp_path / f"{name}.log"
        # Django and the tasks load before the worker consumes ("ready."); under load that
        # can take a while, and a task queued earlier would just wait for it.
        ready = _wait_until(
            lambda: worker.poll() is not None or b" ready." in logs[worker.pid].read_bytes(),
            timeout=300,
            step=0.2,
        )
        assert ready and worker.poll() is None, f"worker {name} did not start:\n{log_of(worker)}"
        return worker

    def log_of(worker) -> str:
        return logs[worker.pid].read_text(errors="replace")[-4000:]

    start.log_of = log_of

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()


def _taken(client) -> bool:
    """A worker has taken a message and not acknowledged it (kombu's unacked hash)."""
    return client.hlen("unacked") > 0


def _kill(worker):
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def test_a_worker_killed_while_sending_mail_leaves_it_to_the_next_who_sends_it_once(
    broker, smtp, start_worker
):
    _url, client = broker
    user = UserFactory(sapporo=True, email="staff@example.jp")
    first = start_worker("first")
    # Stored and queued after commit, as every service does.
    notification = notify(
        recipient=user,
        kind="test",
        subject="ワーカー停止の試験",
        template="portal/email/consultation_assigned.txt",
        context={"consultation": {"reference": "C2026-00042", "subject": "件名"}},
        dedupe_key="worker-killed",
    )
    assert smtp.hung.wait(120), start_worker.log_of(first)
    _kill(first)
    assert Notification.objects.get(pk=notification.pk).status == "pending"
    assert smtp.messages == []

    second = start_worker("second")
    assert _wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == "sent", timeout=120
    ), start_worker.log_of(second)
    time.sleep(VISIBILITY + 1)  # a second, stale delivery would arrive by now
    assert len(smtp.messages) == 1
    assert "To: staff@example.jp" in smtp.messages[0]
    assert Notification.objects.get(pk=notification.pk).attempts == 1
    assert not _taken(client)


def test_a_worker_killed_while_rendering_a_pdf_leaves_one_whole_file(
    broker, start_worker, tmp_path
):
    from portal.tasks import render_document

    _url, client = broker
    municipality = UserFactory(sapporo=True).municipality
    document = Document.objects.create(
        kind="worker_test",
        content_type_id=_content_type_id(municipality),
        object_id=str(municipality.pk),
        content_hash="0" * 64,
        title="札幌市 試験",
        html="<html lang='ja'><body>"
        + "".join(f"<h2>第{i}節 札幌市の概要</h2><p>{'人口と財政。' * 200}</p>" for i in range(60))
        + "</body></html>",
    )
    first = start_worker("first")
    render_document.delay(document.pk)
    assert _wait_until(lambda: _taken(client), timeout=120, step=0.005), start_worker.log_of(first)
    _kill(first)
    document.refresh_from_db()
    assert document.status == "pending", "the first worker finished before it was killed"
    private = tmp_path / "private"
    assert not [p for p in private.rglob("*") if p.is_file()]  # nothing half-written

    second = start_worker("second")
    assert _wait_until(
        lambda: Document.objects.get(pk=document.pk).status == "done", timeout=180
    ), start_worker.log_of(second)
    time.sleep(VISIBILITY + 1)
    document.refresh_from_db()
    files = [p for p in private.rglob("*") if p.is_file()]
    assert len(files) == 1
    data = files[0].read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert document.file.name.endswith(files[0].name)
    assert not _taken(client)


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk
