"""Who may do what in the casebook: pure predicates on the objects' keys.

Bureau officers draft case studies for their bureau's municipalities; HQ editors (an
``Editor`` designation of an HQ user) review, publish, schedule and archive; municipal staff
propose case studies of their municipality. The public sees published content only.
"""

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq

from ..models.choices import IssueStatus, Status


def is_editor(user) -> bool:
    """An HQ user designated as casebook editor (superusers always are). The answer is kept
    on the user object for the request."""
    if not is_hq(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_casebook_editor", None)
    if cached is None:
        from ..models import Editor

        cached = Editor.objects.filter(user_id=user.pk).exists()
        user._casebook_editor = cached
    return cached


def can_designate_editors(user) -> bool:
    return is_hq(user)


def can_create_case_study(user) -> bool:
    return is_active_user(user) and (user.role == Role.BUREAU or is_editor(user))


def can_draft_for_municipality(user, municipality) -> bool:
    return is_editor(user) or is_bureau_officer_of(user, municipality.bureau_id)


def can_edit_case_study(user, case_study) -> bool:
    """Editors edit at any stage but archived (a published case study keeps its URL); the
    bureau's officers edit their drafts."""
    if case_study.status == Status.ARCHIVED:
        return False
    if is_editor(user):
        return True
    return case_study.status == Status.DRAFT and is_bureau_officer_of(user, case_study.bureau_id)


def can_submit_case_study(user, case_study) -> bool:
    return case_study.status == Status.DRAFT and (
        is_editor(user) or is_bureau_officer_of(user, case_study.bureau_id)
    )


def can_review_case_study(user, case_study) -> bool:
    """Return, publish, schedule, archive and restore: editors only."""
    return is_editor(user)


def can_view_case_study(user, case_study) -> bool:
    if case_study.status == Status.PUBLISHED:
        return True
    if is_hq(user) or is_bureau_officer_of(user, case_study.bureau_id):
        return True
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id == case_study.municipality_id
    )


def can_propose_case_study(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


def can_edit_issue(user, issue=None) -> bool:
    return is_editor(user)


def can_view_issue(user, issue) -> bool:
    return issue.status == IssueStatus.PUBLISHED or is_hq(user)


def can_view_photo(user, photo) -> bool:
    if photo.case_study_id is not None:
        return can_view_case_study(user, photo.case_study)
    if photo.issue_id is not None:
        return can_view_issue(user, photo.issue)
    return False


def photo_is_public(photo) -> bool:
    if photo.case_study_id is not None:
        return photo.case_study.status == Status.PUBLISHED
    if photo.issue_id is not None:
        return photo.issue.status == IssueStatus.PUBLISHED
    return False
