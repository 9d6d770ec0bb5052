"""Writes on units (課・係) and on where people sit in them (#20).

HQ keeps every organisation's units; an organisation's administrator keeps its own. A unit
of another organisation is never accepted for a person or as a 課 above a 係, whichever
page the request came from. Every change is audited on the unit or the person.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ..models import Position, Unit, User
from ..permissions.units import (
    can_manage_units_of,
    can_place_user,
    can_set_org_admin,
    organisation_key,
    organisation_key_of_ids,
    unit_organisation_key,
)
from ..workflow import audit

UNIT_FIELDS = ("name", "email", "order")


def organisation_key_of(*, municipality=None, bureau=None) -> tuple:
    return organisation_key_of_ids(
        municipality.pk if municipality is not None else None,
        bureau.pk if bureau is not None else None,
    )


def unit_check_for_user(*, user: User, unit: Unit | None) -> None:
    """Raise ValidationError (on ``unit``) unless ``unit`` may hold ``user``: one of the
    units in use of the person's own organisation."""
    if unit is None:
        return
    key = organisation_key(user)
    if key is None or unit_organisation_key(unit) != key:
        raise ValidationError(
            {
                "unit": _(
                    "Choose a division or section of this person's own organisation: a unit "
                    "of another organisation cannot be chosen."
                )
            },
            code="other_organisation",
        )
    if not unit.is_active:
        raise ValidationError(
            {"unit": _("This unit is no longer in use. Choose a unit in use.")},
            code="inactive",
        )


def unit_check_parent(parent: Unit | None, key: tuple) -> None:
    if parent is None:
        return
    if unit_organisation_key(parent) != key or parent.parent_id or not parent.is_active:
        raise ValidationError(
            {"parent": _("Choose a division in use of the same organisation.")},
            code="parent",
        )


def _save_unique(unit: Unit, update_fields=None) -> None:
    duplicate = ValidationError(
        {"name": _("A unit with this name already exists here. Choose another name.")},
        code="duplicate",
    )
    # The database's constraint treats empty organisations as equal only where it can
    # (PostgreSQL's NULLS NOT DISTINCT, not SQLite): ask first, and catch the race.
    taken = Unit.objects.filter(
        municipality_id=unit.municipality_id,
        bureau_id=unit.bureau_id,
        parent_id=unit.parent_id,
        name=unit.name,
    ).exclude(pk=unit.pk)
    if taken.exists():
        raise duplicate
    try:
        with transaction.atomic():
            unit.save(update_fields=update_fields)
    except IntegrityError:
        raise duplicate from None


@transaction.atomic
def unit_create(
    *,
    actor: User,
    name: str,
    municipality=None,
    bureau=None,
    parent: Unit | None = None,
    email: str = "",
    order: int = 0,
) -> Unit:
    """Add a 課 (no ``parent``) or a 係 under ``parent`` to an organisation (``municipality``,
    ``bureau`` or neither for HQ). Precondition: the actor keeps that organisation's units.
    Audited as ``unit.created``."""
    key = organisation_key_of(municipality=municipality, bureau=bureau)
    if not can_manage_units_of(actor, key):
        raise PermissionDenied
    unit_check_parent(parent, key)
    unit = Unit(
        municipality=municipality,
        bureau=bureau,
        parent=parent,
        kind=Unit.Kind.SECTION if parent else Unit.Kind.DIVISION,
        name=name.strip(),
        email=email.strip().lower(),
        order=order,
    )
    _save_unique(unit)
    audit(unit, actor=actor, action="unit.created", extra={"name": unit.name})
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor: User, **values) -> Unit:
    """Rename a unit, change its shared mailbox or its order. Audited as ``unit.updated``
    with the old and new values; nothing changed, nothing written."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not can_manage_units_of(actor, unit_organisation_key(unit)):
        raise PermissionDenied
    if "name" in values:
        values["name"] = values["name"].strip()
    if "email" in values:
        values["email"] = values["email"].strip().lower()
    changes = {
        name: [getattr(unit, name), value]
        for name, value in values.items()
        if name in UNIT_FIELDS and getattr(unit, name) != value
    }
    if not changes:
        return unit
    for name, (_old, new) in changes.items():
        setattr(unit, name, new)
    _save_unique(unit, update_fields=list(changes))
    audit(unit, actor=actor, action="unit.updated", extra={"changes": changes})
    return unit


def unit_check_can_deactivate(unit: Unit) -> None:
    """Raise ValidationError while the unit holds people or 係 in use."""
    if unit.members.filter(is_active=True).exists():
        raise ValidationError(
            _("People still belong to this unit. Move them to another unit first."),
            code="has_members",
        )
    if unit.sections.filter(is_active=True).exists():
        raise ValidationError(
            _("Sections of this division are still in use. Take them out of use first."),
            code="has_sections",
        )


@transaction.atomic
def unit_set_active(*, unit: Unit, actor: User, active: bool) -> Unit:
    """Take a unit out of use, or back. A unit still holding people or 係 in use cannot be
    taken out of use (move them first), so nobody is left in a unit that no longer exists.
    A 係 comes back only under a 課 in use. Audited as ``unit.deactivated`` / ``unit.activated``."""
    unit = Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    if not can_manage_units_of(actor, unit_organisation_key(unit)):
        raise PermissionDenied
    if unit.is_active == active:
        return unit
    if not active:
        unit_check_can_deactivate(unit)
    elif unit.parent_id and not unit.parent.is_active:
        raise ValidationError(
            _("Its division is not in use. Put the division back in use first."),
            code="parent_inactive",
        )
    unit.is_active = active
    unit.save(update_fields=["is_active"])
    audit(unit, actor=actor, action="unit.activated" if active else "unit.deactivated")
    return unit


@transaction.atomic
def user_place(*, user: User, actor: User, unit: Unit | None, position: int) -> User:
    """Put ``user`` in ``unit`` (of their own organisation, in use) with ``position``.
    Precondition: HQ or the administrator of the person's organisation. Audited on the
    person as ``user.placed`` with the old and new unit and position."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not can_place_user(actor, user):
        raise PermissionDenied
    if position not in Position.values:
        raise ValidationError({"position": _("Choose a position.")}, code="position")
    if unit is None or unit.pk != user.unit_id:
        unit_check_for_user(user=user, unit=unit)
    old = (user.unit_id, user.position)
    new = (unit.pk if unit else None, int(position))
    if old == new:
        return user
    user.unit = unit
    user.position = int(position)
    user.save(update_fields=["unit", "position"])
    audit(
        user,
        actor=actor,
        action="user.placed",
        extra={"unit": [old[0], new[0]], "position": [old[1], new[1]]},
    )
    return user


@transaction.atomic
def user_set_org_admin(*, user: User, actor: User, value: bool) -> User:
    """Name (or stop naming) ``user`` an administrator of their organisation. HQ only.
    Audited as ``user.org_admin_set``."""
    if not can_set_org_admin(actor):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_org_admin == value:
        return user
    user.is_org_admin = value
    user.save(update_fields=["is_org_admin"])
    audit(user, actor=actor, action="user.org_admin_set", extra={"value": value})
    return user
