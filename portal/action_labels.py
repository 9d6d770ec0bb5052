"""The labels of audit actions: what histories and the audit list show instead of a code.

Kept apart from ``portal.workflow`` (which imports the models) so that the models can label
their own rows without an import cycle."""

from django.utils.translation import gettext_lazy as _

# Audit actions that are not transitions of a table (creation, assignment …).
COMMON_ACTION_LABELS = {
    "submit": _("Submitted"),
    "open": _("Opened"),
    "assign": _("Assigned"),
    "set_role": _("Role changed"),
    "create": _("Created"),
    "edit": _("Edited"),
    "update": _("Updated"),
    "delete": _("Deleted"),
    "comment": _("Commented"),
    "document": _("Document issued"),
    "attach": _("File attached"),
    "change_email": _("E-mail address changed"),
    "totp_replaced": _("Authenticator app replaced"),
    "calendar_url_revoked": _("Calendar link renewed"),
    "document_reissued": _("Document re-issued"),
    # Units and people's places in them (portal.services.units).
    "unit.created": _("Unit created"),
    "unit.updated": _("Unit changed"),
    "unit.activated": _("Unit back in use"),
    "unit.deactivated": _("Unit taken out of use"),
    "user.placed": _("Unit and position changed"),
    "user.org_admin_set": _("Organisation administrator changed"),
}

# Every audit action's label, for histories and the audit list: the kernel's above, each
# workflow's moves and labels (registered as tables are built) and the labels pillars
# register for their other audit actions. A person never reads an action's code.
_ACTION_LABELS: dict[str, object] = dict(COMMON_ACTION_LABELS)


def register_action_labels(labels: dict) -> None:
    for action, label in labels.items():
        _ACTION_LABELS.setdefault(action, label)


def action_label(action: str):
    """The label of an audit action; an action nobody labelled reads 「その他の操作」, and
    tests/portal/test_action_labels.py fails on it."""
    return _ACTION_LABELS.get(action) or _("Other change")


def labelled_actions() -> dict[str, object]:
    return dict(_ACTION_LABELS)
