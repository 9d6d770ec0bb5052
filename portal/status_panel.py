"""The status panel at the top of a workflow object's admin page, and its data sections.

One block, first on the page, answers what an officer opens the page for: where the object
stands (its status), whose move it is now (derived from the workflow table: the parties whose
moves start from this status), the deadline if it has one, and the buttons of the actions the
table allows this user now, each weighted as the move it is (primary, secondary,
destructive). ``StatusPanelMixin`` gives a ModelAdmin the panel and the template that shows it
(``admin/portal/workflow_change_form.html``: a model's own ``change_form.html`` extends it);
``ActionAdminMixin`` (portal.actions) is one. The mixin also leaves out a fieldset of read-only
fields that are all empty, so the page shows no section of dashes.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Role

PRIMARY = "primary"
SECONDARY = "secondary"
DESTRUCTIVE = "destructive"
STYLES = (PRIMARY, SECONDARY, DESTRUCTIVE)
_STYLE_ORDER = {style: rank for rank, style in enumerate(STYLES)}

PANEL_CHANGE_FORM = "admin/portal/workflow_change_form.html"

# A party whose only move from a status is to step out (withdraw, cancel) does not hold it.
STEPPING_OUT = frozenset({"withdraw", "cancel"})

HOLDER_LABELS = {
    Role.MUNICIPAL: pgettext_lazy("holder", "Municipality"),
    Role.BUREAU: pgettext_lazy("holder", "Bureau"),
    Role.HQ: pgettext_lazy("holder", "HQ"),
    Role.GROUP: pgettext_lazy("holder", "Local group"),
    Role.COMPANY: pgettext_lazy("holder", "Company"),
    Role.COOPERATIVE: pgettext_lazy("holder", "Cooperative"),
    Role.ADVISOR: pgettext_lazy("holder", "Advisor"),
    Role.MEMBER: pgettext_lazy("holder", "Kyoryokutai member"),
    Role.NONE: pgettext_lazy("holder", "The requester"),
}
# The order parties are named in when several hold an object.
_ROLE_ORDER = list(HOLDER_LABELS)
# The organisation a party acts for, read from the object when it has one.
_ORGANISATION_OF = {Role.MUNICIPAL: "municipality", Role.BUREAU: "bureau"}

NOBODY = _("Nobody: nothing is left to do")
# What an empty read-only value looks like on the page.
_EMPTY_TEXTS = frozenset({"", "-", "—", "–"})


def holder_roles(workflow, obj) -> list[str]:
    """The roles whose move it is: those of the table's rows that start from the object's
    status (the moves that change it, else the ones done in place), stepping out aside. HQ,
    which can stand in for a bureau, is named only when nobody else holds the object."""
    status = workflow.status_of(obj)
    rows = [t for t in workflow.transitions if status in t.sources]
    moving = [t for t in rows if t.moves and t.action not in STEPPING_OUT]
    rows = moving or [t for t in rows if t.action not in STEPPING_OUT]
    roles = {role for t in rows for role in t.roles}
    if len(roles) > 1:
        roles.discard(Role.HQ)
    return sorted(roles, key=lambda r: _ROLE_ORDER.index(r) if r in _ROLE_ORDER else 99)


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in _EMPTY_TEXTS
    if isinstance(value, list | tuple | set | dict):
        return not value
    return False


class StatusPanelMixin:
    """A ModelAdmin of a workflow object: the status panel on its page, no empty sections.

    ``panel_actions`` is the object's ``ActionSet``; ``panel_action_url(obj, action)`` the
    URL of an action's page (by default its ``url_name``). An object whose moves are made on
    the portal's pages, not in the admin, names only its ``panel_workflow`` and links there
    (``panel_links``). A pillar refines the holder (``panel_holder_detail``: the officer in
    charge) and names the deadline (``deadline_field``, or ``panel_deadline``)."""

    panel_actions = None
    panel_workflow = None
    # The object's deadline, shown while the object is in one of ``deadline_statuses``
    # (all statuses when None).
    deadline_field: str | None = None
    deadline_statuses: frozenset | None = None
    # Shown instead of buttons when the user has none (e.g. "HQ reads this").
    panel_nothing = _("There is nothing for you to do on this now.")

    @property
    def change_form_template(self):
        opts = self.opts
        return [
            f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
            f"admin/{opts.app_label}/change_form.html",
            PANEL_CHANGE_FORM,
        ]

    # -- the panel

    def get_panel_workflow(self):
        if self.panel_actions is not None:
            return self.panel_actions.workflow
        return self.panel_workflow

    def panel_links(self, request, obj) -> list[dict]:
        """Further buttons ({"title", "url"}, secondary): e.g. the portal's page of the
        object where its moves are made."""
        return []

    def panel_action_url(self, obj, action) -> str:
        return reverse(f"admin:{action.url_name}", args=[obj.pk])

    def panel_status_label(self, obj):
        workflow = self.get_panel_workflow()
        display = getattr(obj, f"get_{workflow.status_field}_display", None)
        return display() if display else workflow.status_of(obj)

    def panel_holder_detail(self, request, obj, role):
        """Who, for ``role``, holds the object: by default the organisation it names."""
        name = _ORGANISATION_OF.get(role)
        if name is None:
            return None
        try:
            organisation = getattr(obj, name, None)
            if organisation is None and role == Role.BUREAU:
                # An object of a municipality is its bureau's.
                municipality = getattr(obj, "municipality", None)
                organisation = getattr(municipality, "bureau", None)
        except ObjectDoesNotExist:
            return None
        return organisation

    def panel_holder_roles(self, request, obj) -> list[str]:
        return holder_roles(self.get_panel_workflow(), obj)

    def panel_holder(self, request, obj) -> str:
        roles = self.panel_holder_roles(request, obj)
        if not roles:
            return str(NOBODY)
        parts = []
        for role in roles:
            label = HOLDER_LABELS.get(role, role)
            detail = self.panel_holder_detail(request, obj, role)
            parts.append(
                _("%(party)s: %(name)s") % {"party": label, "name": detail}
                if detail
                else str(label)
            )
        return " / ".join(parts)

    def panel_deadline(self, obj):
        if not self.deadline_field:
            return None
        status = self.get_panel_workflow().status_of(obj)
        if self.deadline_statuses is not None and status not in self.deadline_statuses:
            return None
        return getattr(obj, self.deadline_field, None)

    def panel_buttons(self, request, obj) -> list[dict]:
        """The actions the table allows this user now and the links, strongest first and
        the destructive ones last."""
        actions = self.panel_actions
        available = actions.available(obj, request.user) if actions is not None else []
        buttons = [
            {
                "title": action.title,
                "url": self.panel_action_url(obj, action),
                "style": action.style,
                "one_click": action.one_click,
                "name": action.name,
            }
            for action in available
        ]
        buttons += [
            {"style": SECONDARY, "one_click": False, "name": "link", **link}
            for link in self.panel_links(request, obj)
        ]
        return sorted(buttons, key=lambda button: _STYLE_ORDER[button["style"]])

    def status_panel(self, request, obj) -> dict:
        deadline = self.panel_deadline(obj)
        day = timezone.localdate(deadline) if isinstance(deadline, datetime) else deadline
        return {
            "status": self.panel_status_label(obj),
            "holder": self.panel_holder(request, obj),
            "deadline": deadline,
            "overdue": isinstance(day, date) and day < timezone.localdate(),
            "buttons": self.panel_buttons(request, obj),
            "nothing": self.panel_nothing,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add and self.get_panel_workflow() is not None:
            context["status_panel"] = self.status_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- no empty sections

    def get_fieldsets(self, request, obj=None):
        """The sections, without the read-only fields that show nothing (a row of dashes) and
        without a section left empty by them."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        editable = self.has_change_permission(request, obj)
        readonly = set(self.get_readonly_fields(request, obj)) if editable else None
        kept = []
        for name, options in fieldsets:
            fields = self._shown_fields(obj, options.get("fields", ()), readonly)
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def _shown_fields(self, obj, fields, readonly) -> list:
        shown = []
        for entry in fields:
            if isinstance(entry, list | tuple):
                row = [f for f in entry if not self._hidden_field(obj, f, readonly)]
                if row:
                    shown.append(tuple(row) if len(row) > 1 else row[0])
            elif not self._hidden_field(obj, entry, readonly):
                shown.append(entry)
        return shown

    def _hidden_field(self, obj, name, readonly) -> bool:
        """A read-only field (``readonly`` None: every field is) whose value is empty."""
        if readonly is not None and name not in readonly:
            return False
        return is_empty(self._shown_value(obj, name))

    def _shown_value(self, obj, name):
        if callable(name):
            return name(obj)
        method = getattr(self, name, None) if isinstance(name, str) else None
        if callable(method):
            return method(obj)
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            value = getattr(obj, name, None)
            return value() if callable(value) else value
        if field.many_to_many:
            return [True] if obj.pk and getattr(obj, name).exists() else []
        if field.is_relation:
            return getattr(obj, getattr(field, "attname", name), None)
        return getattr(obj, name, None)
