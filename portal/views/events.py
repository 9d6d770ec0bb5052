"""Event pages shared by the pillars: details, registration, the private registration page.

People without an account register through a mailed link: the form only ever answers with
the same neutral page, so it tells nobody whether an address is registered, and the
registration page opens only with the link (the registration's number and its secret).
"""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import registry, selectors
from ..actions import add_service_errors, error_text, forbidden, run_action
from ..filters import EventFilter
from ..forms import EventRegistrationForm
from ..ical import CalendarEntry, calendar_response
from ..models import Registration
from ..pagecache import next_minute, public_page
from ..services.events import (
    HOLD_HOURS,
    RegistrationRateLimited,
    event_cancel_registration,
    event_confirm_registration,
    event_is_open_for_registration,
    event_register,
    event_request_registration,
    registration_client_key,
    registration_hold_expired,
)


def _client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ValueError):
        return "unknown"


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
    status = 200
    if request.method == "POST" and can_register and form.is_valid():
        if form.cleaned_data.get("website"):  # honeypot: people never fill it
            raise Http404
        if signed_in:
            registered = {}

            def register():
                registered["registration"] = event_register(
                    event=event,
                    user=user,
                    name=user.get_full_name(),
                    email=user.email,
                    organisation=form.cleaned_data.get("organisation", ""),
                )

            if run_action(request, register, form=form, on_refused=forbidden) and registered:
                # The message depends on the outcome (a seat or the waiting list).
                registration = registered["registration"]
                _say_registered(request, registration)
                return redirect(
                    "portal:registration_detail", pk=registration.pk, token=registration.token
                )
        else:
            try:
                event_request_registration(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data.get("organisation", ""),
                    client=registration_client_key(_client_ip(request)),
                )
            except RegistrationRateLimited as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("portal:event_registration_sent", pk=event.pk)
    return render(
        request,
        "portal/event_detail.html",
        {
            "event": event,
            "form": form if can_register else None,
            "seats": selectors.event_seats(event),
        },
        status=status,
    )


@require_GET
def event_registration_sent(request, pk):
    """The one answer to the public form, whether the address was new or registered."""
    event = selectors.event_get_public(pk)
    return render(
        request,
        "portal/event_registration_sent.html",
        {"event": event, "hold_hours": HOLD_HOURS},
    )


@never_cache  # opened by a secret link: never kept in a cache
@require_http_methods(["GET", "POST"])
def registration_detail(request, pk, token):
    """The private page of one registration (link in the emails): status, calendar, the
    button that confirms a public registration, and the way to cancel.

    Opening the link changes nothing (mail scanners open links); confirming is a POST."""
    registration = selectors.registration_get_by_link(pk, token)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        was_pending = registration.status == Registration.Status.PENDING
        try:
            registration = event_confirm_registration(registration=registration)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if was_pending:
                _say_registered(request, registration)
        return redirect("portal:registration_detail", pk=pk, token=token)
    return render(
        request,
        "portal/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "expired": registration_hold_expired(registration),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk, token):
    """Asks first (GET), cancels on the button (POST with the CSRF token)."""
    registration = selectors.registration_get_by_link(pk, token)
    detail = reverse("portal:registration_detail", args=[pk, token])
    if registration.status == Registration.Status.CANCELLED:
        return redirect(detail)
    if request.method == "POST":
        event_cancel_registration(registration=registration)
        messages.success(request, _("Your registration has been cancelled."))
        return redirect(detail)
    return render(
        request,
        "portal/registration_cancel.html",
        {"registration": registration, "event": registration.event, "detail_url": detail},
    )


def _say_registered(request, registration: Registration) -> None:
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation has been sent by email."))
    elif registration.status == Registration.Status.WAITLISTED:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list. We "
                "will tell you by email if a seat becomes free."
            ),
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


EVENTS_PER_PAGE = 20


# An event moves from the coming list to the archive when it ends: the pages are rendered
# again at the start of each minute, and at once when an event is saved in the admin.
@require_GET
@public_page(expires=next_minute)
def event_list(request):
    """/events/: the events of every programme, coming ones soonest first; the archive
    (``?when=past``) latest first; filters by category and organising bureau."""
    past = request.GET.get("when") == "past"
    filterset = EventFilter(request.GET, queryset=selectors.events_index(past=past))
    page = Paginator(filterset.qs, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "past": past,
            "categories": registry.event_categories(),
            "query": params.urlencode(),
        },
    )
