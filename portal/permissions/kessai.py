"""Who sees a 決裁 and who may stamp its steps (pure predicates, no queries beyond the
objects' own loaded relations: the drafter's unit must be selected with the draft)."""

from __future__ import annotations

from ..models import Position, Role
from .units import organisation_key, organisation_key_of_ids


def same_organisation(user, municipality_id, bureau_id) -> bool:
    """Whether ``user`` belongs to the organisation (a municipality, a bureau or HQ)."""
    key = organisation_key(user)
    return key is not None and key == organisation_key_of_ids(municipality_id, bureau_id)


def can_view_kessai(user, kessai) -> bool:
    """The organisation's own people, and HQ (which reads every office's records)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.HQ or user.is_superuser:
        return True
    return same_organisation(user, kessai.municipality_id, kessai.bureau_id)


def step_unit_id(kessai, step: dict) -> int | None:
    """The unit whose holder of the step's position approves; None for the head of the
    organisation (anywhere in it). The 係長 of the drafter's 係, the 課長 of its 課."""
    if step.get("unit_id"):
        return step["unit_id"]
    if step["position"] >= Position.HEAD:
        return None
    unit = kessai.drafter_unit
    if unit is None:
        return -1  # nobody: a drafter without a unit has no chain
    if step["position"] >= Position.MANAGER and unit.parent_id:
        return unit.parent_id
    return unit.pk


def is_step_holder(user, kessai, index: int) -> bool:
    """Whether ``user`` holds the position that approves step ``index`` of ``kessai``."""
    if index < 0 or index >= len(kessai.steps):
        return False
    step = kessai.steps[index]
    if not same_organisation(user, kessai.municipality_id, kessai.bureau_id):
        return False
    if user.position != step["position"]:
        return False
    unit_id = step_unit_id(kessai, step)
    return unit_id is None or user.unit_id == unit_id


def drafter_satisfies(step: dict, drafter) -> bool:
    """A step in the drafter's own chain at or below their position is theirs already (a
    課長 drafting needs no 係長's approval)."""
    return not step.get("unit_id") and drafter.position >= step["position"]


def can_edit_routes(user, municipality_id, bureau_id) -> bool:
    """HQ keeps every organisation's routes; an organisation's administrator its own."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.HQ or user.is_superuser:
        return True
    return user.is_org_admin and same_organisation(user, municipality_id, bureau_id)
