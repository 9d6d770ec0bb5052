"""Journal issues in the admin: HQ editors compose an issue from case studies and feature
pieces, add its cover, and publish it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedModelAdmin
from portal.models import AuditEvent, Role
from portal.workflow import InvalidTransition

from ..models import Article, JournalIssue, Photo
from ..models.choices import IssueStatus
from ..permissions import case_studies as permissions
from ..services import journal as services
from ..workflows.case_studies import ISSUE_WORKFLOW
from .common import ParentPermissionInline, Step, error_text, save_photo_formset
from .forms import CommentForm, PhotoInlineForm


class ArticleInline(ParentPermissionInline):
    model = Article
    fields = ["order", "kind", "case_study", "title", "lead", "body", "byline"]
    autocomplete_fields = ["case_study"]
    extra = 1


class IssuePhotoInline(ParentPermissionInline):
    model = Photo
    form = PhotoInlineForm
    fk_name = "issue"
    fields = ["image", "alt", "decorative", "caption", "credit", "order"]
    verbose_name = _("cover photo")
    verbose_name_plural = _("cover photo (the first is used)")


def _run_publish(request, issue, form):
    services.issue_publish(issue=issue, actor=request.user)
    return _("The issue is published.")


def _run_unpublish(request, issue, form):
    services.issue_unpublish(issue=issue, actor=request.user, reason=form.cleaned_data["comment"])
    return _("The issue was withdrawn from publication.")


ISSUE_STEPS = {
    "publish": Step(
        "publish",
        _("Publish the issue"),
        lambda user, issue: issue.status == IssueStatus.DRAFT and permissions.is_editor(user),
        _run_publish,
        None,
        _("Publish the issue"),
    ),
    "unpublish": Step(
        "unpublish",
        _("Withdraw the issue from publication"),
        lambda user, issue: issue.status == IssueStatus.PUBLISHED and permissions.is_editor(user),
        _run_unpublish,
        CommentForm,
        _("Withdraw from publication"),
    ),
}


@admin.register(JournalIssue)
class JournalIssueAdmin(ScopedModelAdmin):
    scope_municipality = None
    scope_bureau = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset({Role.HQ})
    change_roles = frozenset({Role.HQ})
    inlines = [IssuePhotoInline, ArticleInline]
    list_display = ["number", "title", "published_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    fields = ["number", "title", "published_on", "summary", "status", "published_at"]
    readonly_fields = ["status", "published_at"]

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and permissions.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and permissions.is_editor(request.user)

    def save_model(self, request, obj, form, change):
        services.issue_save(issue=obj, actor=request.user, changed_fields=form.changed_data)

    def save_formset(self, request, form, formset, change):
        if formset.model is Photo:
            save_photo_formset(request, formset, issue=form.instance)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.issue_content_saved(issue=form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        steps = [
            {
                "step": step,
                "url": reverse("admin:casebook_journalissue_step", args=[issue.pk, name]),
            }
            for name, step in ISSUE_STEPS.items()
            if step.available(request.user, issue)
        ]
        extra_context = {
            **(extra_context or {}),
            "workflow_steps": steps,
            "events": AuditEvent.objects.for_object(issue).select_related("actor"),
            "workflow": ISSUE_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/workflow/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="casebook_journalissue_step",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request, pk, step):
        issue = self.get_object(request, str(pk))
        step = ISSUE_STEPS.get(step)
        if step is None:
            raise Http404
        change_url = reverse("admin:casebook_journalissue_change", args=[issue.pk])
        if not step.available(request.user, issue):
            self.message_user(
                request, _("This is not possible for this issue now."), messages.WARNING
            )
            return redirect(change_url)
        form = step.form(request.POST if request.method == "POST" else None) if step.form else None
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                message = step.run(request, issue, form)
            except (ValidationError, InvalidTransition, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
            else:
                self.message_user(request, message, messages.SUCCESS)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": issue,
            "step": step,
            "form": form,
            "title": step.title,
            "subtitle": str(issue),
            "submit_label": step.submit_label or step.title,
            "change_url": change_url,
        }
        return render(request, "admin/casebook/step.html", context)
