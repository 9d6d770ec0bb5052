"""What each user must do next in the grants pillar (shown on my page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Role
from portal.registry import TodoItem

from ..models.applications import Status
from ..selectors.applications import applications_visible_to, overdue_reports

LIMIT = 20


def grant_todos(user) -> list[TodoItem]:
    if not user.is_authenticated:
        return []
    visible = applications_visible_to(user)
    if user.role in (Role.MUNICIPAL, Role.GROUP):
        items = _drafts_to_finish(user, visible)
        if user.role == Role.MUNICIPAL:
            items += _municipality_steps(user, visible)
        return items
    if user.role == Role.BUREAU:
        return _bureau_steps(user, visible)
    return []


def _drafts_to_finish(user, visible) -> list[TodoItem]:
    # Only what this user can edit: not partners' applications, not a group's own draft.
    own = visible.filter(status__in=[Status.DRAFT, Status.RETURNED])
    own = (
        own.filter(group_user=user)
        if user.role == Role.GROUP
        else own.filter(municipality_id=user.municipality_id, group_user__isnull=True)
    )
    items = []
    for app in own[:LIMIT]:
        label = (
            _("Resubmit the returned application")
            if app.status == Status.RETURNED
            else _("Finish and submit the application")
        )
        items.append(
            TodoItem(
                f"{label}: {app.title or app.call.title}",
                reverse("grants:application_detail", args=[app.pk]),
                app.call.closes_at if app.status == Status.DRAFT else None,
            )
        )
    return items


def _municipality_steps(user, visible) -> list[TodoItem]:
    """The municipality's own steps: forward a group's application, report, claim."""
    mine = visible.filter(municipality_id=user.municipality_id)
    items = []
    for app in mine.filter(status=Status.MUNICIPAL_REVIEW)[:LIMIT]:
        items.append(
            TodoItem(
                _("Review and forward the group's application: %(title)s") % {"title": app.title},
                reverse("grants:application_detail", args=[app.pk]),
            )
        )
    for app in mine.filter(status=Status.APPROVED)[:LIMIT]:
        items.append(
            TodoItem(
                _("Submit the performance report: %(title)s") % {"title": app.title},
                reverse("grants:application_detail", args=[app.pk]),
                app.report_due,
            )
        )
    for app in mine.filter(status=Status.AMOUNT_FIXED)[:LIMIT]:
        items.append(
            TodoItem(
                _("Claim the payment: %(title)s") % {"title": app.title},
                reverse("grants:application_detail", args=[app.pk]),
            )
        )
    return items


def _bureau_steps(user, visible) -> list[TodoItem]:
    items = []
    for app in visible.filter(
        status__in=[
            Status.SUBMITTED,
            Status.UNDER_REVIEW,
            Status.CHANGE_REQUESTED,
            Status.REPORT_SUBMITTED,
            Status.CLAIMED,
        ]
    )[:LIMIT]:
        items.append(
            TodoItem(
                f"{app.get_status_display()}: {app.reference} {app.title}",
                reverse("admin:grants_application_change", args=[app.pk]),
            )
        )
    for app in overdue_reports(user)[:LIMIT]:
        items.append(
            TodoItem(
                _("Report overdue: %(ref)s %(title)s") % {"ref": app.reference, "title": app.title},
                reverse("admin:grants_application_change", args=[app.pk]),
                app.report_due,
            )
        )
    return items
