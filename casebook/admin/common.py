"""Pieces shared by the casebook admins: inlines that follow the parent's permissions, and
workflow steps (a small page per move whose POST makes one service call)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from portal import permissions as portal_permissions
from portal.workflow import InvalidTransition


class ParentPermissionInline(admin.TabularInline):
    """An inline editable exactly when its parent object is (the role logic of the parent
    admin, not Django's per-model permission table)."""

    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _parent_editable(self, request, obj) -> bool:
        parent_admin = self.admin_site._registry[self.parent_model]
        if obj is None:
            return parent_admin.has_add_permission(request)
        return parent_admin.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return portal_permissions.can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_editable(request, obj)


@dataclass(frozen=True)
class Step:
    name: str
    title: Any
    available: Callable[[Any, Any], bool]  # (user, obj) -> bool
    run: Callable[[Any, Any, forms.Form | None], Any]  # (request, obj, form) -> message
    form: type[forms.Form] | None = None
    submit_label: Any = None
    # Errors a service raises without a field name belong to this field.
    error_field: str | None = None


def error_text(error) -> str:
    if isinstance(error, InvalidTransition):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "—"


def add_service_errors(form, error: ValidationError, error_field: str | None) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(error_field if error_field in form.fields else None, error.messages)


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
