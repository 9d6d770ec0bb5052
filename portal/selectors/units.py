"""Reads of units (課・係), the organisation page and the unit's shared inbox (#20).

Scope: HQ sees every organisation's units; a bureau officer their bureau's; municipal staff
their municipality's. The shared inbox of a unit is read by its own members only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from ..models import Notification, Role, Unit, User
from ..permissions.units import can_view_organisation, organisation_key
from . import NOTHING, get_in_scope, scope_q


def units_visible_to(user) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, municipality="municipality", bureau="bureau"))


def unit_get_for(user, pk) -> Unit:
    return get_in_scope(units_visible_to(user).select_related("parent"), pk=pk)


def units_of_organisation(key: tuple | None) -> QuerySet[Unit]:
    """The units of one organisation (see permissions.units.organisation_key)."""
    if key is None:
        return Unit.objects.none()
    role, pk = key
    if role == Role.MUNICIPAL:
        return Unit.objects.filter(municipality_id=pk)
    if role == Role.BUREAU:
        return Unit.objects.filter(bureau_id=pk)
    return Unit.objects.filter(municipality__isnull=True, bureau__isnull=True)


def people_of_organisation(key: tuple | None) -> QuerySet[User]:
    if key is None:
        return User.objects.none()
    role, pk = key
    people = User.objects.filter(role=role, is_active=True, is_superuser=False)
    if role == Role.MUNICIPAL:
        return people.filter(municipality_id=pk)
    if role == Role.BUREAU:
        return people.filter(bureau_id=pk)
    return people


@dataclass
class DivisionNode:
    unit: Unit
    members: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # [(Unit, [User])]


@dataclass
class OrganisationChart:
    divisions: list[DivisionNode]
    unplaced: list[User]
    people: list[User]


def organisation_chart(user) -> OrganisationChart:
    """The 課 of ``user``'s municipality with their 係 and members, and the staff without a
    unit. Three queries, whatever the size. Outside the municipal staff: 404."""
    from django.http import Http404

    if not can_view_organisation(user):
        raise Http404
    key = organisation_key(user)
    units = list(units_of_organisation(key).select_related("parent"))
    people = list(people_of_organisation(key).order_by("-position", "name", "pk"))
    by_unit: dict[int, list[User]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    divisions = {u.pk: DivisionNode(u, by_unit.get(u.pk, [])) for u in units if not u.parent_id}
    for unit in units:
        if unit.parent_id in divisions:
            divisions[unit.parent_id].sections.append((unit, by_unit.get(unit.pk, [])))
    known = {u.pk for u in units}
    unplaced = [p for p in people if p.unit_id not in known]
    return OrganisationChart(list(divisions.values()), unplaced, people)


def colleague_get_for(user, pk) -> User:
    """A person of ``user``'s own municipality (the organisation page's people): else 404."""
    if not can_view_organisation(user):
        return get_in_scope(User.objects.none(), pk=pk)
    return get_in_scope(
        people_of_organisation(organisation_key(user)).select_related("unit__parent"), pk=pk
    )


def organisation_unit_get_for(user, pk) -> Unit:
    """A unit of ``user``'s own municipality (the organisation page's units): else 404."""
    if not can_view_organisation(user):
        return get_in_scope(Unit.objects.none(), pk=pk)
    return get_in_scope(units_of_organisation(organisation_key(user)), pk=pk)


# --- The shared inbox -----------------------------------------------------------------------


def _inbox_q(user) -> Q:
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return NOTHING
    return Q(unit_id=user.unit_id)


def unit_inbox_for(user) -> QuerySet[Notification]:
    """The notifications of ``user``'s unit, each once (the first copy of a notification to
    several members stands for all), newest first; ``is_read`` when a member has read it."""
    rows = Notification.objects.filter(_inbox_q(user))
    firsts = rows.values("unit_key").annotate(first=Min("pk")).values("first")
    read = Notification.objects.filter(
        unit_id=OuterRef("unit_id"), unit_key=OuterRef("unit_key"), read_at__isnull=False
    )
    return (
        Notification.objects.filter(pk__in=firsts)
        .select_related("recipient")
        .annotate(is_read=Exists(read))
        .order_by("-created_at", "-id")
    )


def unit_inbox_unread_count(user) -> int:
    """How many of the unit's notifications no member has read yet."""
    return (
        Notification.objects.filter(_inbox_q(user))
        .values("unit_key")
        .annotate(read=Count("read_at"))
        .filter(read=0)
        .count()
    )
