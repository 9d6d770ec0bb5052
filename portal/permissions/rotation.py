"""Who may prepare and apply a roster change (人事異動), and whom it may move.

A municipality's own administrator (``is_org_admin``) moves its own staff within the
municipality, or out of it (退職・転出). HQ moves bureau and HQ staff between the bureaus and
HQ. Nobody else sees a batch (404).
"""

from __future__ import annotations

from ..models import Role
from . import is_active_user, is_hq


def is_municipal_org_admin(user) -> bool:
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and bool(user.municipality_id)
        and user.is_org_admin
    )


def can_prepare_rotation(user) -> bool:
    return is_hq(user) or is_municipal_org_admin(user)


def can_manage_batch(user, batch) -> bool:
    if batch.municipality_id:
        return is_municipal_org_admin(user) and user.municipality_id == batch.municipality_id
    return is_hq(user)


def can_move_person(batch, person) -> bool:
    """Whether ``person`` is staff of the batch's organisation (the actor's reach)."""
    if person is None or not person.is_active:
        return False
    if batch.municipality_id:
        return person.role == Role.MUNICIPAL and person.municipality_id == batch.municipality_id
    return person.role in (Role.BUREAU, Role.HQ) and not person.is_superuser


def can_move_to(batch, *, role: str, municipality_id=None, bureau_id=None) -> bool:
    """Whether the batch may move people into this organisation."""
    if batch.municipality_id:
        return role == Role.MUNICIPAL and municipality_id == batch.municipality_id
    return role in (Role.BUREAU, Role.HQ)
