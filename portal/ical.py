"""iCalendar files (RFC 5545) for events, sessions and meetings, built with `icalendar`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as ICalEvent


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Hokkaido Municipal Strategy Support Portal//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    for entry in entries:
        event = ICalEvent()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(entry.start))
        event.add("dtend", timezone.localtime(entry.end))
        event.add("summary", entry.summary)
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        calendar.add_component(event)
    # Times carry TZID=Asia/Tokyo; without the zone's VTIMEZONE Outlook reads them in the
    # reader's own zone and shifts every entry. icalendar writes the zones that are used.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(entries: Iterable[CalendarEntry], *, name: str, filename: str):
    response = HttpResponse(
        calendar_bytes(entries, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
