import pytest
from django.core import mail
from django.db import transaction

from portal.models import Notification
from portal.services.notifications import notification_deliver, notification_mark_read, notify
from portal.tasks import send_notification, sweep_pending_notifications

pytestmark = pytest.mark.django_db


def _notify(user, key="k1"):
    return notify(
        recipient=user,
        kind="test",
        subject="お知らせ %(n)s",
        subject_params={"n": 1},
        template="portal/email/consultation_assigned.txt",
        context={"consultation": {"reference": "C2026-00001", "subject": "件名"}},
        dedupe_key=key,
        url="/consultations/1/",
    )


def test_notification_is_stored_and_mailed_only_after_commit(
    sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _notify(sapporo_staff)
    assert Notification.objects.get().status == "pending"
    assert len(mail.outbox) == 0
    assert len(callbacks) == 1
    callbacks[0]()
    notification.refresh_from_db()
    assert notification.status == "sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [sapporo_staff.email]
    assert message.subject.endswith("お知らせ 1")
    assert "http://127.0.0.1:8000/consultations/1/" in message.body


def test_nothing_is_sent_when_the_transaction_rolls_back(
    sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _notify(sapporo_staff)
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert Notification.objects.count() == 0
    assert len(mail.outbox) == 0


def test_same_dedupe_key_creates_one_notification(
    sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(sapporo_staff)
        second = _notify(sapporo_staff)
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_running_the_task_twice_sends_one_email(sapporo_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(sapporo_staff)
    assert send_notification.delay(notification.pk).get() is False
    assert notification_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_is_recorded_and_retried_later(
    sapporo_staff, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = _notify(sapporo_staff)
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.BrokenBackend"
    with pytest.raises(Exception, match="SMTP down"):
        notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == "pending"
    assert notification.attempts == 1
    assert "SMTP down" in notification.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_deliver(notification_id=notification.pk) is True
    notification.refresh_from_db()
    assert notification.status == "sent"
    assert len(mail.outbox) == 1


def test_the_sweep_sends_notifications_left_pending(
    sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = _notify(sapporo_staff)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at.replace(year=2020)
    )
    assert sweep_pending_notifications() == 1
    assert len(mail.outbox) == 1
    assert sweep_pending_notifications() == 0
    assert len(mail.outbox) == 1


def test_bell_shows_unread_count_and_list_marks_read(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(sapporo_staff, "a")
        _notify(sapporo_staff, "b")
    client.force_login(sapporo_staff)
    html = client.get("/").content.decode()
    assert "2件未読" in html or "2 unread" in html
    response = client.get("/notifications/")
    assert response.status_code == 200
    one = Notification.objects.first()
    client.post("/notifications/read/", {"id": one.pk})
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    client.post("/notifications/read/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_users_cannot_mark_others_notifications(
    sapporo_staff, hakodate_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(sapporo_staff)
    assert notification_mark_read(user=hakodate_staff, notification_id=notification.pk) == 0


def test_notification_list_query_count_does_not_grow(
    client, sapporo_staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(sapporo_staff, "first")
    with django_assert_num_queries(8):
        assert client.get("/notifications/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(15):
            _notify(sapporo_staff, f"more-{i}")
    with django_assert_num_queries(8):
        assert client.get("/notifications/").status_code == 200


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")
