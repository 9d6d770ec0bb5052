"""I3 特定地域づくり事業協同組合 in the admin.

- Cooperatives (here): HQ approves an account's registration (it gets the cooperative role)
  or declines it; the bureau of the cooperative's office reads it. Annual reports: read.
- Certification applications: certification.py.
- Change notifications (届出): cooperative_notifications.py.
Every step calls a service; nothing here changes a status itself.
"""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionSet, action_page, run_action
from portal.admin_scope import ScopedModelAdmin
from portal.models import AuditEvent
from portal.services.attachments import attachments_of
from portal.status_panel import StatusPanelMixin

from ..forms.cooperatives import ReasonForm
from ..models.cooperative_changes import AnnualReport
from ..models.cooperatives import Cooperative
from ..selectors.cooperatives import cooperative_scope
from ..services import cooperative_decisions as services
from ..workflows.cooperatives import REGISTRATION_WORKFLOW


def _change_url(cooperative):
    return reverse("admin:casebook_cooperative_change", args=[cooperative.pk])


def _run_approve(request, cooperative, form, target):
    services.cooperative_approve(cooperative=cooperative, actor=request.user)
    return _("%(name)s is approved; the account now has the cooperative role.") % {
        "name": cooperative.name
    }


def _run_decline(request, cooperative, form, target):
    services.cooperative_decline(
        cooperative=cooperative, actor=request.user, note=form.cleaned_data["note"]
    )
    return _("The registration was declined.")


def _decline_form(*args, **kwargs):
    return ReasonForm(
        *args,
        label=_("Reason for declining"),
        help_text=_("The cooperative reads this reason."),
        **kwargs,
    )


REGISTRATION_ACTIONS = ActionSet(
    REGISTRATION_WORKFLOW,
    [
        Action(
            "approve", _("Approve the registration"), _run_approve, style=PRIMARY, one_click=True
        ),
        Action(
            "decline",
            _("Decline the registration"),
            _run_decline,
            form=_decline_form,
            submit_label=_("Decline the registration"),
            style=DESTRUCTIVE,
        ),
    ],
)


@admin.register(Cooperative)
class CooperativeAdmin(StatusPanelMixin, ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["name", "municipality", "status", "certified_on", "created_at"]
    list_filter = ["status", ("certified_on", admin.EmptyFieldListFilter), "municipality__bureau"]
    list_select_related = ["municipality"]
    search_fields = ["name", "name_kana", "corporate_number"]
    change_form_template = "casebook/cooperatives/admin/cooperative_change_form.html"
    panel_actions = REGISTRATION_ACTIONS
    readonly_fields = [
        "user",
        "name",
        "name_kana",
        "corporate_number",
        "address",
        "municipality",
        "representative",
        "contact_phone",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "certified_on",
        "certificate_number",
        "officers",
        "office",
        "area_display",
        "dispatches_workers",
        "created_at",
    ]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(cooperative_scope(request.user))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("area (地区)"))
    def area_display(self, obj):
        return "、".join(m.name for m in obj.area.order_by("code")) or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="casebook_cooperative_approve",
            ),
            path(
                "<int:pk>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="casebook_cooperative_decline",
            ),
            *super().get_urls(),
        ]

    def panel_action_url(self, obj, action):
        return reverse(f"admin:casebook_cooperative_{action.name}", args=[obj.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        cooperative = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(cooperative).select_related("actor"),
            "workflow": REGISTRATION_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, pk):
        cooperative = self.get_object(request, str(pk))
        if request.method == "POST":
            approve = REGISTRATION_ACTIONS.get("approve")
            run_action(request, lambda: approve.run(request, cooperative, None, None))
        return redirect(_change_url(cooperative))

    def decline_view(self, request, pk):
        cooperative = self.get_object(request, str(pk))
        return action_page(
            request,
            self,
            REGISTRATION_ACTIONS.get("decline"),
            cooperative,
            change_url=_change_url(cooperative),
        )


def format_html_links(attachments) -> str:
    return format_html_join(
        "",
        ' <a href="{}">{}</a>',
        (
            (reverse("portal:attachment_download", args=[a.pk]), a.original_name)
            for a in attachments
        ),
    )


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["cooperative", "fiscal_year", "submitted_at"]
    list_filter = ["fiscal_year"]
    list_select_related = ["cooperative"]
    readonly_fields = ["cooperative", "fiscal_year", "summary", "submitted_at", "files_display"]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(cooperative_scope(request.user, path="cooperative"))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("Documents"))
    def files_display(self, obj):
        return format_html_links(list(attachments_of(obj))) or "—"
