"""Scheduling visits and online sessions, cancelling them, and the reminders the day
before."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import fiscal_year, wareki_date, wareki_datetime
from portal.workflow import audit

from ..models import DispatchRequest, Person, Session, SessionAttendance, SessionMode, Status
from ..permissions import requests as permissions
from ..selectors.requests import with_request_scope
from .common import notify_municipality, notify_people


def overlapping_attendances(person_ids, starts_at: dt.datetime, ends_at: dt.datetime):
    """The people's bookings in live sessions, of any request, sharing at least a minute
    with [starts_at, ends_at): a session ending at 17:00 leaves the person free at 17:00.
    Read from the sessions themselves, not from the attendances' copies of their time."""
    return (
        SessionAttendance.objects.filter(
            person_id__in=person_ids,
            session__cancelled_at__isnull=True,
            session__starts_at__lt=ends_at,
            session__ends_at__gt=starts_at,
        )
        .select_related("session__request")
        .order_by("session__starts_at", "session_id")
    )


def _when(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[str, str]:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else wareki_datetime(end)
    return wareki_datetime(start), end_text


def session_overlap_message(person: Person, other: SessionAttendance) -> str:
    """Why the person cannot attend; ``other`` is read through ``with_request_scope`` for
    the one scheduling, who learns which session it is only if they may open its request
    (otherwise: the time and 予定あり, as on the roster)."""
    start, end = _when(other.session.starts_at, other.session.ends_at)
    if not other.in_scope:
        return _(
            "%(name)s is busy from %(start)s to %(end)s. Sessions of one person cannot "
            "overlap: choose another time or another person."
        ) % {"name": person.name, "start": start, "end": end}
    return _(
        "%(name)s already has a session from %(start)s to %(end)s (%(ref)s %(title)s). "
        "Sessions of one person cannot overlap: choose another time or another person."
    ) % {
        "name": person.name,
        "start": start,
        "end": end,
        "ref": other.session.request.reference,
        "title": other.session.request.title,
    }


def session_schedule(
    *,
    request: DispatchRequest,
    actor,
    mode: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    people: list[Person],
    place: str = "",
    online_details: str = "",
    participants: str = "",
    agenda: str = "",
) -> Session:
    """Schedule a session of the request with people assigned to it, on a day within each
    one's assignment, at a time none of them is booked for another live session (of any
    request). Each person's row is locked (in id order, as when assigning) before their
    sessions are read, so two bookings of one person made at the same moment cannot both
    pass; on PostgreSQL an exclusion constraint on the attendances is the second wall.
    Side effects: the people and the municipality are notified."""
    errors: dict[str, list[str | ValidationError]] = {}
    if ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The session must end after it starts."))
    if mode not in SessionMode.values:
        errors.setdefault("mode", []).append(_("Choose on-site visit or online."))
    if mode == SessionMode.VISIT and not place.strip():
        errors.setdefault("place", []).append(_("Give the place of the visit."))
    if not people:
        errors.setdefault("people", []).append(_("Choose who attends."))
    if errors:
        raise ValidationError(errors)
    day = timezone.localdate(starts_at)
    with transaction.atomic():
        locked = DispatchRequest.objects.select_for_update().get(pk=request.pk)
        if not permissions.can_schedule_session(actor, locked):
            raise PermissionDenied
        live = {
            a.person_id: a
            for a in locked.assignments.filter(cancelled_at__isnull=True).select_related("person")
        }
        for person in people:
            assignment = live.get(person.pk)
            if assignment is None:
                errors.setdefault("people", []).append(
                    _("%(name)s is not assigned to this request.") % {"name": person.name}
                )
            elif not assignment.starts_on <= day <= assignment.ends_on:
                errors.setdefault("starts_at", []).append(
                    _(
                        "%(name)s is assigned from %(start)s to %(end)s: schedule the session "
                        "within that period."
                    )
                    % {
                        "name": person.name,
                        "start": wareki_date(assignment.starts_on),
                        "end": wareki_date(assignment.ends_on),
                    }
                )
        if errors:
            raise ValidationError(errors)
        persons = list(
            Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]).order_by("pk")
        )
        clashes: dict[int, SessionAttendance] = {}
        for row in with_request_scope(
            overlapping_attendances([p.pk for p in persons], starts_at, ends_at),
            actor,
            path="session__request",
        ):
            clashes.setdefault(row.person_id, row)
        for person in persons:
            if person.pk in clashes:
                errors.setdefault("starts_at", []).append(
                    ValidationError(
                        session_overlap_message(person, clashes[person.pk]), code="overlap"
                    )
                )
        if errors:
            raise ValidationError(errors)
        session = Session.objects.create(
            request=locked,
            mode=mode,
            starts_at=starts_at,
            ends_at=ends_at,
            date=day,
            fiscal_year=fiscal_year(day),
            place=place,
            online_details=online_details,
            participants=participants,
            agenda=agenda,
            created_by=actor,
        )
        SessionAttendance.objects.bulk_create(
            SessionAttendance(session=session, person=person, starts_at=starts_at, ends_at=ends_at)
            for person in persons
        )
        audit(
            locked,
            actor=actor,
            action="schedule_session",
            # Written once, in the portal's language: the history's one date style.
            comment=f"{wareki_date(day, language=settings.LANGUAGE_CODE)} "
            f"{timezone.localtime(starts_at):%H:%M}–"
            f"{timezone.localtime(ends_at):%H:%M}",
            extra={"session": session.pk},
        )
        _tell(session, people, "scheduled")
    return session


SUBJECTS = {
    "scheduled": gettext_lazy("Session scheduled: %(ref)s %(title)s (%(municipality)s)"),
    "cancelled": gettext_lazy("Session cancelled: %(ref)s %(title)s (%(municipality)s)"),
    "reminder": gettext_lazy("Tomorrow: session of %(ref)s %(title)s (%(municipality)s)"),
}


def _tell(session: Session, people, what: str, *, key: str = "") -> None:
    request = session.request
    key = key or f"session:{session.pk}:{what}"
    extra = {"session": session}
    notify_people(
        request,
        people,
        kind=f"session_{what}",
        subject=SUBJECTS[what],
        template=f"dispatch/email/session_{what}.txt",
        key=key,
        extra=extra,
    )
    notify_municipality(
        request,
        kind=f"session_{what}",
        subject=SUBJECTS[what],
        template=f"dispatch/email/session_{what}.txt",
        key=key,
        extra=extra,
    )


def session_cancel(*, session: Session, actor, reason: str = "") -> Session:
    """Cancel a session nobody has reported on yet."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("request").get(pk=session.pk)
        if locked.cancelled_at is not None:
            return locked
        if not permissions.can_cancel_session(actor, locked):
            raise PermissionDenied
        if locked.reports.exists():
            raise ValidationError(
                _("A report has been filed for this session: it can no longer be cancelled."),
                code="reported",
            )
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancel_reason"])
        # The time is free again for the people: the database rule no longer counts it.
        locked.attendances.update(is_cancelled=True)
        audit(
            locked.request,
            actor=actor,
            action="cancel_session",
            comment=f"{wareki_date(locked.date, language=settings.LANGUAGE_CODE)} {reason}".strip(),
            extra={"session": locked.pk},
        )
        _tell(locked, list(locked.people.all()), "cancelled")
    return locked


def sessions_to_remind(*, today: dt.date):
    return (
        Session.objects.filter(
            date=today + dt.timedelta(days=1),
            cancelled_at__isnull=True,
            request__status=Status.ASSIGNED,
        )
        .select_related("request__municipality")
        .prefetch_related("people__user")
        .order_by("starts_at", "pk")
    )


def session_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the people and the municipality of tomorrow's sessions. Safe to run twice:
    the dedupe key names the session and its date, so a rerun sends nothing more."""
    today = today or timezone.localdate()
    reminded = 0
    for session in sessions_to_remind(today=today):
        with transaction.atomic():
            _tell(
                session,
                list(session.people.all()),
                "reminder",
                key=f"session:{session.pk}:reminder:{session.date.isoformat()}",
            )
        reminded += 1
    return reminded
