"""Requests in the admin: a read-only, scoped list linking to the portal pages where the
bureau decides, assigns people and follows the sessions."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedModelAdmin
from portal.status_panel import StatusPanelMixin
from portal.workqueue import WorkQueueFilter

from ..models import DispatchRequest
from ..selectors.requests import request_scope
from ..workflows.requests import REQUEST_WORKFLOW


@admin.register(DispatchRequest)
class DispatchRequestAdmin(StatusPanelMixin, ScopedModelAdmin):
    panel_workflow = REQUEST_WORKFLOW
    list_display = [
        "reference",
        "title",
        "municipality",
        "kind",
        "status",
        "fiscal_year",
        "submitted_at",
        "portal_link",
    ]
    list_filter = [WorkQueueFilter, "status", "kind", "fiscal_year", "bureau"]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["reference", "title", "municipality__name"]
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [
        "reference",
        "kind",
        "municipality",
        "bureau",
        "fiscal_year",
        "status",
        "title",
        "initiative",
        "reason",
        "skills_note",
        "preferred_start",
        "preferred_end",
        "preferred_times",
        "is_wide_area",
        "contact_name",
        "contact_department",
        "contact_phone",
        "contact_email",
        "return_reason",
        "decision_note",
        "decided_by",
        "decided_at",
        "first_submitted_at",
        "submitted_at",
        "assigned_at",
        "closed_at",
        "portal_link",
    ]
    fields = readonly_fields
    change_roles = frozenset()
    add_roles = frozenset()

    def scope(self, request, queryset):
        # Drafts stay the municipality's until submitted, as on the portal's pages.
        return queryset.filter(request_scope(request.user))

    def panel_links(self, request, obj):
        # Deciding, assigning people and following the sessions are done on the portal.
        if not REQUEST_WORKFLOW.available(obj, request.user):
            return []
        return [
            {
                "title": _("Decide, assign people and follow the sessions"),
                "url": reverse("dispatch:request_detail", args=[obj.pk]),
            }
        ]

    @admin.display(description=_("page in the portal"))
    def portal_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("dispatch:request_detail", args=[obj.pk]),
            _("Decide, assign people and follow the sessions"),
        )
