"""Pieces shared by the casebook admins: inlines that follow the parent's permissions, the
look of their action pages (portal.actions), and photos saved through their services."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from portal import permissions as portal_permissions
from portal.admin_scope import EditableInlineMixin


class ParentPermissionInline(EditableInlineMixin, admin.TabularInline):
    """An inline editable exactly when its parent object is (the role logic of the parent
    admin, not Django's per-model permission table)."""

    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def editable(self, request, obj) -> bool:
        parent_admin = self.admin_site._registry[self.parent_model]
        if obj is None:
            return parent_admin.has_add_permission(request)
        return parent_admin.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return portal_permissions.can_use_admin(request.user)


# Every casebook action page: the casebook's stylesheet and form style, the current status.
ACTION_PAGE = {
    "stylesheets": ["css/casebook.css"],
    "body_class": "casebook-step",
    "form_class": "casebook-admin-form",
    "intro_templates": ["admin/portal/action/status.html"],
}


def save_photo_formset(request, formset, **owner) -> None:
    """Photos go through the photo services (EXIF removed, renditions scheduled); the
    formset's record of what changed is kept for the admin's log message."""
    from ..services import photos as photo_services

    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        photo = form.instance
        deleting = formset._should_delete_form(form)
        if not form.has_changed() and not deleting:
            continue
        if deleting:
            if not photo._state.adding:
                photo_services.photo_delete(photo=photo, actor=request.user)
                formset.deleted_objects.append(photo)
            continue
        data = form.cleaned_data
        texts = {k: data[k] for k in ("alt", "decorative", "caption", "credit", "order")}
        if photo._state.adding:
            added = photo_services.photo_add(
                upload=data["image"][0], actor=request.user, **owner, **texts
            )
            formset.new_objects.append(added)
        else:
            photo_services.photo_update(photo=photo, actor=request.user, **texts)
            formset.changed_objects.append((photo, [n for n in form.changed_data if n in texts]))
