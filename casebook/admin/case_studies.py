"""Case studies in the admin: bureau officers draft them for their area (with figures,
funding and photos) and submit them; HQ editors return, publish, schedule and archive."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.actions import ActionAdminMixin, error_text
from portal.admin_scope import ScopedModelAdmin
from portal.concurrency import STALE_MESSAGE, StaleVersion, VersionedModelFormMixin
from portal.forms.strategy_links import MeasuresField
from portal.japanese import nendo
from portal.models import AuditEvent, Municipality, Role
from portal.services.strategy_links import check_measures

from ..models import CaseStudy, FundingSource, Photo, ResultFigure, Theme
from ..permissions import case_studies as permissions
from ..selectors.projects import projects_proposed_for
from ..services import case_studies as services
from ..services import projects as project_services
from ..workflows.case_studies import CASE_STUDY_WORKFLOW
from .case_study_steps import CASE_STUDY_ACTIONS
from .common import ACTION_PAGE, ParentPermissionInline, save_photo_formset
from .forms import (
    FundingSourceForm,
    PhotoInlineForm,
    https_urls,
)


class ResultFigureInline(ParentPermissionInline):
    model = ResultFigure
    fields = ["label", "value", "unit", "note", "order"]
    verbose_name_plural = _("Results in figures")


class FundingSourceInline(ParentPermissionInline):
    model = FundingSource
    form = FundingSourceForm
    fields = ["name", "amount", "grant_reference", "url", "order"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        base, user = formset.form, request.user

        class FormForUser(base):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        formset.form = FormForUser
        return formset


class PhotoInline(ParentPermissionInline):
    model = Photo
    form = PhotoInlineForm
    fk_name = "case_study"
    fields = ["preview", "image", "alt", "decorative", "caption", "credit", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("Photo"))
    def preview(self, obj):
        if obj is None or obj._state.adding:
            return "—"
        if not obj.ready:
            return _("Being resized…")
        return format_html(
            '<img src="{}" alt="{}" width="160" class="casebook-thumb">',
            obj.url(obj.widths[0]),
            obj.alt,
        )


class CaseStudyAdminForm(VersionedModelFormMixin, forms.ModelForm):
    """Officers and editors edit one draft: the form carries the case study's version, and a
    page someone else has saved since comes back with what changed (portal.concurrency)."""

    class Meta:
        model = CaseStudy
        fields = [
            "title",
            "summary",
            "municipality",
            "themes",
            "measures",
            "fiscal_year",
            "pillar",
            "population",
            "challenge",
            "actions",
            "results",
            "budget_total",
            "budget_note",
            "contact_department",
            "contact_phone",
            "contact_email",
            "contact_url",
        ]
        formfield_callback = https_urls
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The measures serving the case study's municipality (once it is saved with one).
        field = self.fields["measures"] = MeasuresField()
        if self.instance.pk:
            field.offer(self.instance.municipality)
        else:
            field.help_text = _("Save the case study first; then tick the measures it served.")

    def clean(self):
        data = super().clean()
        if data.get("municipality") and data.get("measures"):
            try:
                check_measures(data["municipality"], data["measures"])
            except ValidationError as error:
                self.add_error("measures", error.message_dict["measures"])
        return data


@admin.register(CaseStudy)
class CaseStudyAdmin(ActionAdminMixin, ScopedModelAdmin):
    form = CaseStudyAdminForm
    object_actions = CASE_STUDY_ACTIONS
    action_unavailable = _("This is not possible for this case study now.")
    action_page_context = ACTION_PAGE
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    delete_roles = frozenset()
    inlines = [ResultFigureInline, FundingSourceInline, PhotoInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "municipality",
        "status",
        "year_display",
        "origin",
        "published_at",
        "updated_at",
    ]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["title", "municipality__name"]
    show_full_result_count = False
    list_per_page = 50
    ordering = ["-updated_at", "-id"]
    fieldsets = [
        (
            _("Case study"),
            {
                "fields": [
                    "title",
                    "summary",
                    "municipality",
                    "themes",
                    "measures",
                    "fiscal_year",
                    "pillar",
                    "population",
                ]
            },
        ),
        (_("The story"), {"fields": ["challenge", "actions", "results"]}),
        (_("Budget"), {"fields": ["budget_total", "budget_note"]}),
        (
            _("Contact"),
            {"fields": ["contact_department", "contact_phone", "contact_email", "contact_url"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "published_at",
                    "content_updated_at",
                    "origin",
                    "proposed_by",
                    "view_count",
                    "public_link",
                ]
            },
        ),
    ]
    readonly_fields = [
        "status",
        "publish_at",
        "published_at",
        "content_updated_at",
        "origin",
        "proposed_by",
        "view_count",
        "public_link",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_text", "search_grams")

    def get_list_filter(self, request):
        filters = ["status", "origin", "pillar", "themes"]
        if portal_permissions.is_hq(request.user):
            filters.insert(1, "bureau")
        return filters

    def get_list_display(self, request):
        if portal_permissions.is_hq(request.user):
            return [*self.list_display[:2], "bureau", *self.list_display[2:]]
        return self.list_display

    @admin.display(description=_("fiscal year"), ordering="fiscal_year")
    def year_display(self, obj):
        return nendo(obj.fiscal_year)

    @admin.display(description=_("Public page"))
    def public_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        label = _("Open the public page") if obj.is_public else _("Preview")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    # -- permissions: the predicates decide, per object

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and permissions.can_create_case_study(
            request.user
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        return permissions.can_edit_case_study(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            queryset = Municipality.objects.select_related("bureau").order_by(
                "bureau__order", "code"
            )
            user = request.user
            if not permissions.is_editor(user):
                queryset = queryset.filter(bureau_id=user.bureau_id)
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["queryset"] = Theme.objects.filter(is_active=True)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # -- saving goes through the services

    def save_model(self, request, obj, form, change):
        services.case_study_save(
            case_study=obj,
            actor=request.user,
            changed_fields=form.changed_data,
            version=form.base_version if change else None,
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form's check already brought a stale page back with what changed; this is the
        # rare save that lost the race between that check and its own UPDATE: nothing was
        # saved (the page's transaction is rolled back), and the page is opened again.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:
            self.message_user(request, STALE_MESSAGE, messages.ERROR)
            return redirect(request.path)

    def save_formset(self, request, form, formset, change):
        if formset.model is Photo:
            save_photo_formset(request, formset, case_study=form.instance)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.case_study_content_saved(case_study=form.instance)

    # -- the page: workflow buttons and history

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case_study = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(case_study).select_related("actor"),
            "workflow": CASE_STUDY_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            *self.action_urls(),
            path(
                "projects/",
                self.admin_site.admin_view(self.projects_view),
                name="casebook_casestudy_projects",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "is_editor": permissions.is_editor(request.user),
        }
        return super().changelist_view(request, extra_context)

    def projects_view(self, request):
        """Editors: the bureaus' finished policy projects proposed for the journal; a POST
        drafts a case study from one (the service is safe to call twice)."""
        if not permissions.is_editor(request.user):
            raise Http404
        if request.method == "POST":
            try:
                project_id = int(request.POST.get("project", ""))
            except ValueError:
                raise Http404 from None
            try:
                case_study = project_services.case_study_draft_from_project(
                    project_id=project_id, actor=request.user
                )
            except ValidationError as error:
                self.message_user(request, error_text(error), messages.ERROR)
                return redirect("admin:casebook_casestudy_projects")
            self.message_user(
                request,
                _("A draft case study was written from the project: check it, then publish."),
                messages.SUCCESS,
            )
            return redirect("admin:casebook_casestudy_change", case_study.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Policy projects proposed as case studies"),
            "rows": projects_proposed_for(request.user),
        }
        return render(request, "admin/casebook/casestudy/projects.html", context)
