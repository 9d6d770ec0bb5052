"""Users and their access requests in the admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import permissions, selectors
from ..actions import DESTRUCTIVE, PRIMARY, Action, ActionAdminMixin, ActionSet, error_text
from ..admin_scope import ScopedModelAdmin
from ..forms import DeclineForm
from ..models import (
    AccessRequest,
    AuditEvent,
    Role,
    Unit,
    User,
)
from ..permissions.units import can_place_user
from ..services import accounts as account_services
from ..services import units as unit_services
from ..workflow import ACCESS_REQUEST_WORKFLOW, InvalidTransition


def _run_approve(request, access_request, form, target):
    account_services.access_request_approve(request=access_request, actor=request.user)
    return _("Access approved for %(user)s.") % {"user": access_request.user}


def _run_decline(request, access_request, form, target):
    account_services.access_request_decline(
        request=access_request, actor=request.user, note=form.cleaned_data["note"]
    )
    return _("The request has been declined.")


# A group's request is decided by its municipality on the portal (HQ may stand in): the
# gate is the same predicate the portal uses.
ACCESS_REQUEST_ACTIONS = ActionSet(
    ACCESS_REQUEST_WORKFLOW,
    [
        Action("approve", _("Approve access"), _run_approve, style=PRIMARY, one_click=True),
        Action(
            "decline",
            _("Decline access request"),
            _run_decline,
            form=DeclineForm,
            submit_label=_("Decline access"),
            style=DESTRUCTIVE,
        ),
    ],
    url_prefix="portal_accessrequest",
    may_act=permissions.can_decide_access_request,
)


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "email",
            "name",
            "role",
            "municipality",
            "bureau",
            "department",
            "language",
            "is_active",
            "unit",
            "position",
            "is_org_admin",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            # A form posted without it (a script, an older page) keeps the position.
            self.fields["position"].required = False

    def clean_position(self):
        return self.cleaned_data.get("position") or self.instance.position

    def clean_email(self):
        # Addresses are stored lower-case (as the sign-up form does), and an address another
        # account signs in with, even as a secondary allauth address, is not free.
        email = self.cleaned_data["email"].strip().lower()
        if selectors.user_email_taken(email, user=self.instance):
            raise ValidationError(
                _("Another account already uses this email address."), code="email_taken"
            )
        return email

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.MUNICIPAL and not data.get("municipality"):
            self.add_error("municipality", _("Municipal staff need a municipality."))
        if data.get("role") == Role.BUREAU and not data.get("bureau"):
            self.add_error("bureau", _("Bureau officers need a bureau."))
        if data.get("role") == Role.GROUP and not data.get("municipality"):
            # The database requires it (group_has_municipality): say so instead of a 500.
            self.add_error("municipality", _("A local group needs a municipality."))
        placement = {"unit", "role", "municipality", "bureau"} & set(self.changed_data)
        if data.get("unit") and placement:
            # The person as they will be after this save: their unit must be of that
            # organisation (the service checks it again).
            future = User(
                role=data.get("role", self.instance.role),
                municipality=data.get("municipality"),
                bureau=data.get("bureau"),
                is_active=True,
            )
            try:
                unit_services.unit_check_for_user(user=future, unit=data["unit"])
            except ValidationError as error:
                self.add_error(None, error)
        return data


class UserPlacementAdminForm(forms.ModelForm):
    """What a bureau's administrator may change on a colleague: unit and position."""

    class Meta:
        model = User
        fields = ["unit", "position"]

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit is not None and unit.pk != self.instance.unit_id:
            try:
                unit_services.unit_check_for_user(user=self.instance, unit=unit)
            except ValidationError as error:
                raise ValidationError(error.message_dict["unit"]) from None
        return unit


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


@admin.register(User)
class UserAdmin(ScopedModelAdmin, BaseUserAdmin):
    scope_municipality = None
    view_roles = frozenset({Role.HQ})
    form = UserAdminForm
    list_display = [
        "email",
        "name",
        "role",
        "municipality",
        "bureau",
        "unit",
        "position",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "is_active", "bureau", "is_org_admin"]
    list_select_related = ["municipality", "bureau", "unit__parent"]
    search_fields = ["email", "name"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "name", "department", "language", "is_active"]}),
        (_("Role and scope"), {"fields": ["role", "municipality", "bureau"]}),
        (_("Unit and position"), {"fields": ["unit", "position", "is_org_admin"]}),
    ]
    # A bureau's administrator sees their bureau's officers and sets unit and position only.
    placement_fieldsets = [
        (None, {"fields": ["email", "name", "department"]}),
        (_("Unit and position"), {"fields": ["unit", "position"]}),
    ]
    add_form = UserCreationAdminForm
    add_fieldsets = [(None, {"fields": ["email", "name", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def _bureau_admin(self, request) -> bool:
        user = request.user
        return (
            permissions.can_use_admin(user)
            and not permissions.is_hq(user)
            and user.role == Role.BUREAU
            and user.is_org_admin
        )

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._bureau_admin(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._bureau_admin(request)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not permissions.is_hq(request.user):
            return self.placement_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not permissions.is_hq(request.user):
            return ["email", "name", "department"]
        return super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not permissions.is_hq(request.user):
            kwargs["form"] = UserPlacementAdminForm
        form = super().get_form(request, obj, **kwargs)
        if "unit" in form.base_fields:
            field = form.base_fields["unit"]
            units = Unit.objects.filter(is_active=True).select_related("parent")
            if not permissions.is_hq(request.user):
                units = units.filter(bureau_id=request.user.bureau_id)
            field.queryset = units
        return form

    def user_change_password(self, request, id, form_url=""):
        # Passwords stay with HQ: a bureau's administrator places colleagues, no more.
        if not permissions.is_hq(request.user):
            raise Http404
        return super().user_change_password(request, id, form_url)

    def scope(self, request, queryset):
        if self._bureau_admin(request):
            return queryset.filter(
                role=Role.BUREAU, bureau_id=request.user.bureau_id, is_superuser=False
            )
        if not permissions.is_hq(request.user):
            return queryset.none()
        if not request.user.is_superuser:
            # Only superusers manage superusers. To HQ staff they are out of scope, so
            # their change, password, history and delete pages are 404 like any other
            # row one may not see, and they are not listed: HQ has nothing to do with the
            # break-glass accounts, and listing them would only show whom to phish.
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def has_change_permission(self, request, obj=None):
        if self._bureau_admin(request):
            return obj is None or can_place_user(request.user, obj)
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_manage_user(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_manage_user(request.user, obj))

    def save_model(self, request, obj, form, change):
        role_fields = {"role", "municipality", "bureau"}
        placement = {"unit", "position", "is_org_admin"}
        if not change:
            super().save_model(request, obj, form, change)
            return
        other = [f for f in form.changed_data if f not in {*role_fields, *placement, "email"}]
        if other:
            obj.save(update_fields=other)
        if "email" in form.changed_data:
            # The sign-in addresses (allauth) follow, and the old address is told.
            try:
                account_services.user_change_email(
                    user=obj, email=form.cleaned_data["email"], actor=request.user
                )
            except ValidationError as error:
                # Only a race with another change gets here; the form checked the address.
                self.message_user(request, error_text(error), messages.ERROR)
        if role_fields & set(form.changed_data):
            # Admin access and the role's invariants are kept by the service.
            account_services.user_set_role(
                user=obj,
                role=obj.role,
                municipality=obj.municipality,
                bureau=obj.bureau,
                actor=request.user,
            )
        if {"unit", "position"} & set(form.changed_data):
            try:
                unit_services.user_place(
                    user=obj, unit=obj.unit, position=obj.position, actor=request.user
                )
            except ValidationError as error:
                # Only a race gets here (the unit taken out of use meanwhile): the form
                # checked the unit.
                self.message_user(request, error_text(error), messages.ERROR)
        if "is_org_admin" in form.changed_data:
            unit_services.user_set_org_admin(user=obj, value=obj.is_org_admin, actor=request.user)


@admin.register(AccessRequest)
class AccessRequestAdmin(ActionAdminMixin, ScopedModelAdmin):
    object_actions = ACCESS_REQUEST_ACTIONS
    action_unavailable = _("You cannot do this.")
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    add_roles = frozenset()
    # A local group's request (role) is decided by its municipality on the portal; HQ can
    # stand in here, bureau officers only see it.
    list_display = [
        "user",
        "user_email",
        "municipality",
        "role",
        "department",
        "group_name",
        "status",
        "created_at",
    ]
    list_filter = ["status", "role", "municipality__bureau"]
    list_select_related = ["user", "municipality"]
    search_fields = ["user__email", "user__name", "municipality__name", "group_name"]
    readonly_fields = [
        "user",
        "municipality",
        "role",
        "department",
        "group_name",
        "position",
        "phone",
        "reason",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "created_at",
    ]
    actions = ["approve_selected"]
    change_form_template = "admin/portal/accessrequest/change_form.html"

    @admin.display(description=_("email address"))
    def user_email(self, obj):
        return obj.user.email

    def get_urls(self):
        # Each action at its own URL (<pk>/approve/, <pk>/decline/), as the buttons link them.
        view = self.admin_site.admin_view(self.step_view)
        return [
            *(
                path(f"<int:pk>/{action.route}", view, {"step": action.name}, name=action.url_name)
                for action in self.object_actions.actions
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Approve selected requests"))
    def approve_selected(self, request, queryset):
        done = 0
        for access_request in queryset.filter(status=AccessRequest.Status.PENDING):
            try:
                account_services.access_request_approve(request=access_request, actor=request.user)
                done += 1
            except (InvalidTransition, ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{access_request}: {error_text(error)}", messages.ERROR)
        if done:
            self.message_user(
                request, _("%(count)d requests approved.") % {"count": done}, messages.SUCCESS
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(obj).select_related("actor"),
            "workflow": ACCESS_REQUEST_WORKFLOW,
            # Every field is read-only: deciding is done with the buttons, not by saving.
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)
