"""決裁 routes in the admin: HQ keeps every organisation's, a bureau's administrator its own
bureau's (a municipality's administrator uses the front-end page, portal.views.kessai).

The route's steps are fields of the route's own form, saved through the service
(``approval_route_set``), never as inline rows: a route is replaced as a whole."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..admin_scope import ScopedModelAdmin
from ..forms.kessai import POSITION_CHOICES
from ..kessai import kind_choices, kind_label
from ..models import ApprovalRoute, Role, Unit
from ..models.kessai import MAX_STEPS
from ..permissions.kessai import can_edit_routes
from ..services.kessai_routes import approval_route_set


class ApprovalRouteForm(forms.ModelForm):
    class Meta:
        model = ApprovalRoute
        fields = ["municipality", "bureau", "kind"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "kind" not in self.fields:
            return  # read only: the page shows the route, not the form
        self.fields["kind"] = forms.ChoiceField(label=_("kind of act"), choices=kind_choices())
        units = Unit.objects.filter(is_active=True).select_related("parent", "municipality")
        if user is not None and user.role == Role.BUREAU:
            # A bureau's administrator keeps their own bureau's routes only.
            self.fields.pop("municipality", None)
            self.fields["bureau"].queryset = self.fields["bureau"].queryset.filter(
                pk=user.bureau_id
            )
            self.fields["bureau"].required = True
            units = units.filter(bureau_id=user.bureau_id)
        initial = {}
        if self.instance.pk:
            for step in self.instance.steps.all():
                initial[step.order] = step
        for number in range(1, MAX_STEPS + 1):
            step = initial.get(number)
            self.fields[f"position_{number}"] = forms.ChoiceField(
                label=_("Step %(number)s: position") % {"number": number},
                choices=POSITION_CHOICES,
                required=False,
                initial=str(step.position) if step else "",
            )
            self.fields[f"unit_{number}"] = forms.ModelChoiceField(
                label=_("Step %(number)s: unit") % {"number": number},
                queryset=units,
                required=False,
                initial=step.unit_id if step else None,
                empty_label=_("The drafter's own section or division"),
            )

    def clean(self):
        data = super().clean()
        if data.get("municipality") and data.get("bureau"):
            raise ValidationError(_("Choose a municipality or a bureau, not both."))
        steps, gap = [], False
        for number in range(1, MAX_STEPS + 1):
            position, unit = data.get(f"position_{number}"), data.get(f"unit_{number}")
            if not position:
                gap = True
                continue
            if gap:
                self.add_error(
                    f"position_{number}", _("Fill the steps in order, without an empty step.")
                )
            if unit and (unit.municipality_id, unit.bureau_id) != (
                getattr(data.get("municipality"), "pk", None),
                getattr(data.get("bureau"), "pk", None),
            ):
                self.add_error(f"unit_{number}", _("Choose a unit of the route's organisation."))
            steps.append({"position": int(position), "unit_id": unit.pk if unit else None})
        if not steps:
            self.add_error(
                "position_1",
                _("A route needs at least one step; without a route the drafter decides alone."),
            )
        data["steps"] = steps
        return data


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(ScopedModelAdmin):
    form = ApprovalRouteForm
    scope_municipality = None
    scope_bureau = "bureau"
    view_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    delete_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = ["organisation_display", "kind_display", "steps_display", "active"]
    list_select_related = ["municipality", "bureau"]
    readonly_fields = ["organisation_display", "kind_display", "steps_display"]

    def scope(self, request, queryset):
        user = request.user
        if user.is_superuser or user.role == Role.HQ:
            return queryset
        return queryset.filter(bureau_id=user.bureau_id) if user.bureau_id else queryset.none()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps")

    def _may_edit(self, request, obj=None) -> bool:
        user = request.user
        if obj is None:
            return user.is_superuser or user.role == Role.HQ or bool(user.is_org_admin)
        return can_edit_routes(user, obj.municipality_id, obj.bureau_id)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [(None, {"fields": ["organisation_display", "kind_display", "steps_display"]})]
        organisation = (
            ["bureau"] if request.user.role == Role.BUREAU else ["municipality", "bureau"]
        )
        steps = [f"{name}_{n}" for n in range(1, MAX_STEPS + 1) for name in ("position", "unit")]
        return [(None, {"fields": [*organisation, "kind"]}), (_("Steps"), {"fields": steps})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = ["municipality", "bureau", "kind"]
        if request.user.role == Role.BUREAU:
            kwargs["fields"] = ["bureau", "kind"]
        form = super().get_form(request, obj, change=change, **kwargs)

        class UserForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return UserForm

    @admin.display(description=_("organisation"))
    def organisation_display(self, obj):
        return obj.organisation_name

    @admin.display(description=_("kind of act"))
    def kind_display(self, obj):
        return kind_label(obj.kind)

    @admin.display(description=_("route"))
    def steps_display(self, obj):
        return " → ".join(str(step.get_position_display()) for step in obj.steps.all())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        route = approval_route_set(
            kind=data["kind"],
            municipality_id=getattr(data.get("municipality"), "pk", None),
            bureau_id=getattr(data.get("bureau") or obj.bureau, "pk", None),
            steps=data["steps"],
            actor=request.user,
        )
        obj.pk = route.pk

    def delete_model(self, request, obj):
        approval_route_set(
            kind=obj.kind,
            municipality_id=obj.municipality_id,
            bureau_id=obj.bureau_id,
            steps=[],
            actor=request.user,
        )
