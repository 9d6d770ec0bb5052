"""Casebook tasks: thin, idempotent, take ids. The work is in services."""

from celery import shared_task

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(acks_late=True, **RETRY)
def make_photo_renditions(photo_id: str) -> bool:
    from .services.photos import photo_make_renditions

    return photo_make_renditions(photo_id=photo_id)


@shared_task(acks_late=True)
def publish_due_case_studies() -> int:
    """Beat: every minute. Publishes scheduled case studies whose time has come."""
    from .services.case_studies import case_studies_publish_due

    return case_studies_publish_due()


@shared_task(acks_late=True, max_retries=2, retry_backoff=30)
def learn_search_term(term: str) -> bool:
    from .services.search import search_term_learn

    return search_term_learn(term=term)


@shared_task(acks_late=True, max_retries=2, retry_backoff=30)
def learn_case_study_search_terms(case_study_id: int) -> list[str]:
    """After a publication: the case study's frequent words become index terms."""
    from .services.search import case_study_search_terms_learn

    return case_study_search_terms_learn(case_study_id=case_study_id)


@shared_task(acks_late=True, **RETRY)
def send_cooperative_notification_reminders(today: str | None = None) -> int:
    """Daily (beat): remind cooperatives of change notifications (届出) due within 30 days of
    the change, and flag them to the bureau when overdue. Reruns send nothing twice."""
    import datetime as dt

    from .services.cooperative_changes import notification_reminders_send

    day = dt.date.fromisoformat(today) if today else None
    return notification_reminders_send(today=day)


@shared_task(acks_late=True, **RETRY)
def send_survey_reminders(today: str | None = None) -> int:
    """Daily (beat): the reminder a few days before a survey's deadline and the 督促 the day
    after it, to the targets that have not submitted. Each stage is recorded: reruns send
    nothing twice."""
    import datetime as dt

    from .services.surveys import survey_reminders_send

    day = dt.date.fromisoformat(today) if today else None
    return survey_reminders_send(today=day)


@shared_task(acks_late=True, **RETRY)
def send_plan_revision_reminders(today: str | None = None) -> int:
    """Daily (beat): record the reminders of plans' revision dates due today (90 and 30 days
    before) and queue each. Reruns record and send nothing twice."""
    import datetime as dt

    from .services.plan_revisions import plan_revision_reminders_send

    day = dt.date.fromisoformat(today) if today else None
    return plan_revision_reminders_send(today=day)


@shared_task(acks_late=True, **RETRY)
def send_plan_revision_reminder(reminder_id: int) -> int:
    from .services.plan_revisions import plan_revision_reminder_deliver

    return plan_revision_reminder_deliver(reminder_id=reminder_id)
