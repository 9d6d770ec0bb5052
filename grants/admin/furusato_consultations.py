"""ふるさと納税 1:1 consultations in the admin (#22).

- Slots: bureau officers publish their bureau's, HQ its own (or a bureau's); one at a time
  or a day's series at once (「枠を一括作成」). A booked slot's time cannot move.
- Bookings: read-only, the bureau's (HQ all); out of scope is 404.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.actions import add_service_errors
from portal.admin_scope import ReadOnlyInline, ScopedModelAdmin
from portal.models import Role
from portal.permissions import is_hq

from ..forms.furusato_consultations import SlotAdminForm, SlotSeriesForm
from ..models.furusato_consultations import BookingStatus, ConsultationSlot, SlotBooking
from ..selectors import furusato_consultations as selectors
from ..services import furusato_consultations as services

OFFICERS = frozenset({Role.BUREAU, Role.HQ})


class BookingInline(ReadOnlyInline):
    model = SlotBooking
    fields = ["municipality", "topic", "status", "created_at"]
    readonly_fields = fields


@admin.register(ConsultationSlot)
class ConsultationSlotAdmin(ScopedModelAdmin):
    scope_municipality = None
    add_roles = OFFICERS
    change_roles = OFFICERS
    form = SlotAdminForm
    list_display = ["__str__", "publisher", "place", "is_published", "booked"]
    list_filter = ["is_published", "bureau"]
    list_select_related = ["bureau"]
    date_hierarchy = "starts_at"
    inlines = [BookingInline]
    change_list_template = "admin/grants/consultationslot/change_list.html"

    def scope(self, request, queryset):
        return queryset.filter(selectors.slot_scope_q(request.user))

    def get_queryset(self, request):
        from django.db.models import Exists, OuterRef

        active = SlotBooking.objects.filter(slot=OuterRef("pk"), status=BookingStatus.BOOKED)
        return super().get_queryset(request).annotate(is_booked=Exists(active))

    @admin.display(description=gettext_lazy("publisher"), ordering="bureau__order")
    def publisher(self, obj):
        return obj.bureau.display_name if obj.bureau else _("HQ")

    @admin.display(description=gettext_lazy("booked"), boolean=True)
    def booked(self, obj):
        return obj.is_booked

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not is_hq(request.user):
            return [f for f in fields if f != "bureau"]
        return fields

    def save_model(self, request, obj, form, change):
        services.slot_save(actor=request.user, slot=obj)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        # A service's refusal (a booked slot's time) goes on the form with the input kept.
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())

    def get_urls(self):
        return [
            path(
                "series/",
                self.admin_site.admin_view(self.series_view),
                name="grants_consultationslot_series",
            ),
            *super().get_urls(),
        ]

    def series_view(self, request):
        """A day of slots at once, e.g. 10:00–16:00 in 30 minutes."""
        if not self.has_add_permission(request):
            raise Http404
        user = request.user
        form = SlotSeriesForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                slots = services.slot_series_create(
                    actor=user,
                    bureau=data.get("bureau") if is_hq(user) else user.bureau,
                    day=data["day"],
                    first=data["first"],
                    last=data["last"],
                    minutes=data["minutes"],
                    gap=data["gap"] or 0,
                    place=data["place"],
                    online_url=data["online_url"],
                    notes=data["notes"],
                    is_published=data["is_published"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("%(count)s slots were made.") % {"count": len(slots)})
                return redirect("admin:grants_consultationslot_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Make a series of slots"),
        }
        return TemplateResponse(
            request,
            "admin/grants/consultationslot/series.html",
            context,
            status=400 if form.errors else 200,
        )


@admin.register(SlotBooking)
class SlotBookingAdmin(ScopedModelAdmin):
    scope_municipality = None
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["slot", "municipality", "status", "created_at"]
    list_filter = ["status", "slot__bureau"]
    list_select_related = ["slot", "slot__bureau", "municipality"]
    search_fields = ["municipality__name", "topic"]
    fields = [
        "slot",
        "municipality",
        "booked_by",
        "topic",
        "status",
        "reminded_at",
        "created_at",
        "calendar_file",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("calendar file"))
    def calendar_file(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("grants:furusato_booking_ics", args=[obj.pk]),
            _("Add to calendar (.ics)"),
        )

    def scope(self, request, queryset):
        return queryset.filter(selectors.slot_scope_q(request.user, "slot__"))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)
