"""Roster, skills, bureau desks and 地域創生枠 in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import EditableInlineMixin, ScopedModelAdmin
from portal.models import Role, User
from portal.permissions import is_hq

from ..models import Availability, DispatchDesk, Person, PersonKind, RegionalFrame, Skill
from ..permissions import requests as permissions

HQ_AND_BUREAU = frozenset({Role.HQ, Role.BUREAU})


@admin.register(Skill)
class SkillAdmin(ScopedModelAdmin):
    """The curated taxonomy: HQ keeps it; officers read it."""

    master_data = True
    scope_municipality = None
    list_display = ["name", "name_en", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "name_en", "code"]

    def scope(self, request, queryset):
        return queryset if permissions.is_staff(request.user) else queryset.none()


class AvailabilityInline(EditableInlineMixin, admin.TabularInline):
    model = Availability
    extra = 1

    def editable(self, request, obj):
        return obj is None or permissions.can_manage_person(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return permissions.is_staff(request.user)


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "kind",
            "name",
            "kana",
            "organisation",
            "email",
            "user",
            "home_bureau",
            "areas",
            "skills",
            "profile",
            "capacity",
            "is_active",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if "user" not in self.fields:  # read-only for this officer
            return
        self.fields["user"].queryset = User.objects.filter(
            role__in=[Role.ADVISOR, Role.BUREAU, Role.HQ]
        ).order_by("email")
        self.fields["skills"].queryset = Skill.objects.filter(is_active=True)
        if actor is not None and not is_hq(actor):
            # A bureau keeps its own staff: the entry belongs to the officer's bureau.
            self.fields["home_bureau"].queryset = self.fields["home_bureau"].queryset.filter(
                pk=actor.bureau_id
            )
            self.fields["home_bureau"].required = True
            self.fields["home_bureau"].empty_label = None

    def clean(self):
        data = super().clean()
        user, kind = data.get("user"), data.get("kind")
        if user is not None and kind == PersonKind.ADVISOR and user.role != Role.ADVISOR:
            self.add_error(
                "user",
                ValidationError(
                    _("An external advisor signs in with an account that has the advisor role."),
                    code="advisor_role",
                ),
            )
        return data


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    """Every officer sees the whole roster (matching crosses bureaus); HQ keeps it all and
    a bureau the entries of its own staff."""

    scope_municipality = None
    add_roles = HQ_AND_BUREAU
    change_roles = HQ_AND_BUREAU
    form = PersonAdminForm
    inlines = [AvailabilityInline]
    list_display = ["name", "kind", "organisation", "home_bureau", "capacity", "is_active"]
    list_filter = ["kind", "is_active", "skills", "home_bureau"]
    list_select_related = ["home_bureau"]
    search_fields = ["name", "kana", "organisation", "email"]
    autocomplete_fields: list[str] = []

    def scope(self, request, queryset):
        return queryset if permissions.is_staff(request.user) else queryset.none()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        actor = request.user

        class Bound(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, actor=actor, **inner)

        return Bound

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_manage_person(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Entries with assignments are kept for the history; deactivate them instead.
        return False


class DispatchDeskForm(forms.ModelForm):
    class Meta:
        model = DispatchDesk
        fields = ["bureau", "chief_officers", "notice_prefix"]
        widgets = {"chief_officers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "chief_officers" not in self.fields:  # read-only for a bureau officer
            return
        bureau_id = self.instance.bureau_id if self.instance.pk else None
        officers = User.objects.filter(role=Role.BUREAU, is_active=True).order_by("email")
        if bureau_id:
            officers = officers.filter(bureau_id=bureau_id)
        self.fields["chief_officers"].queryset = officers

    def clean(self):
        data = super().clean()
        bureau = (
            data.get("bureau") or self.instance.bureau if self.instance.pk else data.get("bureau")
        )
        for officer in data.get("chief_officers") or []:
            if bureau is not None and officer.bureau_id != bureau.pk:
                self.add_error(
                    "chief_officers",
                    _("%(name)s is not an officer of %(bureau)s.")
                    % {"name": officer, "bureau": bureau},
                )
        return data


@admin.register(DispatchDesk)
class DispatchDeskAdmin(ScopedModelAdmin):
    """HQ designates who holds each bureau chief's authority for 地域振興派遣."""

    scope_municipality = None
    scope_bureau = "bureau"
    form = DispatchDeskForm
    list_display = ["bureau", "chief_list", "notice_prefix"]
    list_select_related = ["bureau"]

    @admin.display(description=_("officers holding the bureau chief's authority"))
    def chief_list(self, obj):
        return "、".join(str(u) for u in obj.chief_officers.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("chief_officers")

    def get_readonly_fields(self, request, obj=None):
        return ["bureau"] if obj is not None else []


@admin.register(RegionalFrame)
class RegionalFrameAdmin(ScopedModelAdmin):
    """地域創生枠: how many 地域振興派遣 each bureau chief may approve in a 年度."""

    scope_municipality = None
    scope_bureau = "bureau"
    list_display = ["bureau", "fiscal_year", "places", "note"]
    list_filter = ["fiscal_year", "bureau"]
    list_select_related = ["bureau"]
