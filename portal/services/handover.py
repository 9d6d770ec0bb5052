"""The 引継ぎ list of a person who moves (人事異動): their open items across the portal, from
the hand-over providers the kernel and the pillars register (``portal.registry``).

The kernel's own provider: consultations in the person's charge (unassigned when they move,
so that the desk's list shows them as waiting) and the open questions they asked.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import registry
from ..models import Consultation
from ..workflow import audit


def handover_snapshot(person, *, release: bool = False) -> list[dict]:
    """The person's open items as plain data (kept on the move); with ``release``, those in
    their charge are unassigned."""
    items = []
    for provider in registry.handover_providers():
        items.extend(
            {
                "kind": str(item.kind),
                "title": str(item.title),
                "url": item.url,
                "status": str(item.status),
                "released": item.released,
            }
            for item in provider.open_items(person)
        )
        if release and provider.release is not None:
            provider.release(person)
    return items


def _open_consultations(person) -> list[registry.HandoverItem]:
    open_ = ~Q(status=Consultation.Status.CLOSED)
    rows = Consultation.objects.filter(open_ & (Q(assigned_to=person) | Q(asker=person))).order_by(
        "pk"
    )
    return [
        registry.HandoverItem(
            kind=_("Consultation in charge")
            if c.assigned_to_id == person.pk
            else _("Consultation asked"),
            title=str(c),
            url=reverse("portal:consultation_detail", args=[c.pk]),
            status=c.get_status_display(),
            released=c.assigned_to_id == person.pk,
        )
        for c in rows
    ]


def _release_consultations(person) -> int:
    rows = list(
        Consultation.objects.select_for_update()
        .filter(assigned_to=person)
        .exclude(status=Consultation.Status.CLOSED)
    )
    for consultation in rows:
        consultation.assigned_to = None
        consultation.save(update_fields=["assigned_to"])
        audit(
            consultation,
            actor=None,
            action="rotation_release",
            extra={"person": person.pk},
        )
    return len(rows)


def register_kernel_handover() -> None:
    registry.register_handover_provider(
        registry.HandoverProvider(
            key="portal.consultations",
            open_items=_open_consultations,
            release=_release_consultations,
        )
    )
