"""Attendance at municipalities' strategy meetings in the admin (#22 point 3): a bureau
officer records that the bureau attended a municipality's 総合戦略推進会議 or 効果検証会議,
who went and what was noted. Scoped like every casebook admin: an officer sees and records
for the bureau's municipalities only (another bureau's record is 404); HQ all."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin_scope import ScopedModelAdmin
from portal.forms import MunicipalityChoiceField
from portal.models import Municipality, Role

from ..models import StrategyMeetingAttendance
from ..permissions import challenges as perms
from ..selectors import meetings as selectors
from ..services import meetings as services


class OfficerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name or obj.email


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = StrategyMeetingAttendance
        fields = ["municipality", "date", "meeting_name", "attendees", "notes"]

    def clean(self):
        """HQ may pick any officer: one of another bureau than the municipality's is
        refused here, with the form kept (the service refuses it too)."""
        data = super().clean()
        municipality, people = data.get("municipality"), data.get("attendees") or []
        if municipality is not None and not all(
            perms.may_attend_for(p, municipality.bureau_id) for p in people
        ):
            self.add_error("attendees", _("Choose officers of the municipality's bureau."))
        return data


@admin.register(StrategyMeetingAttendance)
class StrategyMeetingAttendanceAdmin(ScopedModelAdmin):
    form = AttendanceForm
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    list_display = ["date", "meeting_name", "municipality", "bureau"]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["meeting_name", "notes", "municipality__name"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]

    def get_list_filter(self, request):
        if portal_permissions.is_hq(request.user):
            return ["bureau__region", "bureau"]
        return []

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or perms.can_record_attendance(request.user, obj)

    def _bureau_id(self, request):
        user = request.user
        return None if portal_permissions.is_hq(user) else user.bureau_id

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            queryset = Municipality.objects.select_related("bureau").order_by(
                "bureau__order", "code"
            )
            bureau_id = self._bureau_id(request)
            if bureau_id is not None:
                queryset = queryset.filter(bureau_id=bureau_id)
            return MunicipalityChoiceField(queryset=queryset, label=capfirst(db_field.verbose_name))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            # Checkboxes, not filter_horizontal (whose unlabelled inputs fail axe).
            return OfficerChoices(
                queryset=selectors.attendance_officer_choices(self._bureau_id(request)),
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=capfirst(db_field.verbose_name),
                help_text=_("The bureau's officers who attended."),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            services.strategy_attendance_save(
                attendance=obj,
                actor=request.user,
                attendees=form.cleaned_data.get("attendees"),
                changed_fields=form.changed_data,
            )
        except PermissionDenied:
            raise Http404 from None

    def save_related(self, request, form, formsets, change):
        # The service has set the officers; the admin must not set them again unchecked.
        for formset in formsets:
            self.save_formset(request, form, formset, change)
