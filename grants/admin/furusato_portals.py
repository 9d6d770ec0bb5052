"""ふるさと納税 portal sites in the admin (#22).

- Portal site listings: read-only for the municipality's bureau and HQ (municipalities keep
  them on the portal's page).
- Joint campaigns: bureau officers record their municipalities' campaigns, HQ any.
- Donations received: the bureau's officers and HQ correct a municipality's figures, or
  import a sheet of them (「Excelから取り込む」, registered in plugins.py).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin_scope import ScopedModelAdmin
from portal.forms import MunicipalityChoiceField
from portal.models import Municipality, Role
from portal.permissions import is_hq

from ..forms.furusato_portals import CountField, DonationFigureAdminForm, JointCampaignForm
from ..models.furusato_portals import DonationFigure, JointCampaign, PortalSiteListing
from ..services import furusato_portals as services

OFFICERS = frozenset({Role.BUREAU, Role.HQ})


def _municipalities_of(user):
    municipalities = Municipality.objects.select_related("bureau").order_by("bureau__order", "code")
    return municipalities if is_hq(user) else municipalities.filter(bureau_id=user.bureau_id)


@admin.register(PortalSiteListing)
class PortalSiteListingAdmin(ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["municipality", "site_label", "starts_on", "ends_on"]
    list_filter = ["site", "municipality__bureau"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "other_name", "content"]
    fields = ["municipality", "site", "other_name", "url", "starts_on", "ends_on", "content"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("portal site"), ordering="site")
    def site_label(self, obj):
        return obj.site_name

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)


@admin.register(JointCampaign)
class JointCampaignAdmin(ScopedModelAdmin):
    scope_municipality = None
    add_roles = OFFICERS
    change_roles = OFFICERS
    form = JointCampaignForm
    list_display = ["name", "coordinator", "site", "starts_on", "ends_on"]
    list_filter = ["bureau", "site"]
    list_select_related = ["bureau"]
    search_fields = ["name", "content"]

    def scope(self, request, queryset):
        user = request.user
        if is_hq(user):
            return queryset
        if user.role == Role.BUREAU:
            return queryset.filter(bureau_id=user.bureau_id)
        return queryset.none()

    @admin.display(description=gettext_lazy("coordinating bureau"), ordering="bureau__order")
    def coordinator(self, obj):
        return obj.bureau.display_name if obj.bureau else _("HQ")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if is_hq(request.user) else [f for f in fields if f != "bureau"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["municipalities"].queryset = _municipalities_of(request.user)
        return form

    def save_model(self, request, obj, form, change):
        # The municipalities are set by the service (save_related would set them again).
        services.joint_campaign_save(
            actor=request.user, campaign=obj, municipalities=form.cleaned_data["municipalities"]
        )

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(DonationFigure)
class DonationFigureAdmin(ScopedModelAdmin):
    add_roles = OFFICERS
    change_roles = OFFICERS
    fiscal_year_first = 2008
    form = DonationFigureAdminForm
    list_display = ["municipality", "fiscal_year", "amount", "count", "updated_at"]
    list_filter = ["fiscal_year", "municipality__bureau"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name"]
    fields = ["municipality", "fiscal_year", "amount", "count", "note"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            return MunicipalityChoiceField(
                queryset=_municipalities_of(request.user), label=db_field.verbose_name
            )
        if db_field.name == "count":
            return CountField(label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["municipality", "fiscal_year"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = services.donation_figure_set(
            actor=request.user,
            municipality=obj.municipality,
            fiscal_year=obj.fiscal_year,
            amount=obj.amount,
            count=obj.count,
            note=obj.note,
        )
        obj.pk = saved.pk
