"""The grants pillar's part of a person's 引継ぎ list when they move (人事異動, #20).

In the person's charge (``selectors.work_queue.ASSIGNEE_PATHS``): applications they lead
(unassigned when they move, so that the bureau's 審査待ち queue shows them without an officer)
and applications they review (listed: their scores stay, the bureau reassigns). Also listed:
drafts they started that are not yet submitted.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import HandoverItem, HandoverProvider
from portal.workflow import audit

from ..models import Application
from ..models.applications import Status

CLOSED = (Status.REJECTED, Status.PAID, Status.CLOSED, Status.WITHDRAWN)
DRAFTS = (Status.DRAFT, Status.RETURNED, Status.MUNICIPAL_REVIEW)


def _item(application, kind, *, admin: bool, released: bool = False) -> HandoverItem:
    if admin:
        url = reverse("admin:grants_application_change", args=[application.pk])
    else:
        url = reverse("grants:application_detail", args=[application.pk])
    return HandoverItem(
        kind=kind,
        title=str(application),
        url=url,
        status=application.get_status_display(),
        released=released,
    )


def open_items(person) -> list[HandoverItem]:
    open_ = Application.objects.exclude(status__in=CLOSED).order_by("pk")
    items = [
        _item(a, _("Grant application led"), admin=True, released=True)
        for a in open_.filter(lead_officer=person)
    ]
    items += [
        _item(a, _("Grant application reviewed"), admin=True)
        for a in open_.filter(reviewer_assignments__reviewer=person).distinct()
    ]
    items += [
        _item(a, _("Grant application draft"), admin=False)
        for a in open_.filter(created_by=person, status__in=DRAFTS)
    ]
    return items


def release(person) -> int:
    with transaction.atomic():
        rows = list(
            Application.objects.select_for_update()
            .filter(lead_officer=person)
            .exclude(status__in=CLOSED)
        )
        for application in rows:
            application.lead_officer = None
            application.save(update_fields=["lead_officer"])
            audit(
                application,
                actor=None,
                action="rotation_release",
                extra={"person": person.pk},
            )
    return len(rows)


PROVIDER = HandoverProvider(key="grants.applications", open_items=open_items, release=release)
