"""Keeping an organisation's 決裁 routes: one route per kind of act, 0 to 4 steps."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import ApprovalRoute, ApprovalRouteStep, Unit
from ..models.kessai import MAX_STEPS, Delegation
from ..permissions.kessai import can_edit_routes
from ..workflow import Refusal, audit


def approval_route_set(
    *, kind: str, municipality_id=None, bureau_id=None, steps: list[dict], actor
) -> ApprovalRoute | None:
    """Set the organisation's route for ``kind`` to ``steps`` ([{"position", "unit_id"}]);
    no steps removes the route (the drafter alone decides again). Drafts already on their
    way keep the route they started with."""
    if not can_edit_routes(actor, municipality_id, bureau_id):
        raise Refusal(_("Only HQ or the organisation's administrator can change its routes."))
    if len(steps) > MAX_STEPS:
        raise ValidationError(_("A route has at most %(max)s steps.") % {"max": MAX_STEPS})
    unit_ids = {s["unit_id"] for s in steps if s.get("unit_id")}
    if unit_ids and Unit.objects.filter(
        pk__in=unit_ids, municipality_id=municipality_id, bureau_id=bureau_id
    ).count() != len(unit_ids):
        raise ValidationError(_("A step's unit must be one of the organisation's own."))
    with transaction.atomic():
        route = (
            ApprovalRoute.objects.select_for_update()
            .filter(kind=kind, municipality_id=municipality_id, bureau_id=bureau_id)
            .first()
        )
        before = [(s.position, s.unit_id) for s in route.steps.all()] if route else []
        if not steps:
            if route is not None:
                audit(route, actor=actor, action="route_removed", extra={"steps": before})
                route.delete()
            return None
        if route is None:
            route = ApprovalRoute.objects.create(
                kind=kind, municipality_id=municipality_id, bureau_id=bureau_id
            )
        route.steps.all().delete()
        ApprovalRouteStep.objects.bulk_create(
            ApprovalRouteStep(
                route=route, order=n, position=s["position"], unit_id=s.get("unit_id")
            )
            for n, s in enumerate(steps, start=1)
        )
        route.active = True
        route.save(update_fields=["active", "updated_at"])
        audit(
            route,
            actor=actor,
            action="route_set",
            extra={"before": before, "after": [(s["position"], s.get("unit_id")) for s in steps]},
        )
    return route


def delegation_save(*, user, form) -> None:
    """Save the stand-in a person names in ``form`` (a valid DelegationForm), audited."""
    delegation = form.save(commit=False)
    delegation.user = user
    delegation.save()
    audit(
        user,
        actor=user,
        action="delegation_set",
        extra={
            "stand_in": delegation.stand_in_id,
            "from": delegation.starts_on.isoformat(),
            "to": delegation.ends_on.isoformat(),
        },
    )


def delegation_remove(*, user, delegation_id) -> bool:
    """Remove one of ``user``'s own stand-ins; False for an id that is not one of theirs
    (or not a number: a crafted post), which the page answers with a message."""
    try:
        pk = int(str(delegation_id).strip())
    except (TypeError, ValueError):
        return False
    deleted, _rows = Delegation.objects.filter(user=user, pk=pk).delete()
    if deleted:
        audit(user, actor=user, action="delegation_removed", extra={"delegation": pk})
    return bool(deleted)
