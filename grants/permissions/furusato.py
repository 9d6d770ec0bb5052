"""Who may do what with ふるさと納税 consultations and portal-site records (#22). Pure
predicates on the objects' own keys; lists are scoped in selectors/furusato_*.py."""

from __future__ import annotations

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq, is_municipal_staff_of


def is_municipal_staff(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL


def can_publish_slots(user) -> bool:
    """Bureau officers (for their bureau) and HQ (for HQ or any bureau)."""
    return is_hq(user) or (is_active_user(user) and user.role == Role.BUREAU)


def can_manage_slot(user, slot) -> bool:
    if is_hq(user):
        return True
    return slot.bureau_id is not None and is_bureau_officer_of(user, slot.bureau_id)


def slot_is_offered_to(user, slot) -> bool:
    """A municipality is offered its own bureau's slots and HQ's."""
    if not is_municipal_staff(user) or not slot.is_published:
        return False
    return slot.bureau_id is None or slot.bureau_id == user.municipality.bureau_id


def can_view_booking(user, booking) -> bool:
    if is_municipal_staff_of(user, booking.municipality_id):
        return True
    return can_manage_slot(user, booking.slot)


def can_cancel_booking(user, booking) -> bool:
    return is_municipal_staff_of(user, booking.municipality_id)


def can_edit_portal_records(user, municipality_id) -> bool:
    """A municipality keeps its own sites and figures; bureau officers and HQ correct
    figures in the admin."""
    return is_municipal_staff_of(user, municipality_id)


def can_view_donation_figures(user) -> bool:
    return is_hq(user) or (is_active_user(user) and user.role in (Role.BUREAU, Role.MUNICIPAL))


def can_record_campaigns(user) -> bool:
    """Bureau officers (campaigns of their municipalities) and HQ."""
    return can_publish_slots(user)
