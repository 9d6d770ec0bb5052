"""Records the system writes (audit events, notifications, documents): read-only."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..admin_scope import ScopedModelAdmin
from ..models import (
    AuditEvent,
    Document,
    Notification,
    Role,
)
from ..workflow import action_label, labelled_actions


class RecordAdmin(ScopedModelAdmin):
    """Records the system writes; HQ reads them; nobody edits or deletes them here."""

    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()


class ActionFilter(admin.SimpleListFilter):
    """The audit list by action, each under its label (never its code)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        labels = {str(label): action for action, label in labelled_actions().items()}
        return sorted(((action, label) for label, action in labels.items()), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


def _status_label(event, code: str) -> str:
    """A status code of the audited object's model under its label (「審査中」, not
    ``in_progress``)."""
    if not code:
        return "—"
    model = event.content_type.model_class()
    for name in ("status", "state"):
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            continue
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(code, code))
    return code


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "action_display",
        "from_status_display",
        "to_status_display",
        "actor",
    ]
    list_filter = ["content_type", ActionFilter]
    fields = [
        "created_at",
        "content_type",
        "object_id",
        "action_display",
        "from_status_display",
        "to_status_display",
        "actor",
        "comment",
        "extra",
    ]
    readonly_fields = ["created_at", "action_display", "from_status_display", "to_status_display"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_id", "comment"]

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, obj):
        return action_label(obj.action)

    @admin.display(description=_("from status"))
    def from_status_display(self, obj):
        return _status_label(obj, obj.from_status)

    @admin.display(description=_("to status"))
    def to_status_display(self, obj):
        return _status_label(obj, obj.to_status)

    # Append-only for everyone, superusers included (who would otherwise pass every role
    # check): no add, edit or delete page and no delete action. The database refuses too
    # on PostgreSQL (trigger of migration 0003).
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    # The kind is a routing key for the code; the subject says what it is about.
    list_display = ["created_at", "email", "subject", "status", "sent_at", "attempts"]
    list_filter = ["status"]
    search_fields = ["email", "subject"]
    exclude = ["recipient", "kind"]


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    # The kind is a code; the title names the document.
    list_display = ["created_at", "title", "status", "finished_at"]
    list_filter = ["status"]
    # The file is in private storage, which has no URL: Django's read-only file field
    # would link it and fail (500). Show the stored name; the PDF is served by the
    # scope-checked view of the record it belongs to.
    exclude = ["html", "file"]
    readonly_fields = ["stored_file"]

    @admin.display(description=_("file"))
    def stored_file(self, obj):
        return obj.file.name or "—"
