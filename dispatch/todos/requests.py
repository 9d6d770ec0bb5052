"""What each user must do next in the human-support pillar (shown on my page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.japanese import wareki_date
from portal.models import Role
from portal.registry import TodoItem

from ..models import Status
from ..permissions import requests as permissions
from ..selectors import requests as selectors

LIMIT = 20


def dispatch_todos(user) -> list[TodoItem]:
    if not user.is_authenticated:
        return []
    items: list[TodoItem] = []
    visible = selectors.requests_visible_to(user)
    if user.role == Role.MUNICIPAL:
        own = visible.filter(municipality_id=user.municipality_id)
        for obj in own.filter(status__in=[Status.DRAFT, Status.RETURNED])[:LIMIT]:
            label = (
                _("Add the information the bureau asks for and resubmit")
                if obj.status == Status.RETURNED
                else _("Finish and submit the support request")
            )
            items.append(
                TodoItem(
                    f"{label}: {obj.title or _('(untitled)')}",
                    reverse("dispatch:request_detail", args=[obj.pk]),
                )
            )
        for report in selectors.reports_to_confirm(user)[:LIMIT]:
            items.append(
                TodoItem(
                    _("Confirm the activity report of %(name)s (%(date)s)")
                    % {"name": report.person.name, "date": wareki_date(report.session.date)},
                    reverse("dispatch:report_confirm", args=[report.pk]),
                )
            )
    elif user.role == Role.BUREAU:
        mine = visible.filter(bureau_id=user.bureau_id)
        for obj in mine.filter(status=Status.SUBMITTED)[:LIMIT]:
            items.append(
                TodoItem(
                    _("Decide on the support request %(ref)s %(title)s")
                    % {"ref": obj.reference, "title": obj.title},
                    reverse("dispatch:request_detail", args=[obj.pk]),
                )
            )
        for obj in mine.filter(status=Status.APPROVED)[:LIMIT]:
            items.append(
                TodoItem(
                    _("Assign people to %(ref)s %(title)s")
                    % {"ref": obj.reference, "title": obj.title},
                    reverse("dispatch:request_candidates", args=[obj.pk]),
                )
            )
    person = permissions.person_of(user)
    if person is not None:
        for session in selectors.reports_to_file(person)[:LIMIT]:
            items.append(
                TodoItem(
                    _("File the activity report of %(date)s (%(municipality)s)")
                    % {
                        "date": wareki_date(session.date),
                        "municipality": session.request.municipality.name,
                    },
                    reverse("dispatch:report_create", args=[session.pk]),
                )
            )
        for report in selectors.reports_returned(person)[:LIMIT]:
            items.append(
                TodoItem(
                    _("Correct and resubmit the activity report of %(date)s (%(municipality)s)")
                    % {
                        "date": wareki_date(report.session.date),
                        "municipality": report.session.request.municipality.name,
                    },
                    reverse("dispatch:report_correct", args=[report.pk]),
                )
            )
    return items
