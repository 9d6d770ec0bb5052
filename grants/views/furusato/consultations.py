"""ふるさと納税 1:1 consultations (#22), the municipality's side: the open slots of its
bureau and HQ, booking one with a topic, its bookings (cancel until the cut-off, a
calendar file). Officers publish slots and read bookings in the admin."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.actions import not_found, run_action
from portal.ical import CalendarEntry, calendar_response

from ...forms.furusato_consultations import BookingForm
from ...models.furusato_consultations import BookingStatus
from ...permissions import furusato as permissions
from ...rules import furusato as rules
from ...selectors import furusato_consultations as selectors
from ...services import furusato_consultations as services

REFUSED = gettext_lazy("You cannot do this with this booking now.")


def _staff_only(user) -> None:
    if not permissions.is_municipal_staff(user):
        raise Http404


@login_required
@require_GET
def consultation_list(request):
    user = request.user
    _staff_only(user)
    now = timezone.now()
    bookings = []
    for booking in selectors.bookings_of_municipality(user):
        active = booking.status == BookingStatus.BOOKED
        bookings.append(
            {
                "booking": booking,
                "upcoming": active and booking.slot.starts_at > now,
                "may_cancel": active
                and rules.booking_may_be_cancelled(booking.slot.starts_at, now),
            }
        )
    return render(
        request,
        "grants/furusato/consultation_list.html",
        {
            "slots": list(selectors.slots_open_for(user, now=now)),
            "bookings": bookings,
            "cutoff_hours": rules.CANCEL_CUTOFF_HOURS,
        },
    )


@login_required
def slot_book(request, pk):
    user = request.user
    _staff_only(user)
    slot = selectors.slot_get_for_booking(user, pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        book = partial(services.slot_book, actor=user, slot=slot, topic=form.cleaned_data["topic"])
        done = _(
            "The consultation is booked. The bureau has been told; a reminder comes the day before."
        )
        if run_action(
            request, book, form=form, error_field="topic", done=done, on_refused=not_found
        ):
            return redirect("grants:furusato_consultations")
    return render(
        request,
        "grants/furusato/slot_book.html",
        {"form": form, "slot": slot},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = selectors.booking_get_for(request.user, pk)
    if not permissions.can_cancel_booking(request.user, booking):
        raise Http404
    cancel = partial(services.booking_cancel, actor=request.user, booking=booking)
    run_action(
        request,
        cancel,
        refused=REFUSED,
        done=_("The booking is cancelled; the slot is open to others again."),
        on_refused=not_found,
    )
    return redirect("grants:furusato_consultations")


@login_required
@require_GET
def booking_ics(request, pk):
    """The booked consultation as a calendar file, for the staff member's own calendar."""
    booking = selectors.booking_get_for(request.user, pk)
    slot = booking.slot
    entry = CalendarEntry(
        uid=f"furusato-booking-{booking.pk}",
        start=slot.starts_at,
        end=slot.ends_at,
        summary=_("ふるさと納税 consultation: %(municipality)s")
        % {"municipality": booking.municipality.name},
        location=slot.place or slot.online_url,
        description=booking.topic,
        url=settings.SITE_URL.rstrip("/") + reverse("grants:furusato_consultations"),
    )
    return calendar_response(
        [entry], name=_("ふるさと納税 consultation"), filename=f"consultation-{booking.pk}.ics"
    )
