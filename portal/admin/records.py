"""Records the system writes (audit events, notifications, documents): read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..admin_scope import ScopedModelAdmin
from ..models import (
    AuditEvent,
    Document,
    Notification,
    Role,
)


class RecordAdmin(ScopedModelAdmin):
    """Records the system writes; HQ reads them; nobody edits or deletes them here."""

    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_status",
        "to_status",
        "actor",
    ]
    list_filter = ["content_type", "action"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_id", "comment"]

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
    list_display = ["created_at", "email", "kind", "subject", "status", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "subject"]
    exclude = ["recipient"]


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ["created_at", "kind", "title", "status", "finished_at"]
    list_filter = ["kind", "status"]
    # The file is in private storage, which has no URL: Django's read-only file field
    # would link it and fail (500). Show the stored name; the PDF is served by the
    # scope-checked view of the record it belongs to.
    exclude = ["html", "file"]
    readonly_fields = ["stored_file"]

    @admin.display(description=_("file"))
    def stored_file(self, obj):
        return obj.file.name or "—"
