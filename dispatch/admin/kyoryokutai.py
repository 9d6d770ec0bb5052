"""協力隊 support in the admin: HQ keeps the missions taxonomy; positions, trial programmes
and the register are listed read-only, scoped to the officer's bureau like everything else,
with a link to the portal page where they are posted and kept (the municipality's pages)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ReadOnlyInline, ScopedModelAdmin
from portal.status_panel import StatusPanelMixin

from ..models import Mission, Position, PostingStatus, Settlement, TrialProgramme, Volunteer
from ..permissions import requests as permissions
from ..workflows.kyoryokutai import POSITION_WORKFLOW, TRIAL_WORKFLOW, VOLUNTEER_WORKFLOW


@admin.register(Mission)
class MissionAdmin(ScopedModelAdmin):
    """The curated missions: HQ keeps them; officers read them."""

    master_data = True
    scope_municipality = None
    list_display = ["name", "name_en", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "name_en", "code"]

    def scope(self, request, queryset):
        return queryset if permissions.is_staff(request.user) else queryset.none()


class _ReadOnlyScoped(StatusPanelMixin, ScopedModelAdmin):
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    change_roles = frozenset()
    add_roles = frozenset()
    list_per_page = 50
    show_full_result_count = False
    portal_url_name = ""
    portal_link_text = ""

    def panel_links(self, request, obj):
        # The moves are made on the portal's page: the panel links there when the table
        # offers this user one.
        if not self.panel_workflow.available(obj, request.user):
            return []
        return [
            {"title": self.portal_link_text, "url": reverse(self.portal_url_name, args=[obj.pk])}
        ]

    @admin.display(description=_("page in the portal"))
    def portal_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse(self.portal_url_name, args=[obj.pk]),
            self.portal_link_text,
        )


@admin.register(Position)
class PositionAdmin(_ReadOnlyScoped):
    list_display = [
        "title",
        "municipality",
        "status",
        "applications_open",
        "applications_close",
        "published_at",
        "portal_link",
    ]
    list_filter = ["status", "bureau"]
    list_select_related = ["municipality"]
    search_fields = ["title", "municipality__name"]
    fields = [
        "title",
        "municipality",
        "bureau",
        "status",
        "activity",
        "openings",
        "term_years",
        "pay_min",
        "pay_max",
        "housing",
        "vehicle",
        "applications_open",
        "applications_close",
        "contact_name",
        "published_at",
        "closed_at",
        "portal_link",
    ]
    readonly_fields = fields
    panel_workflow = POSITION_WORKFLOW
    deadline_field = "applications_close"
    deadline_statuses = frozenset({PostingStatus.PUBLISHED})
    portal_url_name = "dispatch:kyoryokutai_position_detail"
    portal_link_text = _("Change, publish or close on the portal")


@admin.register(TrialProgramme)
class TrialProgrammeAdmin(_ReadOnlyScoped):
    list_display = [
        "title",
        "kind",
        "municipality",
        "status",
        "starts_on",
        "ends_on",
        "portal_link",
    ]
    list_filter = ["status", "kind", "bureau"]
    list_select_related = ["municipality"]
    search_fields = ["title", "municipality__name"]
    fields = [
        "title",
        "kind",
        "municipality",
        "bureau",
        "status",
        "starts_on",
        "ends_on",
        "capacity",
        "applications_close",
        "contact_name",
        "published_at",
        "portal_link",
    ]
    readonly_fields = fields
    panel_workflow = TRIAL_WORKFLOW
    deadline_field = "applications_close"
    deadline_statuses = frozenset({PostingStatus.PUBLISHED})
    portal_url_name = "dispatch:kyoryokutai_trial_detail"
    portal_link_text = _("Change, publish or close on the portal")


class SettlementInline(ReadOnlyInline):
    model = Settlement
    fields = [
        "destination",
        "settled_municipality",
        "started_business",
        "took_job",
        "work",
        "followup_due_on",
        "followup_destination",
        "followup_at",
    ]
    readonly_fields = fields


@admin.register(Volunteer)
class VolunteerAdmin(_ReadOnlyScoped):
    """Personal data: the municipality keeps it on the portal; its bureau and HQ read it."""

    list_display = ["name", "municipality", "status", "term_start", "term_end", "portal_link"]
    list_filter = ["status", "bureau"]
    list_select_related = ["municipality"]
    search_fields = ["name", "kana", "municipality__name"]
    fields = [
        "name",
        "kana",
        "municipality",
        "bureau",
        "status",
        "commissioned_on",
        "term_start",
        "term_end",
        "started_on",
        "ended_on",
        "end_reason",
        "activity",
        "portal_link",
    ]
    readonly_fields = fields
    inlines = [SettlementInline]
    panel_workflow = VOLUNTEER_WORKFLOW
    portal_url_name = "dispatch:kyoryokutai_volunteer_detail"
    portal_link_text = _("Open the member's page in the portal")
