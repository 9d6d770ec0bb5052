"""The volunteers' portal (協力隊専用ポータル), open to everyone without an account: open
positions with Japanese search, filters and an Atom feed, a page per municipality, trial
programmes, events with registration and iCal, and the one-stop window's inquiry form.

Nothing here reads the register of volunteers (personal data).
"""

from __future__ import annotations

import datetime as dt
import re

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casebook import api as casebook_api
from portal.actions import add_service_errors
from portal.ical import CalendarEntry, calendar_response

from ..filters.kyoryokutai import EventFilter, PositionFilter, TrialFilter
from ..forms.kyoryokutai import InquiryForm
from ..models import PostingStatus
from ..permissions import requests as permissions
from ..selectors import kyoryokutai as selectors
from ..services.kyoryokutai_inquiries import (
    InquiryRateLimited,
    client_key,
    inquiry_send,
)
from ..workflows.kyoryokutai import POSITION_WORKFLOW, TRIAL_WORKFLOW
from .common import posted, query_without_page

PAGE_SIZE = 20
EVENTS_FEED_DAYS_BACK = 90
SENT_SESSION_KEY = "kyoryokutai_inquiry_sent"
# Members' stories on a municipality's page: its published case studies on this theme.
STORIES_THEME = "kyoryokutai"


@require_GET
def index(request):
    """The portal's front page: search, what is open now, what is coming."""
    today = timezone.localdate()
    positions = selectors.positions_public()
    open_now = positions.filter(selectors.open_now_q(today))
    return render(
        request,
        "dispatch/kyoryokutai/index.html",
        {
            "open_count": open_now.count(),
            "latest": list(
                positions.filter(selectors.current_q(today)).order_by("-published_at", "-pk")[:5]
            ),
            "trials": list(
                selectors.trials_public()
                .filter(status=PostingStatus.PUBLISHED, ends_on__gte=today)
                .order_by("starts_on", "pk")[:3]
            ),
            "events": list(
                selectors.kyoryokutai_events_public()
                .filter(ends_at__gte=timezone.now(), is_cancelled=False)
                .order_by("starts_at", "pk")[:3]
            ),
            "missions": list(selectors.missions_offered()),
            "can_post": permissions.can_post_kyoryokutai(request.user),
        },
    )


# --- Positions ----------------------------------------------------------------------------


@require_GET
def position_list(request):
    filterset = PositionFilter(
        request.GET, queryset=selectors.positions_public().order_by("-published_at", "-pk")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/kyoryokutai/position_list.html",
        {
            "filter": filterset,
            "page": page,
            "today": timezone.localdate(),
            "query": query_without_page(request),
            "feed_query": _feed_query(filterset),
        },
    )


def _feed_query(filterset) -> str:
    data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    params = [
        f"{key}={data[key].code}" for key in ("bureau", "mission") if data.get(key) is not None
    ]
    return "&".join(params)


@require_GET
def position_detail(request, pk):
    position = selectors.position_get_for(request.user, pk)
    can_manage = permissions.can_manage_posting(request.user, position)
    return render(
        request,
        "dispatch/kyoryokutai/position_detail.html",
        {
            "position": position,
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "actions": POSITION_WORKFLOW.available(position, request.user) if can_manage else [],
            "events": selectors.posting_events(position) if can_manage else [],
            "workflow": POSITION_WORKFLOW,
        },
    )


# --- A municipality's page ------------------------------------------------------------------


@require_GET
def municipality_page(request, code):
    municipality = selectors.municipality_public(code)
    postings = selectors.municipality_postings(municipality)
    return render(
        request,
        "dispatch/kyoryokutai/municipality.html",
        {
            "municipality": municipality,
            "today": timezone.localdate(),
            "stories": casebook_api.case_studies_for_municipality(
                municipality.code, theme=STORIES_THEME, limit=6
            ),
            **postings,
        },
    )


# --- Trial programmes ---------------------------------------------------------------------


@require_GET
def trial_list(request):
    filterset = TrialFilter(
        request.GET, queryset=selectors.trials_public().order_by("starts_on", "pk")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/kyoryokutai/trial_list.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )


@require_GET
def trial_detail(request, pk):
    trial = selectors.trial_get_for(request.user, pk)
    can_manage = permissions.can_manage_posting(request.user, trial)
    return render(
        request,
        "dispatch/kyoryokutai/trial_detail.html",
        {
            "trial": trial,
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "actions": TRIAL_WORKFLOW.available(trial, request.user) if can_manage else [],
            "events": selectors.posting_events(trial) if can_manage else [],
            "workflow": TRIAL_WORKFLOW,
        },
    )


# --- Events -------------------------------------------------------------------------------


@require_GET
def event_list(request):
    """説明会 and 研修: seats left and the waiting list; registration on the event's page."""
    filterset = EventFilter(
        request.GET,
        queryset=selectors.kyoryokutai_events_public().order_by("starts_at", "pk"),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    events = list(page)
    seats = selectors.event_seat_counts(events)
    rows = []
    for event in events:
        counts = seats.get(event.pk, {})
        rows.append(
            {
                "event": event,
                "left": max(event.capacity - counts.get("confirmed", 0), 0),
                "waiting": counts.get("waiting", 0),
            }
        )
    return render(
        request,
        "dispatch/kyoryokutai/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
        },
    )


@require_GET
def events_ics(request):
    """Every 協力隊 event from three months ago on, as one calendar to subscribe to."""
    since = timezone.now() - dt.timedelta(days=EVENTS_FEED_DAYS_BACK)
    events = selectors.kyoryokutai_events_public().filter(ends_at__gte=since, is_cancelled=False)
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
        entries,
        name=_("地域おこし協力隊 events in Hokkaido"),
        filename="kyoryokutai-events.ics",
    )


# --- The one-stop window ------------------------------------------------------------------


def _client_ip(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ValueError):
        return "unknown"


def _position_from(request):
    """The position an inquiry is about (?position=12 from its page), if public."""
    raw = request.GET.get("position") or request.POST.get("position") or ""
    if not raw.isdigit() or len(raw) > 10:
        return None
    return selectors.positions_public().filter(pk=int(raw)).first()


def _alumnus_from(request):
    """The OB/OG contact a visitor writes to (?alumni=<pk>), if listed."""
    from ..selectors.volunteer_members import alumni_public

    pk = request.GET.get("alumni", "")
    return alumni_public().filter(pk=pk).first() if pk.isdigit() else None


def inquiry(request):
    """Anyone asks the window; the answer comes by email with a private link."""
    user = request.user
    position = _position_from(request)
    initial = {}
    if user.is_authenticated:
        initial.update(name=user.get_full_name(), email=user.email)
        if user.role == "municipal":
            initial.update(asker_kind="municipal", municipality=user.municipality_id)
        elif user.role == "member":
            initial.update(asker_kind="serving")
    if position is not None:
        initial.update(
            position=position.pk,
            municipality=position.municipality_id,
            subject=_("About the position: %(title)s") % {"title": position.title},
        )
    elif re.fullmatch(r"01\d{4}", request.GET.get("municipality", "")):
        initial["municipality"] = request.GET["municipality"]
    alumnus = _alumnus_from(request)
    if alumnus is not None:
        initial["subject"] = _("To the OB/OG contact %(name)s (%(municipality)s)") % {
            "name": alumnus.alumni_name,
            "municipality": alumnus.municipality.name,
        }
    form = InquiryForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("website"):
            # A bot filled in the honeypot: it sees the usual page, nothing is sent.
            request.session[SENT_SESSION_KEY] = {"reference": "", "email": data["email"]}
            return redirect("dispatch:kyoryokutai_inquiry_sent")
        try:
            consultation = inquiry_send(
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                question=data["question"],
                asker_kind=data["asker_kind"],
                municipality=data.get("municipality"),
                position=data.get("position"),
                asker=user if user.is_authenticated else None,
                client=client_key(_client_ip(request)),
            )
        except InquiryRateLimited as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SENT_SESSION_KEY] = {
                "reference": consultation.reference,
                "email": consultation.asker_email,
            }
            return redirect("dispatch:kyoryokutai_inquiry_sent")
    return render(
        request,
        "dispatch/kyoryokutai/inquiry_form.html",
        {"form": form, "position": position},
        status=status,
    )


@require_GET
def inquiry_sent(request):
    sent = request.session.get(SENT_SESSION_KEY)
    if not isinstance(sent, dict):
        return redirect("dispatch:kyoryokutai_inquiry")
    return render(request, "dispatch/kyoryokutai/inquiry_sent.html", {"sent": sent})
