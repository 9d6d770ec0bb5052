"""Themes, editors and learnt search terms in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedModelAdmin
from portal.models import Role, User

from ..models import Editor, SearchTerm, Theme
from ..permissions import case_studies as permissions
from ..services import editors as editor_services
from ..services.common import public_content_changed


@admin.register(Theme)
class ThemeAdmin(ScopedModelAdmin):
    master_data = True
    scope_municipality = None
    scope_bureau = None
    change_roles = frozenset({Role.HQ})
    add_roles = frozenset({Role.HQ})
    list_display = ["name", "name_en", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "name_en", "code"]

    def scope(self, request, queryset):
        return queryset

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_content_changed()


class EditorForm(forms.ModelForm):
    class Meta:
        model = Editor
        fields = ["user", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # not on the (read-only) change page
            self.fields["user"].queryset = User.objects.filter(role=Role.HQ, is_active=True)
            self.fields["user"].help_text = _("Only HQ staff can be editors.")


@admin.register(Editor)
class EditorAdmin(ScopedModelAdmin):
    scope_municipality = None
    scope_bureau = None
    view_roles = frozenset({Role.HQ})
    add_roles = frozenset({Role.HQ})
    change_roles = frozenset()
    delete_roles = frozenset({Role.HQ})
    form = EditorForm
    list_display = ["user", "note", "appointed_by", "created_at"]
    list_select_related = ["user", "appointed_by"]

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()

    def save_model(self, request, obj, form, change):
        editor = editor_services.editor_appoint(user=obj.user, actor=request.user, note=obj.note)
        obj.pk = editor.pk

    def delete_model(self, request, obj):
        editor_services.editor_revoke(editor=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for editor in queryset.select_related("user"):
            editor_services.editor_revoke(editor=editor, actor=request.user)


@admin.register(SearchTerm)
class SearchTermAdmin(ScopedModelAdmin):
    master_data = True
    scope_municipality = None
    scope_bureau = None
    view_roles = frozenset({Role.HQ})
    change_roles = frozenset()
    add_roles = frozenset()
    list_display = ["term", "ready", "documents", "created_at"]
    search_fields = ["term"]

    def scope(self, request, queryset):
        return queryset if permissions.is_hq(request.user) else queryset.none()
