"""iCal feeds of sessions: per person and per municipality as a download for signed-in
users (scope-checked), and each user's private subscription URL for calendar apps."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.ical import CalendarEntry, calendar_response
from portal.models import Role

from ..models import Kind, SessionMode
from ..permissions import requests as permissions
from ..selectors import requests as selectors
from ..services import calendars as services

# Feeds carry the last year and everything to come.
PAST_DAYS = 365
SHORT_KIND = {Kind.REGIONAL: "地域振興派遣", Kind.VISIT: "出張サポート", Kind.DX: "DXアドバイザー"}
# The subscription URL just issued, shown once on the page the owner is sent back to.
NEW_FEED_URL = "dispatch_new_feed_url"


def _busy_entry(commitment) -> CalendarEntry:
    """A session the calendar's reader may not open: the time and 予定あり, nothing else."""
    return CalendarEntry(
        uid=f"dispatch-session-{commitment.pk}",
        start=commitment.starts,
        end=commitment.ends,
        summary=_("Busy"),
    )


def _entries(commitments, *, with_people: bool) -> list[CalendarEntry]:
    site = settings.SITE_URL.rstrip("/")
    entries = []
    for commitment in commitments:
        session = commitment.detail
        if session is None:
            entries.append(_busy_entry(commitment))
            continue
        request = session.request
        lines = [f"{request.reference} {request.title}"]
        if session.agenda:
            lines.append(session.agenda)
        if session.participants:
            lines.append(f"参加者: {session.participants}")
        if with_people:
            lines.append("派遣者: " + "、".join(p.name for p in session.people.all()))
        if session.mode == SessionMode.ONLINE and session.online_details:
            lines.append(f"接続方法: {session.online_details}")
        entries.append(
            CalendarEntry(
                uid=f"dispatch-session-{session.pk}",
                start=session.starts_at,
                end=session.ends_at,
                summary=f"{SHORT_KIND.get(request.kind, '')} {request.municipality.name}",
                location=session.place
                or ("オンライン" if session.mode == SessionMode.ONLINE else ""),
                description="\n".join(lines),
                url=site + reverse("dispatch:session_detail", args=[session.pk]),
            )
        )
    return entries


def _recent(sessions):
    return sessions.filter(starts_at__gte=timezone.now() - dt.timedelta(days=PAST_DAYS))


def _seen_by(sessions, viewer):
    return selectors.commitments(selectors.with_request_scope(_recent(sessions), viewer))


def _person_calendar(person, viewer):
    """The person's sessions as ``viewer`` may see them: busy outside the viewer's scope."""
    sessions = _seen_by(selectors.sessions_for_person(person).prefetch_related("people"), viewer)
    with translation.override("ja"):
        return calendar_response(
            _entries(sessions, with_people=False),
            name=f"{person.name} 派遣予定",
            filename=f"dispatch-person-{person.pk}.ics",
        )


def _municipality_calendar(municipality, viewer):
    sessions = _seen_by(selectors.sessions_for_municipality(municipality), viewer)
    with translation.override("ja"):
        return calendar_response(
            _entries(sessions, with_people=True),
            name=f"{municipality.name} 人的支援の予定",
            filename=f"dispatch-{municipality.code}.ics",
        )


def _user_calendar(user):
    """A subscription: what its owner may see now (scoped selectors with that user)."""
    sessions = _seen_by(selectors.calendar_sessions_for(user), user)
    person = permissions.person_of(user)
    if user.role == Role.MUNICIPAL and user.municipality is not None:
        name = f"{user.municipality.name} 人的支援の予定"
    else:
        name = f"{person.name if person is not None else user} 派遣予定"
    with translation.override("ja"):
        return calendar_response(
            _entries(sessions, with_people=True), name=name, filename="dispatch-calendar.ics"
        )


@login_required
@require_GET
def person_ics(request, pk):
    person = selectors.person_get_for(request.user, pk, details=False)
    return _person_calendar(person, request.user)


@login_required
@require_GET
def municipality_ics(request, code):
    municipality = selectors.municipality_get_for(request.user, code)
    return _municipality_calendar(municipality, request.user)


@never_cache  # the secret URL of one person's calendar
@require_GET
def feed_ics(request, token):
    """The subscription URL: the secret is the key, so no sign-in. Unknown, reissued or
    revoked: 404 with nothing more, so a guess learns nothing. A URL whose owner no longer
    holds the role and scope it was issued for is forgotten on the spot."""
    feed = selectors.calendar_feed_token_by_secret(token)
    if feed is None:
        raise Http404
    if not permissions.calendar_token_holds(feed):
        services.calendar_feed_token_revoke(
            token=feed, reason="The owner no longer holds the role or scope it was issued for."
        )
        raise Http404
    return _user_calendar(feed.user)


def _issue(request) -> None:
    try:
        _token, secret = services.calendar_feed_token_issue(actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    # Only the hash is kept: the URL is shown once, on the page the owner is sent back to.
    request.session[NEW_FEED_URL] = feed_url(secret)
    messages.success(
        request,
        _(
            "Your new subscription URL is below. Copy it into your calendar app now: it is "
            "shown only this once. Any URL issued before no longer works."
        ),
    )


def feed_panel(request) -> dict:
    """The calendar section's context for the signed-in user's own subscription URL."""
    user = request.user
    return {
        "new_feed_url": request.session.pop(NEW_FEED_URL, None),
        "feed_token": selectors.calendar_feed_token_of(user),
    }


@login_required
@require_POST
def person_feed(request, pk):
    """A person issues (or reissues) their own subscription URL; nobody does it for them."""
    person = selectors.person_get_for(request.user, pk)
    if person.user_id != request.user.pk:
        raise Http404
    _issue(request)
    return redirect(reverse("dispatch:person_detail", args=[person.pk]) + "#calendar")


@login_required
@require_POST
def municipality_feed(request, code):
    municipality = selectors.municipality_get_for(request.user, code)
    if not (
        request.user.role == Role.MUNICIPAL and request.user.municipality_id == municipality.pk
    ):
        raise Http404
    _issue(request)
    return redirect(reverse("dispatch:municipality_detail", args=[code]) + "#calendar")


def feed_url(secret: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("dispatch:feed_ics", args=[secret])
