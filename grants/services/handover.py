"""The grants pillar's part of a person's 引継ぎ list when they move (人事異動, #20).

In the person's charge (``selectors.work_queue.ASSIGNEE_PATHS``): applications they lead and
applications they review. When they move, the lead officer is unassigned, and so is a
reviewer who has not scored yet (the bureau's 審査待ち queue then shows the application
without them); a reviewer's scores are never thrown away, so an assignment with scores stays
and is listed for the bureau to decide. Also listed: drafts they started.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import HandoverItem, HandoverProvider
from portal.workflow import audit

from ..models import Application, ReviewerAssignment
from ..models.applications import Status
from ..selectors.work_queue import REVIEW_STATUSES

CLOSED = (Status.REJECTED, Status.PAID, Status.CLOSED, Status.WITHDRAWN)
DRAFTS = (Status.DRAFT, Status.RETURNED, Status.MUNICIPAL_REVIEW)


def _item(application, kind, *, admin: bool, released: bool = False) -> HandoverItem:
    name = "admin:grants_application_change" if admin else "grants:application_detail"
    return HandoverItem(
        kind=kind,
        title=str(application),
        url=reverse(name, args=[application.pk]),
        status=application.get_status_display(),
        released=released,
    )


def _reviews(person):
    return (
        ReviewerAssignment.objects.filter(reviewer=person)
        .exclude(application__status__in=CLOSED)
        .select_related("application")
        .annotate(scored=Count("scores"))
        .order_by("application_id")
    )


def _releasable(assignment) -> bool:
    return assignment.scored == 0 and assignment.application.status in REVIEW_STATUSES


def open_items(person) -> list[HandoverItem]:
    open_ = Application.objects.exclude(status__in=CLOSED).order_by("pk")
    items = [
        _item(a, _("Grant application led"), admin=True, released=True)
        for a in open_.filter(lead_officer=person)
    ]
    items += [
        _item(r.application, _("Grant application reviewed"), admin=True, released=_releasable(r))
        for r in _reviews(person)
    ]
    items += [
        _item(a, _("Grant application draft"), admin=False)
        for a in open_.filter(created_by=person, status__in=DRAFTS)
    ]
    return items


def release(person) -> int:
    with transaction.atomic():
        led = list(
            Application.objects.select_for_update()
            .filter(lead_officer=person)
            .exclude(status__in=CLOSED)
        )
        for application in led:
            application.lead_officer = None
            application.save(update_fields=["lead_officer"])
            audit(application, actor=None, action="rotation_release", extra={"person": person.pk})
        reviews = [r for r in _reviews(person) if _releasable(r)]
        for review in reviews:
            audit(
                review.application,
                actor=None,
                action="rotation_release",
                extra={"person": person.pk, "reviewer": True},
            )
            review.delete()
    return len(led) + len(reviews)


PROVIDER = HandoverProvider(key="grants.applications", open_items=open_items, release=release)
