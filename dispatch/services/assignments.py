"""Assigning people to an approved request, releasing them, and the dispatch notice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import wareki_date
from portal.workflow import InvalidTransition, audit, run_transition

from ..matching import ELIGIBLE_KINDS
from ..models import Assignment, DispatchRequest, Person, Status
from ..permissions import requests as permissions
from ..selectors.requests import with_request_scope
from ..workflows.requests import REQUEST_WORKFLOW
from .common import notify_municipality, notify_people


def _history_date(day) -> str:
    """Histories are written once, in the portal's language."""
    return wareki_date(day, language=settings.LANGUAGE_CODE)


def overlapping_assignments(person_id: int, starts_on: dt.date, ends_on: dt.date):
    """Live assignments of the person whose period shares at least one day with this one."""
    return Assignment.objects.filter(
        person_id=person_id,
        cancelled_at__isnull=True,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    ).select_related("request__municipality")


def overlap_message(person: Person, other: Assignment) -> str:
    """Why the person cannot be assigned; ``other`` is read through ``with_request_scope``
    for the officer assigning, who learns what the other work is only if they may open
    its request (otherwise: a period and 予定あり, as on the roster)."""
    if not other.in_scope:
        return _(
            "%(name)s is busy from %(start)s to %(end)s (another assignment). "
            "Assignments of one person cannot overlap: choose another period or another person."
        ) % {
            "name": person.name,
            "start": wareki_date(other.starts_on),
            "end": wareki_date(other.ends_on),
        }
    return _(
        "%(name)s is already assigned from %(start)s to %(end)s (%(ref)s, %(municipality)s). "
        "Assignments of one person cannot overlap: choose another period or another person."
    ) % {
        "name": person.name,
        "start": wareki_date(other.starts_on),
        "end": wareki_date(other.ends_on),
        "ref": other.request.reference,
        "municipality": other.request.municipality.display_name,
    }


def dispatch_request_assign(
    *,
    request: DispatchRequest,
    actor,
    people: list[Person],
    starts_on: dt.date,
    ends_on: dt.date,
    lead: Person | None = None,
    note: str = "",
) -> list[Assignment]:
    """Assign one or several people to an approved request (or add people to one under way).

    Each person's row is locked (in id order, so two officers cannot deadlock) before their
    other assignments are checked: two assignments of one person can never overlap, even
    when two officers assign the same person at the same moment. The first assignment moves
    the request to "support under way". Side effects: the people and the municipality are
    notified.
    """
    if not permissions.is_bureau_staff_for(actor, request):
        raise PermissionDenied
    if not people:
        raise ValidationError({"people": _("Choose at least one person.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end must not be before the start.")})
    if lead is not None and lead not in people:
        raise ValidationError({"lead": _("The lead must be one of the people assigned.")})
    with transaction.atomic():
        locked = DispatchRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in (Status.APPROVED, Status.ASSIGNED):
            raise InvalidTransition(
                _("People can be assigned once the request is approved (status: %(status)s).")
                % {"status": locked.get_status_display()}
            )
        persons = list(
            Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]).order_by("pk")
        )
        errors = []
        for person in persons:
            if not person.is_active:
                errors.append(
                    ValidationError(
                        _("%(name)s is not available for dispatch.") % {"name": person.name},
                        code="inactive",
                    )
                )
                continue
            if person.kind not in ELIGIBLE_KINDS[locked.kind]:
                errors.append(
                    ValidationError(
                        _("%(name)s (%(kind)s) cannot be dispatched for %(request_kind)s.")
                        % {
                            "name": person.name,
                            "kind": person.get_kind_display(),
                            "request_kind": locked.get_kind_display(),
                        },
                        code="kind",
                    )
                )
                continue
            if locked.assignments.filter(person=person, cancelled_at__isnull=True).exists():
                errors.append(
                    ValidationError(
                        _("%(name)s is already assigned to this request.") % {"name": person.name},
                        code="duplicate",
                    )
                )
                continue
            other = with_request_scope(
                overlapping_assignments(person.pk, starts_on, ends_on), actor
            ).first()
            if other is not None:
                errors.append(ValidationError(overlap_message(person, other), code="overlap"))
        if errors:
            raise ValidationError(errors)
        if lead is not None:
            locked.assignments.filter(cancelled_at__isnull=True, is_lead=True).update(is_lead=False)
        created = [
            Assignment.objects.create(
                request=locked,
                person=person,
                starts_on=starts_on,
                ends_on=ends_on,
                is_lead=lead is not None and person.pk == lead.pk,
                note=note,
                assigned_by=actor,
            )
            for person in persons
        ]
        if locked.status == Status.APPROVED:
            now = timezone.now()

            def apply(obj):
                obj.assigned_at = now
                return ["assigned_at"]

            run_transition(
                REQUEST_WORKFLOW,
                locked,
                "assign",
                actor=actor,
                allowed=lambda obj: permissions.is_bureau_staff_for(actor, obj),
                apply=apply,
            )
        for assignment in created:
            audit(
                locked,
                actor=actor,
                action="assign_person",
                comment=f"{assignment.person.name} "
                f"{_history_date(starts_on)}–{_history_date(ends_on)}",
                extra={"assignment": assignment.pk, "person": assignment.person_id},
            )
        key = "-".join(str(a.pk) for a in created)
        notify_people(
            locked,
            persons,
            kind="assigned",
            subject=gettext_lazy("You are assigned: %(ref)s %(title)s (%(municipality)s)"),
            template="dispatch/email/assigned_person.txt",
            key=f"assigned:{key}",
            extra={"starts_on": starts_on, "ends_on": ends_on},
        )
        notify_municipality(
            locked,
            kind="assigned",
            subject=gettext_lazy("Support request %(ref)s: people assigned"),
            template="dispatch/email/assigned.txt",
            key=f"assigned:{key}",
            extra={"people": persons, "starts_on": starts_on, "ends_on": ends_on},
        )
    return created


def assignment_release(*, assignment: Assignment, actor, reason: str) -> Assignment:
    """Take a person off a request (e.g. illness): the assignment stays in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the release.")})
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update().select_related("request").get(pk=assignment.pk)
        )
        if not permissions.is_bureau_staff_for(actor, locked.request):
            raise PermissionDenied
        if locked.cancelled_at is not None:
            return locked
        if locked.request.status not in (Status.APPROVED, Status.ASSIGNED):
            raise InvalidTransition
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor
        locked.cancel_reason = reason
        locked.is_lead = False
        locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "is_lead"])
        audit(
            locked.request,
            actor=actor,
            action="release_person",
            comment=f"{locked.person.name}: {reason}",
            extra={"assignment": locked.pk, "person": locked.person_id},
        )
        notify_people(
            locked.request,
            [locked.person],
            kind="released",
            subject=gettext_lazy("Assignment ended: %(ref)s %(title)s (%(municipality)s)"),
            template="dispatch/email/released.txt",
            key=f"released:{locked.pk}",
            extra={"reason": reason},
        )
    return locked
