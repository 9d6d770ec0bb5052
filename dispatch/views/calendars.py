"""iCal feeds of sessions: per person and per municipality, as a download for signed-in
users (scope-checked) and as a private subscription link for calendar apps."""

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
from django.views.decorators.http import require_GET, require_POST

from portal.ical import CalendarEntry, calendar_response

from .. import selectors
from ..models import Kind, SessionMode
from ..services import calendars as services

# Feeds carry the last year and everything to come.
PAST_DAYS = 365
SHORT_KIND = {Kind.REGIONAL: "地域振興派遣", Kind.VISIT: "出張サポート", Kind.DX: "DXアドバイザー"}


def _entries(sessions, *, with_people: bool) -> list[CalendarEntry]:
    site = settings.SITE_URL.rstrip("/")
    entries = []
    for session in sessions:
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


def _person_calendar(person):
    sessions = _recent(selectors.sessions_for_person(person)).prefetch_related("people")
    with translation.override("ja"):
        return calendar_response(
            _entries(sessions, with_people=False),
            name=f"{person.name} 派遣予定",
            filename=f"dispatch-person-{person.pk}.ics",
        )


def _municipality_calendar(municipality):
    sessions = _recent(selectors.sessions_for_municipality(municipality))
    with translation.override("ja"):
        return calendar_response(
            _entries(sessions, with_people=True),
            name=f"{municipality.name} 人的支援の予定",
            filename=f"dispatch-{municipality.code}.ics",
        )


@login_required
@require_GET
def person_ics(request, pk):
    return _person_calendar(selectors.person_get_for(request.user, pk, details=False))


@login_required
@require_GET
def municipality_ics(request, code):
    return _municipality_calendar(selectors.municipality_get_for(request.user, code))


@require_GET
def feed_ics(request, token):
    """The subscription link: the token is the key, so no sign-in."""
    feed = selectors.calendar_feed_by_token(token)
    if feed.person is not None:
        return _person_calendar(feed.person)
    return _municipality_calendar(feed.municipality)


def _feed_action(request, *, person=None, municipality=None):
    reset = request.POST.get("action") == "reset"
    try:
        if reset:
            services.calendar_feed_reset(
                actor=request.user, person=person, municipality=municipality
            )
        else:
            services.calendar_feed_create(
                actor=request.user, person=person, municipality=municipality
            )
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        _("A new subscription link has been made; the old one no longer works.")
        if reset
        else _("Your subscription link is ready. Add it to your calendar app."),
    )


@login_required
@require_POST
def person_feed(request, pk):
    person = selectors.person_get_for(request.user, pk)
    _feed_action(request, person=person)
    return redirect(reverse("dispatch:person_detail", args=[person.pk]) + "#calendar")


@login_required
@require_POST
def municipality_feed(request, code):
    municipality = selectors.municipality_get_for(request.user, code)
    if not (request.user.role == "municipal" and request.user.municipality_id == municipality.pk):
        raise Http404
    _feed_action(request, municipality=municipality)
    return redirect(reverse("dispatch:municipality_detail", args=[code]) + "#calendar")


def feed_url(feed) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("dispatch:feed_ics", args=[feed.token])
