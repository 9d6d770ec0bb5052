"""Materials of ふるさと納税 seminars and consultation sessions (kernel events of category
furusato), added after the event by the organisers. Registration, the waiting list,
reminders and attendance are the kernel's (portal.services.events)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Event
from portal.services.attachments import attachment_store, attachments_of
from portal.workflow import audit

from ..models.furusato import FURUSATO_EVENT_CATEGORY, EventMaterial
from ..permissions import applications as permissions


def event_material_add(*, event: Event, actor, title: str, upload, order: int = 0) -> EventMaterial:
    """Attach a handout or slide deck to a seminar the actor's bureau (or HQ) organised."""
    if event.category != FURUSATO_EVENT_CATEGORY:
        raise ValidationError(
            _("Materials are kept for ふるさと納税 events only."), code="category"
        )
    if not permissions.can_manage_event_materials(actor, event):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the material a title.")})
    with transaction.atomic():
        material = EventMaterial.objects.create(
            event=event, title=title, order=order, created_by=actor
        )
        attachment_store(upload=upload, owner=material, uploaded_by=actor, label=title)
        audit(event, actor=actor, action="add_material", extra={"material": material.pk})
    return material


def event_material_remove(*, material: EventMaterial, actor) -> None:
    if not permissions.can_manage_event_materials(actor, material.event):
        raise PermissionDenied
    with transaction.atomic():
        for attachment in attachments_of(material):
            attachment.file.delete(save=False)
            attachment.delete()
        audit(material.event, actor=actor, action="remove_material", comment=material.title)
        material.delete()
