"""Event registration: a seat is never given twice; a full event keeps a waiting list that
moves up by itself when someone cancels.

Two ways in. Signed-in users (and organisers entering a guest) book at once with
``event_register``: the address is known to be theirs. The public form goes through
``event_request_registration``: it only holds a place (``pending``, no seat) and mails a
private link; the seat is taken when the link's button is pressed
(``event_confirm_registration``). A hold not confirmed within ``HOLD`` expires: it is
checked lazily wherever it matters (it never counts towards seats anyway, confirming
refuses it, registering the address again replaces it), and ``event_purge_expired_holds``
deletes the stale rows later so names and addresses nobody confirmed are not kept.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import registry
from ..models import Event, Registration
from .notifications import notify

logger = logging.getLogger(__name__)

Status = Registration.Status

# How long a public registration waits for its address to be confirmed.
HOLD_HOURS = 24
HOLD = timedelta(hours=HOLD_HOURS)
# Expired holds are deleted a day after they expire: until then the link still says
# "expired" rather than "not found".
PURGE_AFTER = HOLD + timedelta(days=1)

WINDOW_SECONDS = 3600
# Public form submissions per client address per hour (a family or a shared office
# registers a few people; a script registering invented addresses is stopped).
CLIENT_LIMIT = 10
# Public form submissions per event per hour, across all clients: bounds the mail a botnet
# can make us send for one event, while leaving room for a popular event's opening hour.
EVENT_LIMIT_MIN = 100
# Mails about one event to one address per hour, however many clients ask for them.
MAILS_PER_ADDRESS = 3


class RegistrationRateLimited(ValidationError):
    pass


def event_is_open_for_registration(event: Event, now=None) -> bool:
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    return event.is_published and not event.is_cancelled and now < closes


def registration_hold_expired(registration: Registration, now=None) -> bool:
    """True for a public registration whose address was not confirmed in time."""
    if registration.status != Status.PENDING:
        return False
    return registration.created_at <= (now or timezone.now()) - HOLD


def registration_client_key(ip: str) -> str:
    """A key for the client's address that does not keep the address itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


def event_request_limit(event: Event) -> int:
    return max(EVENT_LIMIT_MIN, 2 * event.capacity)


def event_register(
    *, event: Event, name: str, email: str, user=None, organisation: str = ""
) -> Registration:
    """Book directly: confirmed while seats remain, otherwise on the waiting list.

    Only for an address known to belong to the person: a signed-in user's own (verified at
    sign-up), or a guest entered by the organisers. The public form must use
    ``event_request_registration``. The event row is locked while seats are counted, so
    concurrent registrations can never exceed the capacity. Registering twice with the same
    address returns the first registration; a hold still waiting for confirmation becomes
    the booking. Side effect: the "registered" mail, after commit.
    """
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not event.open_to_public:
        raise ValidationError(_("Sign in to register for this event."), code="sign_in")
    if signed_in and not registry.event_audience_allows(event.category, user):
        raise ValidationError(
            _("This event is for municipal and prefectural staff."), code="audience"
        )
    email = _normalise(email)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not event_is_open_for_registration(locked):
            raise ValidationError(_("Registration for this event is closed."), code="closed")
        existing = _active_registration(locked, email)
        if existing is not None and existing.status != Status.PENDING:
            return existing
        if existing is not None:
            if signed_in and existing.user_id is None:
                existing.user = user
                existing.save(update_fields=["user"])
            _take_place(locked, existing)
            _notify(existing, "registered")
            return existing
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    user=user if signed_in else None,
                    name=name,
                    email=email,
                    organisation=organisation,
                    status=_place_for(locked),
                    confirmed_at=timezone.now(),
                )
        except IntegrityError:
            return locked.registrations.get(email=email, status__in=["confirmed", "waitlisted"])
        _notify(registration, "registered")
    return registration


def event_request_registration(
    *, event: Event, name: str, email: str, client: str, organisation: str = ""
) -> None:
    """The public form: hold a place for an address and mail it a private link.

    Returns nothing on purpose: whatever the address's state, the person at the form sees
    the same page. A new address gets a ``pending`` registration (no seat) and a link to
    confirm it; a registered address gets the link to its registration; an unconfirmed
    one gets its confirmation link again; an expired hold is replaced by a new one. At most
    ``MAILS_PER_ADDRESS`` mails per hour go to one address.

    Raises ``RegistrationRateLimited`` after ``CLIENT_LIMIT`` requests from one ``client``
    key, or ``event_request_limit(event)`` for one event, within an hour; ``ValidationError``
    when the event is not open to the public or registration has closed.
    """
    if not event.open_to_public:
        raise ValidationError(_("Sign in to register for this event."), code="sign_in")
    if not event_is_open_for_registration(event):
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    _check_rate_limits(event, client)
    email = _normalise(email)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not event_is_open_for_registration(locked):
            raise ValidationError(_("Registration for this event is closed."), code="closed")
        existing = _active_registration(locked, email)
        if existing is not None and registration_hold_expired(existing):
            existing.delete()
            existing = None
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Registration.objects.create(
                        event=locked,
                        name=name,
                        email=email,
                        organisation=organisation,
                        status=Status.PENDING,
                    )
            except IntegrityError:
                # The same address at the same moment: the request that won mails it.
                return
            kind = "confirm"
        else:
            kind = "confirm" if existing.status == Status.PENDING else "link"
        if _may_mail(locked, email):
            _notify(existing, kind, again=True)


def event_confirm_registration(*, registration: Registration) -> Registration:
    """Confirm a public registration from its mailed link: take a seat, or a place on the
    waiting list when the event is full.

    Safe to call twice (a registration no longer pending is returned as it is). Raises
    ``ValidationError`` when the hold has expired or registration has closed. Side effect:
    the "registered" mail, after commit.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != Status.PENDING:
            return locked
        if registration_hold_expired(locked):
            raise ValidationError(
                _("This link has expired. Please register again on the event's page."),
                code="expired",
            )
        if not event_is_open_for_registration(event):
            raise ValidationError(_("Registration for this event is closed."), code="closed")
        _take_place(event, locked)
        _notify(locked, "registered")
    return locked


def event_cancel_registration(*, registration: Registration) -> Registration:
    """Cancel; if a seat frees up, the first on the waiting list gets it and is told."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == Status.CANCELLED:
            return locked
        freed = locked.status == Status.CONFIRMED
        locked.status = Status.CANCELLED
        locked.save(update_fields=["status"])
        if freed:
            promoted = (
                event.registrations.filter(status=Status.WAITLISTED)
                .order_by(Coalesce("confirmed_at", "created_at"), "pk")
                .select_for_update()
                .first()
            )
            if promoted is not None:
                promoted.status = Status.CONFIRMED
                promoted.save(update_fields=["status"])
                _notify(promoted, "promoted")
    return locked


def event_purge_expired_holds(*, now=None) -> int:
    """Delete public registrations never confirmed (safe to run twice). Returns how many."""
    cutoff = (now or timezone.now()) - PURGE_AFTER
    deleted, _by_model = Registration.objects.filter(
        status=Status.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted


def event_record_attendance(*, event: Event, attended_ids) -> int:
    with transaction.atomic():
        event.registrations.update(attended=False)
        return event.registrations.filter(
            pk__in=list(attended_ids), status=Status.CONFIRMED
        ).update(attended=True)


def event_send_reminders(*, now=None) -> int:
    """Remind confirmed participants the day before (idempotent: one per registration).

    Holds waiting for confirmation, the waiting list and cancellations get no reminder."""
    now = now or timezone.now()
    start = now + timedelta(hours=12)
    end = now + timedelta(hours=36)
    sent = 0
    registrations = Registration.objects.filter(
        status=Status.CONFIRMED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
        event__is_cancelled=False,
    ).select_related("event", "user")
    for registration in registrations:
        with transaction.atomic():
            _notify(registration, "reminder")
        sent += 1
    return sent


# --- Helpers --------------------------------------------------------------------------------


def _normalise(email: str) -> str:
    return email.strip().lower()


def _active_registration(locked_event: Event, email: str) -> Registration | None:
    return (
        locked_event.registrations.select_for_update()
        .filter(email=email)
        .exclude(status=Status.CANCELLED)
        .first()
    )


def _place_for(locked_event: Event) -> str:
    """A seat while the capacity allows, else the waiting list (the event row is locked)."""
    confirmed = locked_event.registrations.filter(status=Status.CONFIRMED).count()
    return Status.CONFIRMED if confirmed < locked_event.capacity else Status.WAITLISTED


def _take_place(locked_event: Event, registration: Registration) -> None:
    registration.status = _place_for(locked_event)
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])


def _count_one(key: str) -> int | None:
    """Count one request in the window; None when the cache cannot say (fail open)."""
    try:
        cache.add(key, 0, WINDOW_SECONDS)
        return cache.incr(key)
    except Exception:  # cache down, or the key expired between add and incr
        logger.warning("event registration rate limit unavailable; letting the request through")
        return None


def _over(key: str, limit: int) -> bool:
    count = _count_one(key)
    return count is not None and count > limit


def _check_rate_limits(event: Event, client: str) -> None:
    if _over(f"events:register:client:{client}", CLIENT_LIMIT):
        raise RegistrationRateLimited(
            _(
                "You have sent several registrations in a short time. Please wait an hour "
                "and try again; what you typed is kept below."
            ),
            code="rate_limited",
        )
    if _over(f"events:register:event:{event.pk}", event_request_limit(event)):
        raise RegistrationRateLimited(
            _(
                "This event has received many registrations in a short time. Please try "
                "again in an hour; what you typed is kept below."
            ),
            code="rate_limited",
        )


def _may_mail(event: Event, email: str) -> bool:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{event.pk}:{email}".encode()).hexdigest()
    return not _over(f"events:register:mail:{digest[:32]}", MAILS_PER_ADDRESS)


SUBJECTS = {
    "confirm": gettext_lazy("Please confirm your registration: %(title)s"),
    "link": gettext_lazy("The link to your registration: %(title)s"),
    "registered": gettext_lazy("Registration received: %(title)s"),
    "promoted": gettext_lazy("A seat is now yours: %(title)s"),
    "reminder": gettext_lazy("Tomorrow: %(title)s"),
}


def _notify(registration: Registration, kind: str, *, again: bool = False) -> None:
    # Mails the person may ask for again (the confirmation link, the link to an existing
    # registration) need a key of their own each time; the others go out once.
    dedupe_key = f"event:{registration.pk}:{kind}"
    if again:
        dedupe_key += f":{timezone.now():%Y%m%d%H%M%S%f}"
    notify(
        recipient=registration.user,
        email=registration.email,
        kind=f"event.{kind}",
        subject=SUBJECTS[kind],
        subject_params={"title": registration.event.title},
        template=f"portal/email/event_{kind}.txt",
        context={
            "registration": registration,
            "event": registration.event,
            "hold_hours": HOLD_HOURS,
        },
        dedupe_key=dedupe_key,
        url=reverse("portal:registration_detail", args=[registration.pk, registration.token]),
    )
