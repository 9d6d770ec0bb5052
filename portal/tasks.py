"""Kernel tasks: thin, idempotent, take ids. The work is in services."""

from celery import shared_task

from .services import documents, notifications

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(bind=True, acks_late=True, **RETRY)
def send_notification(self, notification_id: int) -> bool:
    try:
        return notifications.notification_deliver(notification_id=notification_id)
    except notifications.NotificationSendError:
        if self.request.retries >= self.max_retries:
            notifications.notification_mark_failed(notification_id=notification_id)
        raise


@shared_task(acks_late=True)
def sweep_pending_notifications() -> int:
    """Queue notifications still pending (e.g. queued while the broker was down)."""
    ids = notifications.notifications_pending_ids()
    for pk in ids:
        send_notification.delay(pk)
    return len(ids)


@shared_task(bind=True, acks_late=True, max_retries=3, retry_backoff=10)
def render_document(self, document_id: int) -> bool:
    return documents.document_render(document_id=document_id)


@shared_task(acks_late=True)
def send_event_reminders() -> int:
    from .services.events import event_send_reminders

    return event_send_reminders()


@shared_task(acks_late=True)
def purge_expired_event_holds() -> int:
    """Delete public event registrations whose address was never confirmed (safe twice)."""
    from .services.events import event_purge_expired_holds

    return event_purge_expired_holds()


@shared_task(acks_late=True)
def purge_expired_upload_drafts() -> int:
    """Delete files kept from forms that were never sent, after 24 hours (safe twice)."""
    from .services.attachments import attachment_drafts_purge

    return attachment_drafts_purge()


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def build_annual_report(report_id: int) -> bool:
    from .services.reports import annual_report_build

    return annual_report_build(report_id=report_id)


@shared_task(acks_late=True)
def clear_expired_sessions() -> None:
    """Django's own housekeeping for the database session store (safe to run twice)."""
    from django.core.management import call_command

    call_command("clearsessions")


@shared_task(acks_late=True)
def apply_due_rotations() -> int:
    """Apply the roster changes (人事異動) whose effective date has come (safe twice)."""
    from .services.rotation import rotations_apply_due

    return rotations_apply_due()
