"""Tasks of the human-support pillar: thin, idempotent, JSON arguments. The work is in
services."""

import datetime as dt

from celery import shared_task

from portal.tasks import RETRY

from .services import sessions, volunteers


@shared_task(acks_late=True, **RETRY)
def send_session_reminders(today: str | None = None) -> int:
    """Daily (beat): remind the people and the municipality of tomorrow's sessions.

    ``today`` (ISO date) lets an operator rerun a missed day; reruns send nothing twice.
    """
    day = dt.date.fromisoformat(today) if today else None
    return sessions.session_reminders_send(today=day)


@shared_task(acks_late=True, **RETRY)
def send_kyoryokutai_reminders(today: str | None = None) -> dict:
    """Daily (beat): tell municipalities of 協力隊 terms ending within 90 days and of
    follow-ups due a year after a member left. ``today`` (ISO date) reruns a missed day;
    reruns send nothing twice (each reminder has its dedupe key)."""
    day = dt.date.fromisoformat(today) if today else None
    return {
        "term_end": volunteers.volunteer_term_end_reminders_send(today=day),
        "follow_up": volunteers.settlement_followup_reminders_send(today=day),
    }
