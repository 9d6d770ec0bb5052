"""Liaison meetings in the admin: the bureau records its meetings (invited municipalities
and organisations, agenda, attendance, minutes, linked challenges) and their action
items; making the minutes public is a step with its own service call."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal import permissions as portal_permissions
from portal.actions import error_text
from portal.admin_scope import ScopedModelAdmin
from portal.forms import MunicipalitiesField
from portal.models import Role

from ..models import ActionItem, Challenge, LiaisonMeeting
from ..permissions import challenges as perms
from ..selectors import meetings as selectors
from ..services import meetings as services
from ..workflows.challenges import MEETING_HISTORY
from .forms import MinutesPublishForm, MinutesWithdrawForm


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_date"]


class ActionItemInline(admin.StackedInline):
    # Stacked, not tabular: a tabular row's inputs have no <label> (axe: label, select-name).

    model = ActionItem
    form = ActionItemForm
    extra = 1
    fields = ["title", "owner", "due_date", "closed_at"]
    readonly_fields = ["closed_at"]
    can_delete = False

    def _editable(self, request, obj):
        if obj is None:
            return perms.can_create_meeting(request.user)
        return perms.can_manage_meeting(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return portal_permissions.can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        owner_field = formset.form.base_fields.get("owner")
        if owner_field is not None:
            owner_field.queryset = selectors.owner_choices_for(
                obj, bureau_id=getattr(request.user, "bureau_id", None)
            )
        return formset


class MeetingForm(forms.ModelForm):
    class Meta:
        model = LiaisonMeeting
        fields = [
            "title",
            "bureau",
            "date",
            "start_time",
            "place",
            "invited_municipalities",
            "invited_organisations",
            "agenda",
            "attended_municipalities",
            "attendance",
            "minutes",
            "challenges",
        ]


@admin.register(LiaisonMeeting)
class LiaisonMeetingAdmin(ScopedModelAdmin):
    form = MeetingForm
    scope_municipality = None
    scope_bureau = "bureau"
    add_roles = frozenset({Role.BUREAU, Role.HQ})
    change_roles = frozenset({Role.BUREAU, Role.HQ})
    inlines = [ActionItemInline]
    list_display = ["title", "bureau", "date", "place", "minutes_public"]
    list_select_related = ["bureau"]
    list_filter = ["minutes_public"]
    search_fields = ["title", "place", "agenda"]
    date_hierarchy = "date"
    readonly_fields = ["minutes_public", "minutes_published_at"]
    ordering = ["-date", "-id"]

    def get_list_filter(self, request):
        if portal_permissions.is_hq(request.user):
            return ["minutes_public", "bureau__region", "bureau"]
        return self.list_filter

    def get_fields(self, request, obj=None):
        fields = [*self.form.Meta.fields, "minutes_public", "minutes_published_at"]
        if not portal_permissions.is_hq(request.user):
            fields.remove("bureau")  # an officer's meeting is always of their bureau
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or perms.can_manage_meeting(request.user, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name in ("invited_municipalities", "attended_municipalities"):
            # The kernel's picker (bureau groups of checkboxes) rather than the admin's
            # filter_horizontal, whose unlabelled inputs fail the accessibility check.
            return MunicipalitiesField(
                label=capfirst(db_field.verbose_name), required=False, help_text=""
            )
        if db_field.name == "challenges":
            queryset = Challenge.objects.select_related("municipality").order_by("-created_at")
            if not portal_permissions.is_hq(user):
                queryset = queryset.filter(bureau_id=user.bureau_id)
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            services.meeting_save(meeting=obj, actor=request.user, changed_fields=form.changed_data)
        except PermissionDenied:
            raise Http404 from None

    def save_formset(self, request, form, formset, change):
        """Action items go through the service (owner checked and notified)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item_form in formset.forms:
            if not item_form.has_changed() or not item_form.cleaned_data:
                continue
            item = item_form.save(commit=False)
            item.meeting = form.instance
            adding = item._state.adding
            try:
                services.action_item_save(item=item, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{item.title}: {error_text(error)}", messages.ERROR)
                continue
            if adding:
                formset.new_objects.append(item)
            else:
                formset.changed_objects.append((item, item_form.changed_data))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": selectors.meeting_events(meeting),
            "workflow": MEETING_HISTORY,
            "can_manage": perms.can_manage_meeting(request.user, meeting),
            "publish_url": reverse("admin:casebook_liaisonmeeting_minutes", args=[meeting.pk]),
            "page_url": meeting.get_absolute_url(),
            "public_url": reverse("casebook:minutes_detail", args=[meeting.pk]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/minutes/",
                self.admin_site.admin_view(require_POST(self.minutes_view)),
                name="casebook_liaisonmeeting_minutes",
            ),
            *super().get_urls(),
        ]

    def minutes_view(self, request, pk):
        """Publish (with the box ticked: the minutes were read as the public will read them)
        or withdraw (with a reason); refused input comes back as a message."""
        meeting = self.get_object(request, str(pk))
        change_url = reverse("admin:casebook_liaisonmeeting_change", args=[meeting.pk])
        publish = request.POST.get("public") == "1"
        form = (MinutesPublishForm if publish else MinutesWithdrawForm)(request.POST)
        if not form.is_valid():
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            self.message_user(request, " ".join(errors), messages.ERROR)
            return redirect(change_url)
        try:
            if publish:
                services.meeting_publish_minutes(meeting=meeting, actor=request.user)
            else:
                services.meeting_unpublish_minutes(
                    meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
                )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return redirect(change_url)
        self.message_user(
            request,
            _("The minutes are public.") if publish else _("The minutes are no longer public."),
            messages.SUCCESS,
        )
        return redirect(change_url)
