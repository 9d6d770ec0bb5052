"""A real Celery worker consuming from Redis sends the notifications a service stored."""

import os
import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from portal.celery import app
from portal.models import Notification
from portal.services.notifications import notify
from portal.tasks import send_notification
from tests.conftest import celery_broker, in_ci
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def celery_worker():
    if not os.environ.get("REDIS_URL"):
        if in_ci():
            pytest.fail("REDIS_URL must be set in CI: the worker test needs Redis")
        pytest.skip("needs Redis (set REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    with (
        celery_broker(settings.REDIS_URL),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield


def _wait_until(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_worker_sends_a_stored_notification_once(celery_worker):
    user = UserFactory(sapporo=True)
    with transaction.atomic():
        notification = notify(
            recipient=user,
            kind="test",
            subject="ワーカーからの送信",
            template="portal/email/consultation_assigned.txt",
            context={"consultation": {"reference": "C2026-00009", "subject": "件名"}},
            dedupe_key="worker-test",
        )
        # Nothing goes to the broker before commit.
        assert Notification.objects.get(pk=notification.pk).status == "pending"
    assert _wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "sent"), (
        "the worker did not send the notification"
    )
    # A duplicate delivery (e.g. a redelivered message) sends nothing more.
    send_notification.delay(notification.pk)
    send_notification.delay(notification.pk)
    time.sleep(1.0)
    sent = [m for m in mail.outbox if m.subject.endswith("ワーカーからの送信")]
    assert len(sent) == 1
    assert Notification.objects.get(pk=notification.pk).attempts == 1
