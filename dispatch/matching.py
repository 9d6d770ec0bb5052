"""Suggesting people for a request: ranked by skill match, area and load, each suggestion
with its reasons in words (which skills matched, current assignments, availability).

The score is out of 100 and deliberately simple, so an officer can check it by hand:
- skills: 50 × (wanted skills the person has) / (skills wanted);
- area: 20 if the person covers the request's bureau, 10 if they cover all Hokkaido;
- load: 20 × (free places) / (capacity), counting current and coming assignments;
- availability: 10 if recorded periods cover the whole period, 5 if they cover part of it
  or none is recorded, 0 if recorded periods leave it out or the person is assigned
  elsewhere in it.
Someone already assigned elsewhere in the period cannot be assigned (assignments of one
person never overlap): they are listed last, with the clash, so the officer sees why.
Each candidate gets one verdict on the period (``availability``): being assigned
elsewhere outranks whatever availability they recorded, so the page never says both
"available for the whole period" and "cannot be assigned in this period".
Ties go to the less loaded, then by name.

The officer sees the person's other work only as far as they may open its request: other
bureaus' assignments are shown as a period and 予定あり (busy), nothing more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from .models import Assignment, DispatchRequest, Kind, Person, PersonKind
from .selectors.requests import Commitment, commitments, with_request_scope

# Who may be dispatched for what: 地域振興派遣 is a prefectural staff member.
ELIGIBLE_KINDS = {
    Kind.REGIONAL: frozenset({PersonKind.STAFF}),
    Kind.VISIT: frozenset({PersonKind.STAFF, PersonKind.ADVISOR}),
    Kind.DX: frozenset({PersonKind.ADVISOR, PersonKind.STAFF}),
}

SKILL_POINTS = 50
AREA_POINTS = 20
AREA_ALL_POINTS = 10
LOAD_POINTS = 20
AVAILABLE_POINTS = 10
PARTLY_AVAILABLE_POINTS = 5

# The verdict of a person already assigned elsewhere in the period.
ASSIGNED_ELSEWHERE = "assigned"


@dataclass
class Suggestion:
    person: Person
    score: int
    matched: list = field(default_factory=list)  # skills wanted that the person has
    missing: list = field(default_factory=list)  # skills wanted that the person lacks
    area: str = "other"  # "bureau", "all" or "other"
    load: int = 0
    current: list = field(default_factory=list)  # live assignments, current or coming
    # The one verdict on the period: ASSIGNED_ELSEWHERE, "full", "partial", "unknown", "none".
    availability: str = "unknown"
    clashes: list = field(default_factory=list)  # assignments overlapping the period
    # The same two lists as the viewer may see them (Commitment: busy outside their scope).
    current_seen: list[Commitment] = field(default_factory=list)
    clashes_seen: list[Commitment] = field(default_factory=list)

    @property
    def can_assign(self) -> bool:
        return self.availability != ASSIGNED_ELSEWHERE

    @property
    def over_capacity(self) -> bool:
        return self.load >= self.person.capacity


def default_period(request: DispatchRequest, today: dt.date | None = None):
    today = today or timezone.localdate()
    start = request.preferred_start or today
    end = request.preferred_end or start
    return start, max(start, end)


def _availability(periods, start: dt.date, end: dt.date) -> str:
    """How much of [start, end] the recorded periods cover (merged as intervals, so a long
    period costs no more than a short one)."""
    if not periods:
        return "unknown"
    clipped = sorted(
        (max(p.starts_on, start), min(p.ends_on, end))
        for p in periods
        if p.starts_on <= end and p.ends_on >= start
    )
    covered, reach = 0, None
    for first, last in clipped:
        if reach is not None and first <= reach:
            if last > reach:
                covered += (last - reach).days
                reach = last
            continue
        covered += (last - first).days + 1
        reach = last
    if covered == (end - start).days + 1:
        return "full"
    return "partial" if covered else "none"


def availability_verdict(periods, clashes, start: dt.date, end: dt.date) -> str:
    """The one verdict on whether the person can take [start, end]: assigned elsewhere in
    it (whatever their recorded availability), else how much their recorded periods cover."""
    if clashes:
        return ASSIGNED_ELSEWHERE
    return _availability(periods, start, end)


def candidates_for(
    request: DispatchRequest, *, start: dt.date, end: dt.date, today=None, viewer=None
):
    """People who could be dispatched for the request, with what the ranking needs
    prefetched: a fixed number of queries however long the roster is. With a ``viewer``,
    each live assignment says whether the viewer may open its request."""
    today = today or timezone.localdate()
    live = Assignment.objects.filter(
        cancelled_at__isnull=True, ends_on__gte=min(today, start)
    ).select_related("request__municipality")
    if viewer is not None:
        live = with_request_scope(live, viewer)
    assigned_here = Assignment.objects.filter(request=request, cancelled_at__isnull=True).values(
        "person_id"
    )
    return (
        Person.objects.filter(is_active=True, kind__in=ELIGIBLE_KINDS[request.kind])
        .exclude(pk__in=assigned_here)
        .prefetch_related(
            "skills",
            "areas",
            "availabilities",
            Prefetch("assignments", queryset=live, to_attr="live_assignments"),
        )
    )


def suggest(
    request: DispatchRequest,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
    wanted=None,
    viewer=None,
) -> list[Suggestion]:
    """Every eligible person, best first; with a ``viewer``, each suggestion also carries
    its assignments as that viewer may see them (``current_seen``, ``clashes_seen``)."""
    today = today or timezone.localdate()
    default_start, default_end = default_period(request, today)
    start = start or default_start
    end = max(end or default_end, start)
    wanted = list(wanted if wanted is not None else request.skills.all())
    wanted_ids = {s.pk for s in wanted}
    suggestions = []
    people = candidates_for(request, start=start, end=end, today=today, viewer=viewer)
    for person in people:
        skills = {s.pk for s in person.skills.all()}
        matched = [s for s in wanted if s.pk in skills]
        missing = [s for s in wanted if s.pk not in skills]
        area_ids = {b.pk for b in person.areas.all()}
        if request.bureau_id in area_ids:
            area, area_points = "bureau", AREA_POINTS
        elif not area_ids:
            area, area_points = "all", AREA_ALL_POINTS
        else:
            area, area_points = "other", 0
        current = [a for a in person.live_assignments if a.ends_on >= today]
        clashes = [a for a in person.live_assignments if a.starts_on <= end and a.ends_on >= start]
        load = len(current)
        current = sorted(current, key=lambda a: (a.starts_on, a.pk))
        free = max(person.capacity - load, 0)
        availability = availability_verdict(list(person.availabilities.all()), clashes, start, end)
        skill_points = round(SKILL_POINTS * len(matched) / len(wanted_ids)) if wanted_ids else 0
        load_points = round(LOAD_POINTS * free / person.capacity)
        availability_points = {
            "full": AVAILABLE_POINTS,
            "partial": PARTLY_AVAILABLE_POINTS,
            "unknown": PARTLY_AVAILABLE_POINTS,
            "none": 0,
            ASSIGNED_ELSEWHERE: 0,
        }[availability]
        suggestions.append(
            Suggestion(
                person=person,
                score=skill_points + area_points + load_points + availability_points,
                matched=matched,
                missing=missing,
                area=area,
                load=load,
                current=current,
                availability=availability,
                clashes=clashes,
                current_seen=commitments(current) if viewer is not None else [],
                clashes_seen=commitments(clashes) if viewer is not None else [],
            )
        )
    suggestions.sort(
        key=lambda s: (
            not s.can_assign,
            -s.score,
            s.load,
            s.person.kana or s.person.name,
            s.person.pk,
        )
    )
    return suggestions
