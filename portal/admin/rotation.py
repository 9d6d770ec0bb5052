"""Roster changes (人事異動, #20) in the admin: HQ's batches for bureau and HQ staff, each
linking to its working page, where HQ uploads the file, corrects rows, reads the 引継ぎ
list and schedules the change (the same pages a municipality's administrator uses for its
own staff). Nothing is edited here; bureau officers do not see the model."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..admin_scope import ScopedModelAdmin
from ..models import Role, RosterBatch
from ..selectors import rotation as selectors


@admin.register(RosterBatch)
class RosterBatchAdmin(ScopedModelAdmin):
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()
    fiscal_year_fields = ()
    list_display = ("effective_date", "title", "status", "prepared_by", "working_page")
    list_filter = ("status",)
    list_select_related = ("prepared_by",)
    fields = ("effective_date", "title", "status", "prepared_by", "source_name", "applied_at")

    def scope(self, request, queryset):
        return queryset.filter(pk__in=selectors.batches_visible_to(request.user).values("pk"))

    @admin.display(description=_("Working page"))
    def working_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("portal:rotation_detail", args=[obj.pk]), _("Open")
        )
