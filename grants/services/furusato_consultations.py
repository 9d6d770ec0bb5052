"""ふるさと納税 1:1 consultations (#22): officers publish slots (one, or a day's series);
municipal staff book one with a topic and may cancel until the cut-off; a reminder goes
the day before. A slot is never booked twice: the slot row is locked while booking, and
the partial unique index ``one_active_booking_per_slot`` refuses whatever races past."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.services.notifications import hq_staff, notify, notify_many, officers_of_bureau
from portal.workflow import audit

from ..models.furusato_consultations import BookingStatus, ConsultationSlot, SlotBooking
from ..permissions import furusato as permissions
from ..rules import furusato as rules
from ..selectors import furusato_consultations as selectors

TAKEN = gettext_lazy("Someone has just booked this slot. Choose another slot from the list.")
SUBJECTS = {
    "booked": gettext_lazy("Consultation booked: %(municipality)s, %(when)s"),
    "cancelled": gettext_lazy("Consultation cancelled: %(municipality)s, %(when)s"),
    "reminder": gettext_lazy("Tomorrow: your ふるさと納税 consultation, %(when)s"),
}


# --- Slots (officers) -----------------------------------------------------------------------


def _check_slot(actor, slot: ConsultationSlot) -> None:
    if not permissions.can_publish_slots(actor):
        raise PermissionDenied
    if not permissions.is_hq(actor):
        # An officer publishes for their own bureau, whatever the form said.
        slot.bureau_id = actor.bureau_id
    if not slot.place and not slot.online_url:
        raise ValidationError({"place": _("Give the place, or the online meeting URL, or both.")})
    if slot.starts_at and slot.ends_at and slot.ends_at <= slot.starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})


def slot_save(*, actor, slot: ConsultationSlot) -> ConsultationSlot:
    """Create or change one slot. The time of a booked slot cannot move (the municipality
    planned for it): cancel it with them instead."""
    _check_slot(actor, slot)
    with transaction.atomic():
        if slot.pk:
            current = ConsultationSlot.objects.select_for_update().get(pk=slot.pk)
            if not permissions.can_manage_slot(actor, current):
                raise PermissionDenied
            moved = (current.starts_at, current.ends_at) != (slot.starts_at, slot.ends_at)
            if moved and current.bookings.filter(status=BookingStatus.BOOKED).exists():
                raise ValidationError(
                    {"starts_at": _("This slot is booked: its time cannot be changed.")}
                )
            slot.save()
            audit(slot, actor=actor, action="edit")
        else:
            slot.created_by = actor
            slot.save()
            audit(slot, actor=actor, action="create")
    return slot


def slot_series_create(
    *,
    actor,
    bureau,
    day: dt.date,
    first: dt.time,
    last: dt.time,
    minutes: int,
    gap: int = 0,
    place: str = "",
    online_url: str = "",
    notes: str = "",
    is_published: bool = True,
) -> list[ConsultationSlot]:
    """Slots of ``minutes`` each on ``day`` from ``first`` until ``last`` (e.g. 10:00–16:00
    in 30 minutes: 12 slots), all or none."""
    start = timezone.make_aware(dt.datetime.combine(day, first))
    end = timezone.make_aware(dt.datetime.combine(day, last))
    starts = rules.series_starts(start, end, minutes, gap)
    if not starts:
        raise ValidationError(
            {"last": _("No whole slot fits between the first start and the end. Check the times.")}
        )
    if len(starts) > rules.SERIES_MAX_SLOTS:
        raise ValidationError(
            {
                "minutes": _("That makes %(count)s slots; at most %(max)s are made at once.")
                % {"count": len(starts), "max": rules.SERIES_MAX_SLOTS}
            }
        )
    length = dt.timedelta(minutes=minutes)
    with transaction.atomic():
        return [
            slot_save(
                actor=actor,
                slot=ConsultationSlot(
                    bureau=bureau,
                    starts_at=begin,
                    ends_at=begin + length,
                    place=place,
                    online_url=online_url,
                    notes=notes,
                    is_published=is_published,
                ),
            )
            for begin in starts
        ]


# --- Bookings (municipal staff) -------------------------------------------------------------


def _when(slot) -> str:
    return str(slot)


def _officers(slot) -> list:
    return officers_of_bureau(slot.bureau_id) if slot.bureau_id else hq_staff()


def _tell_officers(booking, event: str) -> None:
    notify_many(
        _officers(booking.slot),
        kind=f"furusato.consultation_{event}",
        subject=SUBJECTS[event],
        subject_params={"municipality": booking.municipality.name, "when": _when(booking.slot)},
        template=f"grants/email/consultation_{event}.txt",
        context={"booking": booking, "slot": booking.slot},
        dedupe_key=f"furusato_booking:{booking.pk}:{event}",
        url=reverse("admin:grants_slotbooking_change", args=[booking.pk]),
    )


def slot_is_taken(slot: ConsultationSlot) -> bool:
    return slot.bookings.filter(status=BookingStatus.BOOKED).exists()


def slot_book(*, actor, slot: ConsultationSlot, topic: str) -> SlotBooking:
    """Book ``slot`` for the actor's municipality. Raises ValidationError (code ``taken``)
    when the slot was booked first by someone else, PermissionDenied when it is not offered
    to the actor. The bureau (or HQ) is told."""
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError({"topic": _("Enter what you would like to talk about.")})
    with transaction.atomic():
        # The lock orders two bookings of one slot on PostgreSQL; SQLite's write lock
        # (IMMEDIATE transactions) does the same; the unique index is the last wall.
        locked = ConsultationSlot.objects.select_for_update().get(pk=slot.pk)
        if not permissions.slot_is_offered_to(actor, locked) or locked.starts_at <= timezone.now():
            raise PermissionDenied
        if slot_is_taken(locked):
            raise ValidationError(TAKEN, code="taken")
        try:
            with transaction.atomic():
                booking = SlotBooking.objects.create(
                    slot=locked, municipality=actor.municipality, booked_by=actor, topic=topic
                )
        except IntegrityError:
            raise ValidationError(TAKEN, code="taken") from None
        audit(booking, actor=actor, action="create")
        _tell_officers(booking, "booked")
    return booking


def booking_cancel(*, actor, booking: SlotBooking, now=None) -> SlotBooking:
    """Cancel a booking up to CANCEL_CUTOFF_HOURS before the slot; the slot is free again.
    Cancelling twice is harmless."""
    now = now or timezone.now()
    if not permissions.can_cancel_booking(actor, booking):
        raise PermissionDenied
    with transaction.atomic():
        booking = SlotBooking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.status == BookingStatus.CANCELLED:
            return booking
        if not rules.booking_may_be_cancelled(booking.slot.starts_at, now):
            raise ValidationError(
                _(
                    "Bookings can be cancelled until %(hours)s hours before the start. "
                    "Call the bureau to cancel now."
                )
                % {"hours": rules.CANCEL_CUTOFF_HOURS},
                code="too_late",
            )
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        audit(booking, actor=actor, action="cancel", from_status="booked", to_status="cancelled")
        _tell_officers(booking, "cancelled")
    return booking


def booking_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the staff member who booked, the day before the slot (local dates). Each
    booking is reminded once: ``reminded_at`` is set in the same transaction as the
    notification row (whose dedupe key names the booking), so a rerun sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    for pk in list(selectors.bookings_to_remind(today=today).values_list("pk", flat=True)):
        with transaction.atomic():
            booking = (
                SlotBooking.objects.select_for_update(of=("self",))
                .select_related("slot", "slot__bureau", "booked_by", "municipality")
                .get(pk=pk)
            )
            if booking.reminded_at or booking.status != BookingStatus.BOOKED:
                continue
            notify(
                recipient=booking.booked_by,
                kind="furusato.consultation_reminder",
                subject=SUBJECTS["reminder"],
                subject_params={"when": _when(booking.slot)},
                template="grants/email/consultation_reminder.txt",
                context={"booking": booking, "slot": booking.slot},
                dedupe_key=f"furusato_booking:{booking.pk}:reminder",
                url=reverse("grants:furusato_consultations"),
            )
            booking.reminded_at = timezone.now()
            booking.save(update_fields=["reminded_at"])
        sent += 1
    return sent
