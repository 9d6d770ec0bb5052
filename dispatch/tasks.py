"""Tasks of the human-support pillar: thin, idempotent, JSON arguments. The work is in
services."""

import datetime as dt

from celery import shared_task

from portal.tasks import RETRY

from .services import sessions


@shared_task(acks_late=True, **RETRY)
def send_session_reminders(today: str | None = None) -> int:
    """Daily (beat): remind the people and the municipality of tomorrow's sessions.

    ``today`` (ISO date) lets an operator rerun a missed day; reruns send nothing twice.
    """
    day = dt.date.fromisoformat(today) if today else None
    return sessions.session_reminders_send(today=day)
