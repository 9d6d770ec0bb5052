"""Tasks of the grants pillar: thin, idempotent, JSON arguments. The work is in services."""

import datetime as dt

from celery import shared_task

from portal.tasks import RETRY

from .services import furusato_consultations, notice_batches, reminders


@shared_task(acks_late=True, **RETRY)
def send_report_reminders(today: str | None = None) -> int:
    """Daily (beat): remind applicants of performance reports due in 7 days and in 1 day.

    ``today`` (ISO date) lets an operator rerun a missed day; reruns send nothing twice.
    """
    day = dt.date.fromisoformat(today) if today else None
    return reminders.report_reminders_send(today=day)


@shared_task(acks_late=True, soft_time_limit=900, time_limit=960, **RETRY)
def issue_notice_batch(batch_id: int) -> int:
    """Issue a batch of 交付決定通知書 (an officer's bulk request). A rerun or a redelivery
    issues nothing twice; it retries the items not done and the PDFs that failed."""
    return notice_batches.notice_batch_run(batch_id=batch_id)


@shared_task(acks_late=True, **RETRY)
def send_consultation_reminders(today: str | None = None) -> int:
    """Daily (beat): remind municipal staff of their ふるさと納税 consultation tomorrow. Each
    booking is reminded once, whatever reruns."""
    day = dt.date.fromisoformat(today) if today else None
    return furusato_consultations.booking_reminders_send(today=day)
