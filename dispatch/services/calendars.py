"""Private iCal subscription links for a person's or a municipality's sessions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from .. import permissions
from ..models import CalendarFeed, Person


def _check(actor, person, municipality) -> None:
    if (person is None) == (municipality is None):
        raise ValueError("a feed belongs to a person or to a municipality")
    if person is not None:
        allowed = person.user_id == actor.pk or permissions.can_manage_person(actor, person)
    else:
        allowed = (
            actor.is_authenticated
            and actor.is_active
            and actor.role == "municipal"
            and actor.municipality_id == municipality.pk
        )
    if not allowed:
        raise PermissionDenied


def calendar_feed_create(*, actor, person: Person | None = None, municipality=None) -> CalendarFeed:
    """The subscription link of a person (themselves, or whoever keeps their entry) or of a
    municipality (its staff); the existing one if there is one."""
    _check(actor, person, municipality)
    lookup = {"person": person} if person is not None else {"municipality": municipality}
    try:
        with transaction.atomic():
            feed, _created = CalendarFeed.objects.get_or_create(
                **lookup, defaults={"created_by": actor}
            )
    except IntegrityError:
        feed = CalendarFeed.objects.get(**lookup)
    return feed


def calendar_feed_reset(*, actor, person: Person | None = None, municipality=None) -> CalendarFeed:
    """A new link; the old one stops working at once (e.g. it was shared by mistake)."""
    _check(actor, person, municipality)
    lookup = {"person": person} if person is not None else {"municipality": municipality}
    with transaction.atomic():
        CalendarFeed.objects.filter(**lookup).delete()
        return CalendarFeed.objects.create(**lookup, created_by=actor)
