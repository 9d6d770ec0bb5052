"""Notifications: a row written inside the caller's transaction, mailed by a task after
commit. The unique dedupe key makes a retried service or task harmless."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..japanese import wareki_date
from ..models import Notification, Role, Unit, User
from ..queue import enqueue

logger = logging.getLogger(__name__)


def notify(
    *,
    kind: str,
    subject,
    template: str,
    context: dict,
    dedupe_key: str,
    recipient: User | None = None,
    email: str = "",
    url: str = "",
    subject_params: dict | None = None,
    unit: Unit | None = None,
    unit_key: str = "",
) -> Notification:
    """Store a notification for ``recipient`` (or a bare ``email``) and mail it after commit.

    ``subject`` may be a lazy translation; it and the body template are rendered in the
    recipient's language. Calling twice with the same ``dedupe_key`` returns the first row.
    The row carries the recipient's unit (or ``unit``), so the unit's shared inbox lists it;
    copies of one notification to several people share ``unit_key`` and are listed once.
    """
    language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        subject_text = str(subject)
        if subject_params:
            # Dates are given as dates, to be written in the recipient's language.
            subject_text = subject_text % {
                key: wareki_date(value) if isinstance(value, date) else value
                for key, value in subject_params.items()
            }
        subject_text = subject_text[:200]
        body = render_to_string(
            template,
            {**context, "recipient": recipient, "url": url, "site_url": settings.SITE_URL},
        )
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults={
            "recipient": recipient,
            "email": email or (recipient.email if recipient else ""),
            "kind": kind,
            "subject": subject_text,
            "body": body.strip(),
            "url": url,
            "unit_id": unit.pk if unit is not None else getattr(recipient, "unit_id", None),
            "unit_key": (unit_key or dedupe_key)[:200],
        },
    )
    if created:
        # Broker down: the row stays pending and the periodic sweep sends it later.
        enqueue("portal.tasks.send_notification", notification.pk)
    return notification


def notify_many(recipients, *, dedupe_key: str, **kwargs) -> list[Notification]:
    return [
        notify(recipient=r, dedupe_key=f"{dedupe_key}:u{r.pk}", unit_key=dedupe_key, **kwargs)
        for r in recipients
    ]


def notify_unit(*, unit: Unit, dedupe_key: str, **kwargs) -> list[Notification]:
    """Notify a unit (課・係) as a whole: each active member, and the unit's shared mailbox
    if it has one. The unit's inbox lists it once. Safe to call twice (same rows back)."""
    members = list(unit.members.filter(is_active=True).order_by("pk"))
    key = f"{dedupe_key}:unit{unit.pk}"
    rows = [
        notify(recipient=m, dedupe_key=f"{key}:u{m.pk}", unit=unit, unit_key=key, **kwargs)
        for m in members
    ]
    if unit.email:
        rows.append(
            notify(email=unit.email, dedupe_key=f"{key}:mailbox", unit=unit, unit_key=key, **kwargs)
        )
    return rows


def notification_deliver(*, notification_id: int) -> bool:
    """Mail one notification if it has not been sent. Returns True if mail went out.

    The row is locked while sending, so two workers cannot both send it; a failure is
    recorded and re-raised for the task to retry.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status == Notification.Status.SENT:
            return False
        try:
            send_mail(
                subject=notification.subject,
                message=_with_link(notification),
                from_email=None,
                recipient_list=[notification.email],
            )
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:2000]
            failure = (notification.pk, error)
        else:
            failure = None
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.save(update_fields=["status", "sent_at", "attempts"])
    if failure is not None:
        pk, error = failure
        Notification.objects.filter(pk=pk).update(
            attempts=notification.attempts + 1, last_error=error
        )
        raise NotificationSendError(error)
    return True


class NotificationSendError(Exception):
    pass


def _with_link(notification: Notification) -> str:
    if not notification.url:
        return notification.body
    link = notification.url
    if link.startswith("/"):
        link = settings.SITE_URL.rstrip("/") + link
    return f"{notification.body}\n\n{link}\n"


def notification_mark_failed(*, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.FAILED
    )


def notifications_pending_ids(*, older_than_seconds: int = 60) -> list[int]:
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lte=cutoff
        ).values_list("pk", flat=True)[:500]
    )


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, every) notification of ``user`` as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def officers_of_bureau(bureau_id) -> list[User]:
    return list(User.objects.filter(role=Role.BUREAU, bureau_id=bureau_id, is_active=True))


def hq_staff() -> list[User]:
    return list(User.objects.filter(role=Role.HQ, is_active=True))
