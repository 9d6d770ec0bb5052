"""Designating HQ staff as casebook editors (they review and publish)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Role
from portal.workflow import audit

from ..models import Editor
from ..permissions import case_studies as permissions


def editor_appoint(*, user, actor, note: str = "") -> Editor:
    """Make an HQ user an editor. Safe to call twice."""
    if not permissions.can_designate_editors(actor):
        raise PermissionDenied
    if user.role != Role.HQ or not user.is_active:
        raise ValidationError(
            {"user": ValidationError(_("Only active HQ staff can be editors."), code="not_hq")}
        )
    with transaction.atomic():
        editor, created = Editor.objects.get_or_create(
            user=user, defaults={"appointed_by": actor, "note": note}
        )
        if created:
            audit(user, actor=actor, action="casebook_editor_appointed", comment=note)
    user._casebook_editor = True
    return editor


def editor_revoke(*, editor: Editor, actor) -> None:
    if not permissions.can_designate_editors(actor):
        raise PermissionDenied
    with transaction.atomic():
        user = editor.user
        editor.delete()
        audit(user, actor=actor, action="casebook_editor_revoked")
    user._casebook_editor = False
