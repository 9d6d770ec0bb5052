"""The ふるさと納税 overview, its seminars and consultation sessions, and their calendar."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.ical import CalendarEntry, calendar_response
from portal.models import Role

from ...filters.furusato import EventFilter
from ...permissions import applications as permissions
from ...permissions import furusato as furusato_permissions
from ...selectors import furusato_portals as portal_selectors
from ...selectors.furusato import (
    company_registration_of,
    event_materials_of,
    event_seat_counts,
    furusato_events_public,
    registrations_of,
)
from ..public import PAGE_SIZE, query_without_page

FEED_DAYS_BACK = 90


@require_GET
def furusato_index(request):
    user = request.user
    own = {}
    if furusato_permissions.is_municipal_staff(user):
        # The overview shows the municipality's own sites, campaigns and figures (#22).
        municipality_id = user.municipality_id
        own = {
            "listings": list(portal_selectors.listings_of_municipality(municipality_id)),
            "campaigns": list(portal_selectors.campaigns_of_municipality(municipality_id)),
            "figures": list(portal_selectors.figures_of_municipality(municipality_id)[:3]),
        }
    return render(
        request,
        "grants/furusato/index.html",
        {
            "is_company": permissions.is_company_user(user),
            "can_register_company": permissions.can_register_company(user),
            "registration": company_registration_of(user)
            if user.is_authenticated and user.role in (Role.NONE, Role.COMPANY)
            else None,
            "can_post": permissions.can_post_support_project(user),
            "can_see_pipeline": permissions.can_view_matching_pipeline(user),
            "can_see_statistics": permissions.can_view_furusato_statistics(user),
            "is_municipal": furusato_permissions.is_municipal_staff(user),
            "can_see_figures": furusato_permissions.can_view_donation_figures(user),
            "is_officer": furusato_permissions.can_publish_slots(user),
            **own,
        },
    )


@require_GET
def event_list(request):
    """Seminars and consultation sessions: seats, your registration, materials afterwards."""
    filterset = EventFilter(
        request.GET, queryset=furusato_events_public().order_by("starts_at", "pk")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    events = list(page)
    seats = event_seat_counts(events)
    materials = event_materials_of(events)
    mine = registrations_of(request.user, events)
    now = timezone.now()
    rows = []
    for event in events:
        counts = seats.get(event.pk, {})
        confirmed = counts.get("confirmed", 0)
        rows.append(
            {
                "event": event,
                "past": event.ends_at < now,
                "left": max(event.capacity - confirmed, 0),
                "waiting": counts.get("waiting", 0),
                "registration": mine.get(event.pk),
                "materials": materials.get(event.pk, []),
            }
        )
    return render(
        request,
        "grants/furusato/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "can_register": request.user.is_authenticated and request.user.role == Role.MUNICIPAL,
        },
    )


@require_GET
def events_ics(request):
    """Every ふるさと納税 event from three months ago on, as one calendar to subscribe to."""
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    events = furusato_events_public().filter(ends_at__gte=since, is_cancelled=False)
    site = settings.SITE_URL.rstrip("/")
    entries = [
        CalendarEntry(
            uid=f"event-{event.pk}",
            start=event.starts_at,
            end=event.ends_at,
            summary=event.title,
            location=event.place or (_("Online") if event.online else ""),
            description=event.description,
            url=site + reverse("portal:event_detail", args=[event.pk]),
        )
        for event in events.order_by("starts_at", "pk")
    ]
    return calendar_response(
        entries, name=_("Hometown tax donation seminars"), filename="furusato-events.ics"
    )
