"""ふるさと納税 support (F4) in the admin.

- Companies: HQ approves (the account gets the company role) or declines a registration.
- Projects seeking support and expressions of interest: read-only records for HQ and the
  bureau of the municipality (municipalities and companies work on the portal's pages).
- Seminar materials: the organisers (HQ, or the bureau that ran the event) add a file to a
  ふるさと納税 event after it. Events themselves, and attendance, are kept in the kernel's
  event admin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionSet, action_page, run_action
from portal.admin_scope import ReadOnlyInline, ScopedModelAdmin
from portal.japanese import wareki_date
from portal.models import AuditEvent, Event, Role
from portal.services.attachments import attachments_of
from portal.status_panel import StatusPanelMixin
from portal.uploads import AttachmentField

from ..forms.furusato import CompanyDeclineForm
from ..models.furusato import (
    FURUSATO_EVENT_CATEGORY,
    Company,
    EventMaterial,
    Interest,
    SupportProject,
    SupportProjectStatus,
)
from ..permissions import applications as permissions
from ..services import companies as company_services
from ..services import event_materials as material_services
from ..workflows.furusato import COMPANY_WORKFLOW


def _run_approve(request, company, form, target):
    company_services.company_approve(company=company, actor=request.user)
    return _("%(name)s is approved; the account now has the company role.") % {"name": company.name}


def _run_decline(request, company, form, target):
    company_services.company_decline(
        company=company, actor=request.user, note=form.cleaned_data["note"]
    )
    return _("The registration was declined.")


COMPANY_ACTIONS = ActionSet(
    COMPANY_WORKFLOW,
    [
        Action(
            "approve", _("Approve the registration"), _run_approve, style=PRIMARY, one_click=True
        ),
        Action(
            "decline",
            _("Decline the registration"),
            _run_decline,
            form=CompanyDeclineForm,
            submit_label=_("Decline the registration"),
            style=DESTRUCTIVE,
        ),
    ],
    may_act=permissions.can_decide_company,
)
REFUSED = _("You cannot do this now.")


@admin.register(Company)
class CompanyAdmin(StatusPanelMixin, ScopedModelAdmin):
    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset()
    change_roles = frozenset({Role.HQ})
    list_display = ["name", "corporate_number", "industry", "status", "created_at"]
    list_filter = ["status", "themes"]
    search_fields = ["name", "name_kana", "corporate_number"]
    change_form_template = "grants/admin/company_change_form.html"
    panel_actions = COMPANY_ACTIONS
    readonly_fields = [
        "user",
        "name",
        "name_kana",
        "corporate_number",
        "head_office_address",
        "head_office_municipality",
        "industry",
        "website",
        "description",
        "theme_list",
        "contact_department",
        "contact_phone",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "created_at",
    ]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()

    @admin.display(description=_("themes of interest"))
    def theme_list(self, obj):
        return "、".join(theme.name for theme in obj.themes.all())

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="grants_company_approve",
            ),
            path(
                "<int:pk>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="grants_company_decline",
            ),
            *super().get_urls(),
        ]

    def panel_action_url(self, obj, action):
        return reverse(f"admin:grants_company_{action.name}", args=[obj.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        company = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(company).select_related("actor"),
            "workflow": COMPANY_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, pk):
        company = self.get_object(request, str(pk))
        if request.method == "POST":
            approve = COMPANY_ACTIONS.get("approve")
            run_action(request, lambda: approve.run(request, company, None, None), refused=REFUSED)
        return redirect("admin:grants_company_change", company.pk)

    def decline_view(self, request, pk):
        company = self.get_object(request, str(pk))
        return action_page(
            request,
            self,
            COMPANY_ACTIONS.get("decline"),
            company,
            change_url=reverse("admin:grants_company_change", args=[company.pk]),
            refused=REFUSED,
        )


class InterestInline(ReadOnlyInline):
    model = Interest
    fields = ["company", "status", "pledged_amount", "created_at", "responded_at"]
    readonly_fields = fields


class ReadOnlyScoped(ScopedModelAdmin):
    """Records HQ and the municipality's bureau read; the pages of the portal change them."""

    add_roles = frozenset()
    change_roles = frozenset()

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)


@admin.register(SupportProject)
class SupportProjectAdmin(ReadOnlyScoped):
    list_display = ["title", "municipality", "kind", "theme", "status", "published_at"]
    list_filter = ["status", "kind", "theme", "fiscal_year", "municipality__bureau"]
    list_select_related = ["municipality", "theme"]
    search_fields = ["title", "municipality__name"]
    exclude = ["created_by"]
    inlines = [InterestInline]

    def scope(self, request, queryset):
        return super().scope(request, queryset).exclude(status=SupportProjectStatus.DRAFT)


@admin.register(Interest)
class InterestAdmin(ReadOnlyScoped):
    scope_municipality = "project__municipality"
    list_display = ["company", "project", "status", "pledged_amount", "created_at"]
    list_filter = ["status", "project__municipality__bureau"]
    list_select_related = ["company", "project"]
    search_fields = ["company__name", "project__title"]
    exclude = ["responded_by"]


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{wareki_date(obj.starts_at)} {obj.title}"


class EventMaterialForm(forms.ModelForm):
    event = EventChoiceField(queryset=Event.objects.none(), label=_("Event"))
    file = AttachmentField(label=_("File"), multiple=False)

    class Meta:
        model = EventMaterial
        fields = ["event", "title", "order"]


@admin.register(EventMaterial)
class EventMaterialAdmin(ScopedModelAdmin):
    scope_municipality = None
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset()
    delete_roles = frozenset({Role.BUREAU, Role.HQ})
    form = EventMaterialForm
    list_display = ["title", "event", "created_at"]
    readonly_fields = ["files"]
    list_select_related = ["event"]
    list_filter = ["event__bureau"]

    def scope(self, request, queryset):
        user = request.user
        if permissions.is_hq(user):
            return queryset
        if user.role == Role.BUREAU:
            return queryset.filter(event__bureau_id=user.bureau_id)
        return queryset.none()

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    def get_fields(self, request, obj=None):
        # A material is added, never edited: its page shows the file by ``files``; a read-only
        # copy of the upload field would show nothing but its English name (「File」).
        fields = super().get_fields(request, obj)
        return [name for name in fields if name != "file"] if obj is not None else fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "event" in form.base_fields:
            events = Event.objects.filter(category=FURUSATO_EVENT_CATEGORY).order_by("-starts_at")
            if not permissions.is_hq(request.user):
                events = events.filter(bureau_id=request.user.bureau_id)
            form.base_fields["event"].queryset = events
        return form

    @admin.display(description=_("files"))
    def files(self, obj):
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("portal:attachment_download", args=[a.pk]), a.original_name)
                for a in attachments_of(obj)
            ),
        )

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["file"][0]
        created = material_services.event_material_add(
            event=obj.event,
            actor=request.user,
            title=obj.title,
            upload=upload,
            order=obj.order or 0,
        )
        # The admin logs the addition and redirects with the saved object's key.
        obj.pk = created.pk
        obj.created_at = created.created_at

    def delete_model(self, request, obj):
        material_services.event_material_remove(material=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for material in queryset:
            material_services.event_material_remove(material=material, actor=request.user)
