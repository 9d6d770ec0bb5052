"""Event pages shared by the pillars: details, registration, the private registration page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import registry, selectors
from ..forms import EventRegistrationForm
from ..ical import CalendarEntry, calendar_response
from ..models import Registration
from ..services.events import (
    event_cancel_registration,
    event_is_open_for_registration,
    event_register,
)


def event_detail(request, pk):
    event = selectors.event_get_public(pk)
    user = request.user
    signed_in = user.is_authenticated
    can_register = event_is_open_for_registration(event) and (
        (signed_in and registry.event_audience_allows(event.category, user))
        or (not signed_in and event.open_to_public)
    )
    form = EventRegistrationForm(
        request.POST if request.method == "POST" else None,
        initial={"name": user.get_full_name(), "email": user.email} if signed_in else None,
        signed_in=signed_in,
    )
    if request.method == "POST" and can_register and form.is_valid():
        if form.cleaned_data.get("website"):  # honeypot: people never fill it
            raise Http404
        try:
            registration = event_register(
                event=event,
                user=user if signed_in else None,
                name=form.cleaned_data["name"] if not signed_in else user.get_full_name(),
                email=form.cleaned_data["email"] if not signed_in else user.email,
                organisation=form.cleaned_data.get("organisation", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(
                    request, _("You are registered. A confirmation has been sent by email.")
                )
            else:
                messages.info(
                    request,
                    _(
                        "The event is full: you are on the waiting list. We "
                        "will tell you by email if a seat becomes free."
                    ),
                )
            return redirect("portal:registration_detail", token=registration.token)
    return render(
        request,
        "portal/event_detail.html",
        {
            "event": event,
            "form": form if can_register else None,
            "seats": selectors.event_seats(event),
        },
    )


def registration_detail(request, token):
    """The private page of one registration (link in the emails): status, cancel, calendar."""
    registration = selectors.registration_get_by_token(token)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        event_cancel_registration(registration=registration)
        messages.success(request, _("Your registration has been cancelled."))
        return redirect("portal:registration_detail", token=token)
    return render(
        request,
        "portal/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
        },
    )


@require_GET
def event_ics(request, pk):
    event = selectors.event_get_public(pk)
    url = settings.SITE_URL.rstrip("/") + reverse("portal:event_detail", args=[event.pk])
    entry = CalendarEntry(
        uid=f"event-{event.pk}",
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        location=event.place or (_("Online") if event.online else ""),
        description=event.description,
        url=url,
    )
    return calendar_response([entry], name=event.title, filename=f"event-{event.pk}.ics")
