"""Units (課・係) in the admin (#20): HQ keeps every organisation's; a bureau's administrator
keeps the bureau's own; other bureau officers read their bureau's. Municipal staff keep
theirs on the portal (/organisation/). Writes go through portal.services.units."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..admin_scope import ScopedModelAdmin
from ..models import Role, Unit
from ..permissions.units import can_manage_unit
from ..services import units as unit_services


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["municipality", "bureau", "parent", "name", "email", "order", "is_active"]

    # Set by the admin for a bureau's administrator: their bureau, not chosen.
    fixed_bureau = None

    def clean(self):
        data = super().clean()
        municipality = data.get("municipality", self.instance.municipality)
        bureau = self.fixed_bureau or data.get("bureau", self.instance.bureau)
        if municipality and bureau:
            self.add_error(
                "bureau", _("A unit belongs to a municipality or a bureau, not to both.")
            )
            return data
        key = unit_services.organisation_key_of(municipality=municipality, bureau=bureau)
        parent = data.get("parent")
        if parent is not None:
            if parent.pk == self.instance.pk:
                self.add_error("parent", _("Choose a division in use of the same organisation."))
            else:
                try:
                    unit_services.unit_check_parent(parent, key)
                except forms.ValidationError as error:
                    self.add_error(None, error)
        name = (data.get("name") or "").strip()
        taken = Unit.objects.filter(
            municipality=municipality, bureau=bureau, parent=parent, name=name
        ).exclude(pk=self.instance.pk)
        if name and taken.exists():
            self.add_error(
                "name", _("A unit with this name already exists here. Choose another name.")
            )
        if self.instance.pk and self.instance.is_active and data.get("is_active") is False:
            try:
                unit_services.unit_check_can_deactivate(self.instance)
            except forms.ValidationError as error:
                self.add_error("is_active", error)
        return data

    def validate_constraints(self, exclude=None):
        # The form's clean() says the same things in the users' words.
        return None


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    form = UnitAdminForm
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    view_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = ["name", "kind", "parent", "municipality", "bureau", "email", "is_active"]
    list_filter = ["kind", "is_active", "bureau"]
    list_select_related = ["parent", "municipality", "bureau"]
    search_fields = ["name", "municipality__name", "bureau__name"]

    def get_readonly_fields(self, request, obj=None):
        # A unit stays in its organisation and under its 課; a new one is added instead.
        return ["kind", "municipality", "bureau", "parent"] if obj else ["kind"]

    def _bureau_admin(self, request) -> bool:
        user = request.user
        return not permissions.is_hq(user) and user.role == Role.BUREAU and user.is_org_admin

    def has_add_permission(self, request, *args):
        allowed = super().has_add_permission(request, *args)
        return allowed and (permissions.is_hq(request.user) or self._bureau_admin(request))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return permissions.is_hq(request.user) or self._bureau_admin(request)
        return can_manage_unit(request.user, obj)

    def get_fields(self, request, obj=None):
        fields = ["parent", "kind", "name", "email", "order", "is_active"]
        if permissions.is_hq(request.user):
            return ["municipality", "bureau", *fields]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not permissions.is_hq(request.user):
            form.fixed_bureau = request.user.bureau
        if "parent" in form.base_fields:
            field = form.base_fields["parent"]
            field.queryset = self.get_queryset(request).filter(
                kind=Unit.Kind.DIVISION, is_active=True
            )
        return form

    def save_model(self, request, obj, form, change):
        user = request.user
        data = form.cleaned_data
        if not change:
            municipality = data.get("municipality") if permissions.is_hq(user) else None
            bureau = data.get("bureau") if permissions.is_hq(user) else user.bureau
            created = unit_services.unit_create(
                actor=user,
                name=data["name"],
                municipality=municipality,
                bureau=bureau,
                parent=data.get("parent"),
                email=data.get("email", ""),
                order=data.get("order") or 0,
            )
            obj.pk, obj.kind = created.pk, created.kind
            if not data.get("is_active", True):
                unit_services.unit_set_active(unit=created, actor=user, active=False)
            return
        unit_services.unit_update(
            unit=obj,
            actor=user,
            **{name: data[name] for name in unit_services.UNIT_FIELDS if name in data},
        )
        if "is_active" in form.changed_data:
            unit_services.unit_set_active(unit=obj, actor=user, active=data["is_active"])
