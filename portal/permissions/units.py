"""Who keeps an organisation's units (課・係) and people (#20): pure predicates.

An organisation is a municipality, a bureau or HQ. HQ keeps every organisation's units and
names each organisation's administrator (``User.is_org_admin``); that administrator keeps
their own organisation's units and their colleagues' units and positions. Municipal staff do
it on the portal (/organisation/), bureau officers in the admin.
"""

from __future__ import annotations

from ..models import Role
from . import is_active_user, is_hq


def organisation_key(user) -> tuple | None:
    """The organisation ``user`` belongs to, as (role, id); None for roles without one."""
    if not is_active_user(user):
        return None
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return (Role.MUNICIPAL, user.municipality_id)
    if user.role == Role.BUREAU and user.bureau_id:
        return (Role.BUREAU, user.bureau_id)
    if user.role == Role.HQ:
        return (Role.HQ, None)
    return None


def organisation_key_of_ids(municipality_id, bureau_id) -> tuple:
    """The organisation a row names by its municipality and bureau (neither: HQ), as
    ``organisation_key`` names a user's: compare the two to say whether they are one."""
    if municipality_id:
        return (Role.MUNICIPAL, municipality_id)
    if bureau_id:
        return (Role.BUREAU, bureau_id)
    return (Role.HQ, None)


def unit_organisation_key(unit) -> tuple:
    return organisation_key_of_ids(unit.municipality_id, unit.bureau_id)


def is_org_admin_of(user, key: tuple | None) -> bool:
    return (
        key is not None and getattr(user, "is_org_admin", False) and organisation_key(user) == key
    )


def can_view_organisation(user) -> bool:
    """The organisation page (who is where) is open to the municipality's own staff."""
    key = organisation_key(user)
    return key is not None and key[0] == Role.MUNICIPAL


def can_manage_units_of(user, key: tuple | None) -> bool:
    """Add, rename and deactivate the units of the organisation ``key``."""
    return is_hq(user) or is_org_admin_of(user, key)


def can_manage_unit(user, unit) -> bool:
    return can_manage_units_of(user, unit_organisation_key(unit))


def can_place_user(actor, user) -> bool:
    """Set ``user``'s unit and position: HQ (a superuser only by a superuser), or the
    administrator of ``user``'s organisation."""
    if user.is_superuser and not getattr(actor, "is_superuser", False):
        return False
    return is_hq(actor) or is_org_admin_of(actor, organisation_key(user))


def can_set_org_admin(actor) -> bool:
    """Only HQ names an organisation's administrators."""
    return is_hq(actor)
