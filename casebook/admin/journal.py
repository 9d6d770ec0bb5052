"""Journal issues in the admin: HQ editors compose an issue from case studies and feature
pieces, add its cover, and publish it."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionAdminMixin, ActionSet
from portal.admin_scope import ScopedModelAdmin
from portal.models import AuditEvent, Role

from ..models import Article, JournalIssue, Photo
from ..permissions import case_studies as permissions
from ..services import journal as services
from ..workflows.case_studies import ISSUE_WORKFLOW
from .common import ACTION_PAGE, ParentPermissionInline, save_photo_formset
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


def _run_publish(request, issue, form, target):
    services.issue_publish(issue=issue, actor=request.user)
    return _("The issue is published.")


def _run_unpublish(request, issue, form, target):
    services.issue_unpublish(issue=issue, actor=request.user, reason=form.cleaned_data["comment"])
    return _("The issue was withdrawn from publication.")


ISSUE_ACTIONS = ActionSet(
    ISSUE_WORKFLOW,
    [
        Action(
            "publish",
            _("Publish the issue"),
            _run_publish,
            submit_label=_("Publish the issue"),
            style=PRIMARY,
        ),
        Action(
            "unpublish",
            _("Withdraw the issue from publication"),
            _run_unpublish,
            form=CommentForm,
            submit_label=_("Withdraw from publication"),
            style=DESTRUCTIVE,
        ),
    ],
)


@admin.register(JournalIssue)
class JournalIssueAdmin(ActionAdminMixin, ScopedModelAdmin):
    object_actions = ISSUE_ACTIONS
    action_unavailable = _("This is not possible for this issue now.")
    action_page_context = ACTION_PAGE
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
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(issue).select_related("actor"),
            "workflow": ISSUE_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [*self.action_urls(), *super().get_urls()]
