"""The official seal (公印) rule of a bureau's notices, set by HQ in the admin."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import permissions
from ..models import OfficialSeal
from ..workflow import audit


def official_seal_save(*, seal: OfficialSeal, actor) -> OfficialSeal:
    """Create or change a bureau's seal rule (HQ only). Notices issued from now on follow
    it; notices already issued keep the seal they were issued with (their HTML is stored).
    The audit history says who changed the seal and when."""
    if not permissions.is_hq(actor):
        raise PermissionDenied
    creating = seal.pk is None
    seal.updated_by = actor
    with transaction.atomic():
        seal.save()
        audit(
            seal,
            actor=actor,
            action="create" if creating else "update",
            extra={"bureau": seal.bureau.code, "mode": seal.mode},
        )
    return seal
