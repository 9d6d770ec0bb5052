"""Calendar files read the same in every calendar program (issue #14, point 7).

The feed is written with `icalendar`; these tests read it back with `vobject`, a second,
independent parser, as Outlook or Google Calendar would."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import vobject

from portal.ical import CalendarEntry, calendar_bytes

TOKYO = ZoneInfo("Asia/Tokyo")


def parsed(*entries):
    return vobject.readOne(calendar_bytes(entries, name="テスト").decode())


def test_the_feed_carries_the_tokyo_zone_it_refers_to():
    calendar = parsed(
        CalendarEntry(
            uid="session-1",
            start=datetime(2026, 12, 10, 15, 0, tzinfo=TOKYO),
            end=datetime(2026, 12, 10, 17, 0, tzinfo=TOKYO),
            summary="派遣",
        )
    )
    zones = calendar.contents.get("vtimezone", [])
    assert [zone.tzid.value for zone in zones] == ["Asia/Tokyo"]
    standard = zones[0].contents["standard"][0]
    assert standard.tzoffsetto.value == "+0900"
    event = calendar.vevent
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Asia/Tokyo"]
    # Read through the file's own VTIMEZONE, 15:00 in Sapporo is 06:00 UTC.
    assert event.dtstart.value.astimezone(UTC) == datetime(2026, 12, 10, 6, 0, tzinfo=UTC)
    assert event.dtend.value - event.dtstart.value == timedelta(hours=2)


def test_utc_times_are_written_in_tokyo_time():
    calendar = parsed(
        CalendarEntry(
            uid="event-1",
            start=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
            end=datetime(2027, 1, 1, 0, 30, tzinfo=UTC),
            summary="年越し",
        )
    )
    start = calendar.vevent.dtstart.value
    assert (start.year, start.month, start.day, start.hour) == (2027, 1, 1, 8)
    assert start.utcoffset() == timedelta(hours=9)
