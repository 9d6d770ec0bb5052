"""The plans registry in the admin: HQ configures the plan types; bureau officers and HQ
read their municipalities' plans (the municipality keeps them on its own pages)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin_scope import ScopedModelAdmin
from portal.models import Role

from ..models import Plan, PlanType


@admin.register(PlanType)
class PlanTypeAdmin(ScopedModelAdmin):
    master_data = True
    scope_municipality = None
    scope_bureau = None
    add_roles = frozenset({Role.HQ})
    change_roles = frozenset({Role.HQ})
    list_display = [
        "name",
        "name_en",
        "code",
        "revision_notice_years",
        "revision_cycle_years",
        "order",
        "is_active",
    ]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "name_en", "code"]

    def scope(self, request, queryset):
        return queryset


@admin.register(Plan)
class PlanAdmin(ScopedModelAdmin):
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["title", "municipality", "plan_type", "start_year", "end_year", "status"]
    list_select_related = ["municipality", "plan_type", "bureau"]
    search_fields = ["title", "municipality__name"]
    list_per_page = 50
    readonly_fields = [
        "municipality",
        "plan_type",
        "title",
        "start_year",
        "end_year",
        "status",
        "summary",
        "url",
        "next_revision_due",
        "page_link",
    ]
    fields = readonly_fields

    def get_list_filter(self, request):
        filters = ["plan_type", "status"]
        if portal_permissions.is_hq(request.user):
            filters += ["bureau__region", "bureau"]
        return filters

    @admin.display(description=_("Plan's page (comments)"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open"))
