"""Reads of 地域おこし協力隊 support (H3): the public portal (positions, trial programmes,
events) and the scoped register of volunteers. One place decides who sees what: published
postings are public; drafts only to those who manage them; the register (personal data)
only to the municipality, its bureau and HQ.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.models import AuditEvent, Event, Municipality, Registration
from portal.selectors import NOTHING, events_public, get_in_scope, scope_q

from ..kyoryokutai_text import search_words
from ..models import (
    Mission,
    Position,
    PostingStatus,
    Settlement,
    TrialProgramme,
    Volunteer,
    VolunteerStatus,
)
from ..models.volunteers import SERVING_STATUSES
from ..permissions import requests as permissions

EVENT_CATEGORY = "kyoryokutai"
PUBLIC_STATUSES = (PostingStatus.PUBLISHED, PostingStatus.CLOSED)
# The municipality is reminded this many days before a member's term ends.
TERM_END_NOTICE_DAYS = 90


def _today(today=None) -> dt.date:
    return today or timezone.localdate()


def missions_offered() -> QuerySet[Mission]:
    return Mission.objects.filter(is_active=True)


def _missions_prefetch() -> Prefetch:
    return Prefetch("missions", queryset=Mission.objects.order_by("order", "code"))


# --- Positions ----------------------------------------------------------------------------


def positions_public() -> QuerySet[Position]:
    """Published and closed positions (past ones stay on the municipality's page)."""
    return (
        Position.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("municipality", "bureau__region")
        .prefetch_related(_missions_prefetch())
        .defer("search_text")
    )


def open_now_q(today=None) -> Q:
    today = _today(today)
    return Q(
        status=PostingStatus.PUBLISHED,
        applications_open__lte=today,
        applications_close__gte=today,
    )


def current_q(today=None) -> Q:
    """Published with a window that has not ended (open now or opening soon)."""
    return Q(status=PostingStatus.PUBLISHED, applications_close__gte=_today(today))


def past_q(today=None) -> Q:
    return Q(status=PostingStatus.CLOSED) | Q(applications_close__lt=_today(today))


def positions_search(queryset: QuerySet[Position], query: str) -> QuerySet[Position]:
    """Every word of the query somewhere in the position's normalised text."""
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def positions_managed_by(user) -> QuerySet[Position]:
    """Every position (drafts too) of the user's scope, for the management pages."""
    return (
        Position.objects.filter(scope_q(user, municipality="municipality", bureau="bureau"))
        .select_related("municipality", "bureau")
        .defer("search_text")
    )


def position_get_for(user, pk) -> Position:
    """A public position for anyone; a draft only for those who manage it (else 404)."""
    position = get_in_scope(
        Position.objects.select_related("municipality", "bureau__region").prefetch_related(
            _missions_prefetch()
        ),
        pk=pk,
    )
    if not permissions.can_view_posting(user, position):
        raise Http404
    return position


def position_to_manage(user, pk) -> Position:
    position = get_in_scope(positions_managed_by(user), pk=pk)
    if not permissions.can_manage_posting(user, position):
        raise Http404
    return position


def positions_for_feed(*, bureau=None, mission=None, limit: int = 30):
    queryset = positions_public().filter(status=PostingStatus.PUBLISHED)
    if bureau is not None:
        queryset = queryset.filter(bureau=bureau)
    if mission is not None:
        queryset = queryset.filter(missions=mission)
    return queryset.order_by("-published_at", "-pk")[:limit]


# --- Trial programmes ---------------------------------------------------------------------


def trials_public() -> QuerySet[TrialProgramme]:
    return (
        TrialProgramme.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("municipality", "bureau__region")
        .prefetch_related(_missions_prefetch())
    )


def trials_managed_by(user) -> QuerySet[TrialProgramme]:
    return TrialProgramme.objects.filter(
        scope_q(user, municipality="municipality", bureau="bureau")
    ).select_related("municipality", "bureau")


def trial_get_for(user, pk) -> TrialProgramme:
    trial = get_in_scope(
        TrialProgramme.objects.select_related("municipality", "bureau__region").prefetch_related(
            _missions_prefetch()
        ),
        pk=pk,
    )
    if not permissions.can_view_posting(user, trial):
        raise Http404
    return trial


def trial_to_manage(user, pk) -> TrialProgramme:
    trial = get_in_scope(trials_managed_by(user), pk=pk)
    if not permissions.can_manage_posting(user, trial):
        raise Http404
    return trial


# --- A municipality's page on the volunteers' portal --------------------------------------


def municipality_public(code: str) -> Municipality:
    return get_in_scope(Municipality.objects.select_related("bureau__region"), code=code)


def municipality_postings(municipality: Municipality, *, today=None, limit: int = 50) -> dict:
    """Current and past positions, and trial programmes not yet over (four queries)."""
    today = _today(today)
    positions = positions_public().filter(municipality=municipality)
    return {
        "current": list(positions.filter(current_q(today)).order_by("applications_close")[:limit]),
        "past": list(positions.filter(past_q(today)).order_by("-applications_close")[:limit]),
        "trials": list(
            trials_public()
            .filter(municipality=municipality, status=PostingStatus.PUBLISHED, ends_on__gte=today)
            .order_by("starts_on", "pk")[:limit]
        ),
    }


# --- Events (kernel events of category kyoryokutai) ---------------------------------------


def kyoryokutai_events_public() -> QuerySet[Event]:
    return events_public(EVENT_CATEGORY)


def event_seat_counts(events) -> dict[int, dict]:
    """Confirmed and waiting registrations of many events in one query, by event id."""
    rows = (
        Registration.objects.filter(event__in=[e.pk for e in events])
        .order_by()
        .values("event_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
    )
    return {row["event_id"]: row for row in rows}


def training_events() -> QuerySet[Event]:
    """Events a member can have attended: the published 協力隊 events, newest first."""
    return Event.objects.filter(category=EVENT_CATEGORY, is_published=True).order_by(
        "-starts_at", "-pk"
    )


# --- The register (personal data) ---------------------------------------------------------


def volunteer_scope(user) -> Q:
    if not permissions.can_view_register(user):
        return NOTHING
    return scope_q(user, municipality="municipality", bureau="bureau")


def volunteers_visible_to(user) -> QuerySet[Volunteer]:
    return (
        Volunteer.objects.filter(volunteer_scope(user))
        .select_related("municipality", "bureau", "settlement")
        .prefetch_related(_missions_prefetch())
    )


def volunteer_get_for(user, pk) -> Volunteer:
    volunteer = get_in_scope(
        Volunteer.objects.filter(volunteer_scope(user))
        .select_related("municipality__bureau", "bureau", "position", "settlement", "invitation")
        .prefetch_related(
            _missions_prefetch(),
            Prefetch("trainings", queryset=Event.objects.order_by("starts_at", "pk")),
        ),
        pk=pk,
    )
    if not permissions.can_view_volunteer(user, volunteer):
        raise Http404
    return volunteer


def volunteer_events(volunteer: Volunteer) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(volunteer).select_related("actor")


def posting_events(posting) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(posting).select_related("actor")


def volunteer_years_visible_to(user) -> list[int]:
    """The 年度 from the first term start to the last term end in the user's register
    (one aggregate query), for the year filters."""
    from portal.japanese import fiscal_year

    span = Volunteer.objects.filter(volunteer_scope(user)).aggregate(
        first=Min("term_start"), last=Max("term_end")
    )
    if span["first"] is None or span["last"] is None:
        return []
    first, last = fiscal_year(span["first"]), fiscal_year(span["last"])
    return list(range(last, max(first, last - 15) - 1, -1))


def terms_ending_soon(queryset: QuerySet[Volunteer], *, today=None) -> QuerySet[Volunteer]:
    today = _today(today)
    return queryset.filter(
        status__in=SERVING_STATUSES,
        term_end__gte=today,
        term_end__lte=today + dt.timedelta(days=TERM_END_NOTICE_DAYS),
    )


def ended_without_settlement(queryset: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    return queryset.filter(
        status__in=(VolunteerStatus.COMPLETED, VolunteerStatus.RESIGNED), settlement__isnull=True
    )


def followups_due(*, today=None) -> QuerySet[Settlement]:
    return Settlement.objects.filter(
        followup_due_on__lte=_today(today), followup_at__isnull=True
    ).select_related("volunteer__municipality")


def host_towns(bureau=None) -> QuerySet[Municipality]:
    """Municipalities with a 協力隊 member commissioned or active: the audience 「協力隊受入市町村」
    of a survey or a notice, limited to one bureau's area when given."""
    towns = Municipality.objects.filter(
        code__in=Volunteer.objects.filter(status__in=SERVING_STATUSES).values("municipality")
    )
    if bureau is not None:
        towns = towns.filter(bureau=bureau)
    return towns.select_related("bureau").order_by("bureau__order", "code")
