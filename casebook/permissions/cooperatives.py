"""I3: who may do what with cooperatives: pure predicates on the objects' keys.

A cooperative's account sees and changes only its own cooperative; the bureau of the
cooperative's office (for its registration) or of the application's main municipality (for
its applications and notifications) reviews; HQ sees everything and certifies.
"""

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq


def can_register_cooperative(user) -> bool:
    """A signed-up account with no role registers its cooperative."""
    return is_active_user(user) and user.role in (Role.NONE, Role.COOPERATIVE)


def is_cooperative_user(user) -> bool:
    return is_active_user(user) and user.role == Role.COOPERATIVE


def owns(user, cooperative) -> bool:
    return is_cooperative_user(user) and cooperative.user_id == user.pk


def can_decide_registration(user, cooperative) -> bool:
    """HQ gives accounts their role (as for companies)."""
    return is_hq(user)


def is_reviewer_of(user, application) -> bool:
    """HQ, or an officer of the bureau reviewing the application."""
    return is_hq(user) or (
        application.bureau_id is not None and is_bureau_officer_of(user, application.bureau_id)
    )


def can_view_application(user, application) -> bool:
    return owns(user, application.cooperative) or (
        application.status != "draft" and is_reviewer_of(user, application)
    )


def can_edit_application(user, application) -> bool:
    return owns(user, application.cooperative) and application.is_editable


def can_view_notification(user, notification) -> bool:
    cooperative = notification.cooperative
    return owns(user, cooperative) or is_hq(user) or is_staff_of_cooperative(user, cooperative)


def is_staff_of_cooperative(user, cooperative) -> bool:
    return is_hq(user) or is_bureau_officer_of(user, cooperative.municipality.bureau_id)


def can_view_annual_report(user, report) -> bool:
    return can_view_notification(user, report)
