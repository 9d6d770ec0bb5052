"""Event registration: a seat is never given twice; a full event keeps a waiting list that
moves up by itself when someone cancels."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import registry
from ..models import Event, Registration
from .notifications import notify


def event_is_open_for_registration(event: Event, now=None) -> bool:
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    return event.is_published and not event.is_cancelled and now < closes


def event_register(
    *, event: Event, name: str, email: str, user=None, organisation: str = ""
) -> Registration:
    """Register someone; confirmed while seats remain, otherwise on the waiting list.

    The event row is locked while seats are counted, so concurrent registrations can never
    exceed the capacity. Registering twice with the same address returns the first one.
    """
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not event.open_to_public:
        raise ValidationError(_("Sign in to register for this event."), code="sign_in")
    if signed_in and not registry.event_audience_allows(event.category, user):
        raise ValidationError(
            _("This event is for municipal and prefectural staff."), code="audience"
        )
    email = email.strip().lower()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not event_is_open_for_registration(locked):
            raise ValidationError(_("Registration for this event is closed."), code="closed")
        existing = (
            locked.registrations.filter(email=email)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            return existing
        confirmed = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
        status = (
            Registration.Status.CONFIRMED
            if confirmed < locked.capacity
            else Registration.Status.WAITLISTED
        )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    user=user if user is not None and user.is_authenticated else None,
                    name=name,
                    email=email,
                    organisation=organisation,
                    status=status,
                )
        except IntegrityError:
            return locked.registrations.get(email=email, status__in=["confirmed", "waitlisted"])
        _notify(registration, "registered")
    return registration


def event_cancel_registration(*, registration: Registration) -> Registration:
    """Cancel; if a seat frees up, the first on the waiting list gets it and is told."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == Registration.Status.CANCELLED:
            return locked
        freed = locked.status == Registration.Status.CONFIRMED
        locked.status = Registration.Status.CANCELLED
        locked.save(update_fields=["status"])
        if freed:
            promoted = (
                event.registrations.filter(status=Registration.Status.WAITLISTED)
                .order_by("created_at", "pk")
                .select_for_update()
                .first()
            )
            if promoted is not None:
                promoted.status = Registration.Status.CONFIRMED
                promoted.save(update_fields=["status"])
                _notify(promoted, "promoted")
    return locked


def event_record_attendance(*, event: Event, attended_ids) -> int:
    with transaction.atomic():
        event.registrations.update(attended=False)
        return event.registrations.filter(
            pk__in=list(attended_ids), status=Registration.Status.CONFIRMED
        ).update(attended=True)


def event_send_reminders(*, now=None) -> int:
    """Remind confirmed participants the day before (idempotent: one per registration)."""
    now = now or timezone.now()
    start = now + timedelta(hours=12)
    end = now + timedelta(hours=36)
    sent = 0
    registrations = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        event__is_cancelled=False,
    ).select_related("event", "user")
    for registration in registrations:
        with transaction.atomic():
            _notify(registration, "reminder")
        sent += 1
    return sent


SUBJECTS = {
    "registered": gettext_lazy("Registration received: %(title)s"),
    "promoted": gettext_lazy("A seat is now yours: %(title)s"),
    "reminder": gettext_lazy("Tomorrow: %(title)s"),
}


def _notify(registration: Registration, kind: str) -> None:
    notify(
        recipient=registration.user,
        email=registration.email,
        kind=f"event.{kind}",
        subject=SUBJECTS[kind],
        subject_params={"title": registration.event.title},
        template=f"portal/email/event_{kind}.txt",
        context={"registration": registration, "event": registration.event},
        dedupe_key=f"event:{registration.pk}:{kind}",
        url=reverse("portal:registration_detail", args=[registration.token]),
    )
