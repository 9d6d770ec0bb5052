"""Scoped reads of the human-support pillar: one place decides who sees which request,
session, report and roster entry (views, admin, feeds and exports all ask here)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.models import AuditEvent, Municipality, Role
from portal.permissions import is_active_user
from portal.selectors import NOTHING

from ..models import (
    ActivityReport,
    Assignment,
    CalendarFeedToken,
    DispatchNotice,
    DispatchRequest,
    Person,
    ReportStatus,
    Session,
    Status,
)
from ..permissions import requests as permissions


def _assigned_request_ids(user):
    person = permissions.person_of(user)
    if person is None:
        return None
    return Assignment.objects.filter(person=person, cancelled_at__isnull=True).values("request_id")


def request_scope(user, prefix: str = "") -> Q:
    """The filter deciding which requests ``user`` sees; ``prefix`` is the path from another
    model to its request (e.g. ``request__`` for sessions)."""
    if not is_active_user(user):
        return NOTHING

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    assigned = _assigned_request_ids(user)
    own = q(pk__in=assigned) if assigned is not None else NOTHING
    # Drafts are the municipality's working papers until first submitted.
    submitted = q(first_submitted_at__isnull=False)
    if user.is_superuser or user.role == Role.HQ:
        return submitted | own
    if user.role == Role.BUREAU:
        return (q(bureau_id=user.bureau_id) & submitted) | own
    if user.role == Role.MUNICIPAL:
        partner_ids = DispatchRequest.partners.through.objects.filter(
            municipality_id=user.municipality_id
        ).values("dispatchrequest_id")
        partner = q(pk__in=partner_ids) & submitted
        return q(municipality_id=user.municipality_id) | partner | own
    return own


def requests_visible_to(user) -> QuerySet[DispatchRequest]:
    return DispatchRequest.objects.filter(request_scope(user)).select_related(
        "municipality", "bureau"
    )


def request_get_for(user, pk) -> DispatchRequest:
    try:
        request = (
            requests_visible_to(user)
            .prefetch_related(
                "skills",
                "partners",
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("person").order_by(
                        "cancelled_at", "-is_lead", "starts_on", "pk"
                    ),
                ),
            )
            .get(pk=pk)
        )
    except (DispatchRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return request


def request_years_visible_to(user) -> list[int]:
    years = (
        DispatchRequest.objects.filter(request_scope(user))
        .order_by()
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def request_events(request: DispatchRequest) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(request).select_related("actor")


def sessions_of(request: DispatchRequest) -> QuerySet[Session]:
    return (
        request.sessions.all()
        .prefetch_related(
            "people",
            Prefetch("reports", queryset=ActivityReport.objects.select_related("person")),
        )
        .order_by("starts_at", "pk")
    )


def notices_of(request: DispatchRequest) -> QuerySet[DispatchNotice]:
    return request.notices.select_related("document").order_by("-created_at", "-pk")


def notice_get_for(user, pk) -> DispatchNotice:
    notice = DispatchNotice.objects.select_related("request", "document").filter(pk=pk).first()
    if notice is None or notice.document is None:
        raise Http404
    request_get_for(user, notice.request_id)
    return notice


# --- Sessions and reports -----------------------------------------------------------------


def sessions_visible_to(user) -> QuerySet[Session]:
    return Session.objects.filter(request__in=requests_visible_to(user).values("pk"))


def session_get_for(user, pk) -> Session:
    try:
        session = (
            sessions_visible_to(user)
            .select_related("request__municipality", "request__bureau")
            .prefetch_related(
                "people",
                "request__assignments",
                Prefetch(
                    "reports",
                    queryset=ActivityReport.objects.select_related("person", "author"),
                ),
            )
            .get(pk=pk)
        )
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return session


def report_get_for(user, pk) -> ActivityReport:
    report = (
        ActivityReport.objects.select_related("session__request__municipality", "person")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    session_get_for(user, report.session_id)
    return report


def sessions_for_person(person: Person) -> QuerySet[Session]:
    return (
        Session.objects.filter(people=person, cancelled_at__isnull=True)
        .select_related("request__municipality")
        .order_by("starts_at", "pk")
    )


def sessions_for_municipality(municipality: Municipality) -> QuerySet[Session]:
    return (
        Session.objects.filter(request__municipality=municipality, cancelled_at__isnull=True)
        .select_related("request__municipality")
        .prefetch_related("people")
        .order_by("starts_at", "pk")
    )


# --- The roster ---------------------------------------------------------------------------


def people_visible_to(user) -> QuerySet[Person]:
    """Bureau officers and HQ see the whole roster (they match across bureaus); anyone else
    only their own entry."""
    if permissions.is_staff(user):
        return Person.objects.all()
    if not is_active_user(user):
        return Person.objects.none()
    return Person.objects.filter(user=user)


def person_get_for(user, pk, *, details: bool = True) -> Person:
    people = people_visible_to(user)
    if details:
        people = people.select_related("home_bureau", "user").prefetch_related(
            "skills", "areas", "availabilities"
        )
    try:
        return people.get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def live_load(person_ids, today: dt.date | None = None) -> dict[int, int]:
    """Current and coming live assignments per person (one query)."""
    today = today or timezone.localdate()
    rows = (
        Assignment.objects.filter(
            person_id__in=list(person_ids), cancelled_at__isnull=True, ends_on__gte=today
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    return {row["person_id"]: row["n"] for row in rows}


def with_request_scope(queryset: QuerySet, user, *, path: str = "request") -> QuerySet:
    """Mark each row with ``in_scope``: whether ``user`` may open its request (the same
    rule as ``requests_visible_to``), as a subquery, so no extra query per list."""
    return queryset.annotate(
        in_scope=Exists(
            DispatchRequest.objects.filter(request_scope(user), pk=OuterRef(f"{path}_id"))
        )
    )


@dataclass(frozen=True)
class Commitment:
    """One of a person's assignments or sessions as one viewer may see it. When, always:
    officers need free/busy to match people across bureaus. What (the object, with its
    request, place, agenda and link) only if the viewer may open the request; otherwise
    ``detail`` is None and pages and calendars say 予定あり (busy) and nothing more, so a
    template cannot show what it was never given."""

    pk: int
    starts: dt.date | dt.datetime
    ends: dt.date | dt.datetime
    detail: Assignment | Session | None


def commitments(items) -> list[Commitment]:
    """Wrap assignments or sessions read through ``with_request_scope``."""
    result = []
    for item in items:
        if isinstance(item, Assignment):
            starts, ends = item.starts_on, item.ends_on
        else:
            starts, ends = item.starts_at, item.ends_at
        result.append(
            Commitment(pk=item.pk, starts=starts, ends=ends, detail=item if item.in_scope else None)
        )
    return result


def assignments_of_person(person: Person) -> QuerySet[Assignment]:
    return (
        person.assignments.filter(cancelled_at__isnull=True)
        .select_related("request__municipality", "request__bureau")
        .order_by("-ends_on", "-pk")
    )


def reports_to_file(person: Person, *, now=None, viewer=None) -> list[Session]:
    """Sessions the person attended (begun, not cancelled) without their report yet; with
    a ``viewer``, read through ``with_request_scope`` for them."""
    now = now or timezone.now()
    sessions = (
        Session.objects.all()
        if viewer is None
        else with_request_scope(Session.objects.all(), viewer)
    )
    return list(
        sessions.filter(
            people=person,
            cancelled_at__isnull=True,
            starts_at__lte=now,
            request__status=Status.ASSIGNED,
            request__assignments__person=person,
            request__assignments__cancelled_at__isnull=True,
        )
        .exclude(reports__person=person)
        .select_related("request__municipality")
        .distinct()
        .order_by("starts_at", "pk")
    )


def reports_returned(person: Person) -> QuerySet[ActivityReport]:
    """The person's activity reports the municipality returned for correction, oldest
    session first: they are the person's to do until corrected."""
    return (
        ActivityReport.objects.filter(person=person, status=ReportStatus.RETURNED)
        .select_related("session__request__municipality")
        .order_by("session__starts_at", "pk")
    )


def reports_to_confirm(user) -> QuerySet[ActivityReport]:
    """Reports awaiting the confirmation of the user's municipality."""
    if not is_active_user(user) or user.role != Role.MUNICIPAL:
        return ActivityReport.objects.none()
    return (
        ActivityReport.objects.filter(
            status=ReportStatus.SUBMITTED,
            session__request__municipality_id=user.municipality_id,
        )
        .select_related("session__request", "person")
        .order_by("submitted_at", "pk")
    )


# --- Calendar feeds -----------------------------------------------------------------------


def calendar_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_token_by_secret(token: str) -> CalendarFeedToken | None:
    """The subscription URL's row, with what its validity check reads (one query); None for
    an unknown secret. Only the secret's hash is stored, so the lookup is by hash."""
    if not token or len(token) < 32 or len(token) > 100:
        return None
    return (
        CalendarFeedToken.objects.select_related("user__dispatch_person")
        .filter(token_hash=calendar_token_hash(token))
        .first()
    )


def calendar_feed_token_of(user) -> CalendarFeedToken | None:
    if not is_active_user(user):
        return None
    return CalendarFeedToken.objects.filter(user=user).first()


def calendar_sessions_for(user) -> QuerySet[Session]:
    """What a user's own subscription shows: the sessions they attend, and for municipal
    staff their municipality's; never more than the user may see now."""
    if not is_active_user(user):
        return Session.objects.none()
    mine = NOTHING
    person = permissions.person_of(user)
    if person is not None:
        mine |= Q(pk__in=Session.people.through.objects.filter(person=person).values("session_id"))
    if user.role == Role.MUNICIPAL and user.municipality_id is not None:
        mine |= Q(request__municipality_id=user.municipality_id)
    return (
        sessions_visible_to(user)
        .filter(mine, cancelled_at__isnull=True)
        .select_related("request__municipality")
        .prefetch_related("people")
        .order_by("starts_at", "pk")
    )


# --- Municipalities -----------------------------------------------------------------------


def municipality_get_for(user, code: str) -> Municipality:
    municipality = Municipality.objects.select_related("bureau").filter(code=code).first()
    if municipality is None or not permissions.can_view_municipality_dispatch(user, municipality):
        raise Http404
    return municipality
