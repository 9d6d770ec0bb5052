"""Case studies in the admin: bureau officers draft them for their area (with figures,
funding and photos) and submit them; HQ editors return, publish, schedule and archive."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin_scope import ScopedModelAdmin
from portal.concurrency import STALE_MESSAGE, StaleVersion, VersionedModelFormMixin
from portal.japanese import nendo
from portal.models import AuditEvent, Municipality, Role
from portal.workflow import InvalidTransition

from ..models import CaseStudy, FundingSource, Photo, ResultFigure, Theme
from ..permissions import case_studies as permissions
from ..selectors.projects import projects_proposed_for
from ..services import case_studies as services
from ..services import projects as project_services
from ..workflows.case_studies import CASE_STUDY_WORKFLOW
from .common import (
    ParentPermissionInline,
    Step,
    add_service_errors,
    error_text,
    save_photo_formset,
)
from .forms import (
    ArchiveForm,
    CommentForm,
    FundingSourceForm,
    PhotoInlineForm,
    ReturnForm,
    ScheduleForm,
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


def _run_submit(request, case_study, form):
    services.case_study_submit(
        case_study=case_study, actor=request.user, comment=form.cleaned_data["comment"]
    )
    return _("Submitted for review. The editors were notified.")


def _run_return(request, case_study, form):
    services.case_study_return(
        case_study=case_study, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Returned to the draft. The bureau's officers were notified.")


def _run_publish(request, case_study, form):
    services.case_study_publish(
        case_study=case_study, actor=request.user, comment=form.cleaned_data["comment"]
    )
    return _("Published.")


def _run_schedule(request, case_study, form):
    when = form.cleaned_data["publish_at"]
    services.case_study_schedule(case_study=case_study, actor=request.user, publish_at=when)
    return _("Publication scheduled for %(when)s.") % {"when": when.strftime("%Y-%m-%d %H:%M")}


def _run_unschedule(request, case_study, form):
    services.case_study_unschedule(case_study=case_study, actor=request.user)
    return _("The scheduled publication was cancelled; the case study awaits review again.")


def _run_archive(request, case_study, form):
    services.case_study_archive(
        case_study=case_study, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Archived: the case study is no longer public.")


def _run_restore(request, case_study, form):
    services.case_study_restore(case_study=case_study, actor=request.user)
    return _("Published again at the same address.")


def _can(action):
    def available(user, case_study):
        transition = CASE_STUDY_WORKFLOW.get(action)
        if case_study.status not in transition.sources or not transition.allows_role(user):
            return False
        if action == "submit":
            return permissions.can_submit_case_study(user, case_study)
        return permissions.can_review_case_study(user, case_study)

    return available


STEPS = (
    Step(
        "submit",
        _("Submit for review"),
        _can("submit"),
        _run_submit,
        CommentForm,
        _("Submit for review"),
    ),
    Step("publish", _("Publish now"), _can("publish"), _run_publish, CommentForm, _("Publish now")),
    Step(
        "schedule",
        _("Schedule the publication"),
        _can("schedule"),
        _run_schedule,
        ScheduleForm,
        _("Schedule"),
        "publish_at",
    ),
    Step(
        "return",
        _("Return to the draft"),
        _can("return"),
        _run_return,
        ReturnForm,
        _("Return to the draft"),
        "reason",
    ),
    Step(
        "unschedule",
        _("Cancel the scheduled publication"),
        _can("unschedule"),
        _run_unschedule,
        None,
        _("Cancel the scheduled publication"),
    ),
    Step("archive", _("Archive"), _can("archive"), _run_archive, ArchiveForm, _("Archive")),
    Step("restore", _("Publish again"), _can("restore"), _run_restore, None, _("Publish again")),
)
STEPS_BY_NAME = {step.name: step for step in STEPS}


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


@admin.register(CaseStudy)
class CaseStudyAdmin(ScopedModelAdmin):
    form = CaseStudyAdminForm
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
        user = request.user
        steps = [
            {
                "step": step,
                "url": reverse("admin:casebook_casestudy_step", args=[case_study.pk, step.name]),
            }
            for step in STEPS
            if step.available(user, case_study)
        ]
        extra_context = {
            **(extra_context or {}),
            "workflow_steps": steps,
            "events": AuditEvent.objects.for_object(case_study).select_related("actor"),
            "workflow": CASE_STUDY_WORKFLOW,
            "is_editor": permissions.is_editor(user),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/workflow/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="casebook_casestudy_step",
            ),
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

    def step_view(self, request, pk, step):
        case_study = self.get_object(request, str(pk))  # outside scope: 404
        step = STEPS_BY_NAME.get(step)
        if step is None:
            raise Http404
        change_url = reverse("admin:casebook_casestudy_change", args=[case_study.pk])
        if not step.available(request.user, case_study):
            self.message_user(
                request, _("This is not possible for this case study now."), messages.WARNING
            )
            return redirect(change_url)
        data = request.POST if request.method == "POST" else None
        form = step.form(data) if step.form else None
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                message = step.run(request, case_study, form)
            except ValidationError as error:
                if form is None:
                    self.message_user(request, error_text(error), messages.ERROR)
                    return redirect(change_url)
                add_service_errors(form, error, step.error_field)
            except (InvalidTransition, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
                return redirect(change_url)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case_study,
            "step": step,
            "form": form,
            "title": step.title,
            "subtitle": case_study.title,
            "submit_label": step.submit_label or step.title,
            "change_url": change_url,
        }
        return render(request, "admin/casebook/step.html", context)
