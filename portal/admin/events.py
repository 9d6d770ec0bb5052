"""Events and their registrations in the admin."""

from django.contrib import admin

from .. import permissions
from ..admin_scope import ScopedModelAdmin
from ..models import (
    Event,
    Registration,
    Role,
)
from ..pagecache import PublicPagesAdminMixin


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organisation", "status", "attended", "created_at"]
    readonly_fields = ["name", "email", "organisation", "status", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(PublicPagesAdminMixin, ScopedModelAdmin):
    """Bureaus run their own events; HQ runs HQ events and sees all. Attendance is ticked
    on the registrations after the event. Published events are on the home page and the
    /events/ index (cached): a save refreshes them."""

    scope_municipality = None
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = [
        "title",
        "category",
        "starts_at",
        "bureau",
        "capacity",
        "is_published",
        "is_cancelled",
    ]
    list_filter = ["category", "is_published", "bureau"]
    search_fields = ["title", "place"]
    inlines = [RegistrationInline]

    def scope(self, request, queryset):
        user = request.user
        if permissions.is_hq(user):
            return queryset
        if user.role == Role.BUREAU:
            return queryset.filter(bureau_id=user.bureau_id)
        return queryset.none()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not permissions.is_hq(request.user) and "bureau" in form.base_fields:
            field = form.base_fields["bureau"]
            field.queryset = field.queryset.filter(pk=request.user.bureau_id)
            field.required = True
        return form
