"""Scoped reads of ふるさと納税 1:1 consultations: the slots offered to a municipality, its
bookings, and the bookings an officer may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portal.models import Role
from portal.permissions import is_active_user, is_hq
from portal.selectors import NOTHING, get_in_scope

from ..models.furusato_consultations import BookingStatus, ConsultationSlot, SlotBooking
from ..permissions import furusato as permissions


def _active_booking():
    return SlotBooking.objects.filter(slot=OuterRef("pk"), status=BookingStatus.BOOKED)


def slots_open_for(user, *, now=None) -> QuerySet[ConsultationSlot]:
    """Future published slots of the municipality's bureau and HQ that nobody has booked."""
    if not permissions.is_municipal_staff(user):
        return ConsultationSlot.objects.none()
    now = now or timezone.now()
    return (
        ConsultationSlot.objects.filter(
            Q(bureau__isnull=True) | Q(bureau_id=user.municipality.bureau_id),
            is_published=True,
            starts_at__gt=now,
        )
        .exclude(Exists(_active_booking()))
        .select_related("bureau")
        .order_by("starts_at", "pk")
    )


def slot_get_for_booking(user, pk) -> ConsultationSlot:
    """A slot the municipality may book now; anything else (booked, past, another bureau's,
    unpublished) is 404 — the booking page re-checks under a lock."""
    return get_in_scope(slots_open_for(user), pk=pk)


def bookings_of_municipality(user) -> QuerySet[SlotBooking]:
    if not permissions.is_municipal_staff(user):
        return SlotBooking.objects.none()
    return (
        SlotBooking.objects.filter(municipality_id=user.municipality_id)
        .select_related("slot", "slot__bureau", "booked_by")
        .order_by("-slot__starts_at", "-pk")
    )


def slot_scope_q(user, prefix: str = "") -> Q:
    """HQ: every slot; a bureau officer: the bureau's slots."""
    if is_hq(user):
        return Q()
    if is_active_user(user) and user.role == Role.BUREAU:
        return Q(**{f"{prefix}bureau_id": user.bureau_id})
    return NOTHING


def slots_visible_to(user) -> QuerySet[ConsultationSlot]:
    return ConsultationSlot.objects.filter(slot_scope_q(user))


def bookings_visible_to(user) -> QuerySet[SlotBooking]:
    """Officers: the bookings of their slots; municipal staff: their municipality's."""
    if permissions.is_municipal_staff(user):
        return bookings_of_municipality(user)
    return SlotBooking.objects.filter(slot_scope_q(user, "slot__")).select_related(
        "slot", "slot__bureau", "municipality", "booked_by"
    )


def booking_get_for(user, pk) -> SlotBooking:
    return get_in_scope(bookings_visible_to(user), pk=pk)


def bookings_to_remind(*, today: dt.date) -> QuerySet[SlotBooking]:
    """Active bookings of slots that start tomorrow (local time) not yet reminded."""
    tomorrow = today + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    return SlotBooking.objects.filter(
        status=BookingStatus.BOOKED,
        reminded_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    ).order_by("slot__starts_at", "pk")
