"""Private iCal subscription URLs: one per user, issued (and reissued) by their owner, stored
only as a hash, and revoked as soon as the owner no longer holds what it was issued for."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal.workflow import audit

from ..models import CalendarFeedToken
from ..permissions import requests as permissions
from ..selectors.requests import calendar_token_hash


def calendar_feed_token_issue(*, actor) -> tuple[CalendarFeedToken, str]:
    """Issue ``actor``'s subscription URL, or a new one in place of the old, which stops
    working at once (e.g. it was shared by mistake). Returns the row and the secret: only
    its hash is stored, so this is the one moment the owner can be shown the URL. The row
    records the role and scope held now; the feed is valid only while they still hold.
    Side effect: an audit event on the row."""
    if not permissions.can_subscribe_calendar(actor):
        raise PermissionDenied
    secret = secrets.token_urlsafe(32)
    fields = {"token_hash": calendar_token_hash(secret), **permissions.calendar_scope_of(actor)}
    with transaction.atomic():
        token = CalendarFeedToken.objects.select_for_update().filter(user=actor).first()
        if token is None:
            token = CalendarFeedToken.objects.create(user=actor, **fields)
            action = "calendar_url_issued"
        else:
            for name, value in fields.items():
                setattr(token, name, value)
            token.rotated_at = timezone.now()
            token.save(update_fields=[*fields, "rotated_at"])
            action = "calendar_url_reissued"
        audit(token, actor=actor, action=action, to_status=str(fields["issued_role"]))
    return token, secret


def calendar_feed_token_revoke(*, token: CalendarFeedToken, actor=None, reason: str = "") -> None:
    """Forget a subscription URL (its owner changed role or scope, or left): safe to call
    twice. ``actor`` is None when the feed itself finds the URL no longer holds."""
    with transaction.atomic():
        deleted, _rows = CalendarFeedToken.objects.filter(pk=token.pk).delete()
        if deleted:
            audit(token, actor=actor, action="calendar_url_revoked", comment=reason)
