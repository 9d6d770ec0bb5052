"""Who may do what with a strategy (#21): pure predicates on the objects' own keys.

- a 総合戦略 is the municipality's: its staff edit it; the officers of its bureau (and HQ)
  read it and advise on it, section by section, and the staff answer the advice;
- a regional policy is the 連携地域's: the officers of every bureau of the region edit it
  (several bureaus share one region), and HQ edits every region's.

``user.bureau`` is read for an officer's region: one query per request at most, as the
user object keeps it.
"""

from __future__ import annotations

from ..models import Role, StrategyKind
from . import is_active_user, is_hq, is_municipal_staff_of, is_staff_for_municipality


def officer_region_id(user) -> int | None:
    if not is_active_user(user) or user.role != Role.BUREAU or user.bureau_id is None:
        return None
    return user.bureau.region_id


def can_create_strategy(user, kind: str) -> bool:
    if kind in (StrategyKind.MUNICIPAL, StrategyKind.PLAN):
        return is_municipal_staff_of(user, getattr(user, "municipality_id", None))
    if kind == StrategyKind.REGIONAL:
        return is_hq(user) or officer_region_id(user) is not None
    return False


def can_edit_strategy(user, strategy) -> bool:
    if strategy.kind == StrategyKind.REGIONAL:
        return is_hq(user) or (
            officer_region_id(user) is not None and officer_region_id(user) == strategy.region_id
        )
    return is_municipal_staff_of(user, strategy.municipality_id)


def can_view_strategy(user, strategy) -> bool:
    """The working page (drafts included): the editors, and for a 総合戦略 the advisers."""
    return can_edit_strategy(user, strategy) or can_advise_strategy(user, strategy)


def can_advise_strategy(user, strategy) -> bool:
    """The bureau advises the municipality on its 総合戦略 (HQ may too); a regional policy
    is the bureaus' own and is not advised on."""
    if strategy.kind != StrategyKind.MUNICIPAL or strategy.municipality_id is None:
        return False
    return is_staff_for_municipality(user, strategy.municipality)


def can_answer_advice(user, strategy) -> bool:
    return strategy.kind == StrategyKind.MUNICIPAL and can_edit_strategy(user, strategy)
