"""Rules HQ keeps: programmes, categories, calls and allocations.

Every admin user reads them; HQ edits them. A bureau officer sees the bureau's calls and
allocations only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin_scope import ScopedModelAdmin
from portal.japanese import nendo, yen
from portal.models import Role
from portal.pagecache import PublicPagesAdminMixin

from ..models import (
    Allocation,
    ApplicantKind,
    Call,
    CostCategory,
    GrantCategory,
    Programme,
    RequiredAttachment,
    RubricCriterion,
)
from ..selectors import applications as selectors


class ReferenceAdmin(PublicPagesAdminMixin, ScopedModelAdmin):
    """Data every admin user reads and HQ edits (the guidelines' lists, not constants). The
    public call pages show it: a save makes the cached pages stale."""

    master_data = True
    scope_municipality = None

    def scope(self, request, queryset):
        return queryset if portal_permissions.can_use_admin(request.user) else queryset.none()


@admin.register(Programme)
class ProgrammeAdmin(ReferenceAdmin):
    list_display = ["name", "code", "parent", "legal_basis"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]


@admin.register(GrantCategory)
class GrantCategoryAdmin(ReferenceAdmin):
    list_display = ["name", "code", "order"]


@admin.register(ApplicantKind)
class ApplicantKindAdmin(ReferenceAdmin):
    list_display = ["name", "code", "via_municipality", "order"]


@admin.register(CostCategory)
class CostCategoryAdmin(ReferenceAdmin):
    list_display = ["name", "code", "order"]


class HQInline(admin.TabularInline):
    """Rows of a call: officers read them, HQ edits them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return portal_permissions.can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return portal_permissions.is_hq(request.user)

    def has_change_permission(self, request, obj=None):
        return portal_permissions.is_hq(request.user)

    def has_delete_permission(self, request, obj=None):
        return portal_permissions.is_hq(request.user)


class RequiredAttachmentInline(HQInline):
    model = RequiredAttachment
    fields = ["order", "name", "description", "is_required"]


class RubricCriterionInline(HQInline):
    model = RubricCriterion
    fields = ["order", "name", "description", "weight", "max_score"]


@admin.register(Call)
class CallAdmin(PublicPagesAdminMixin, ScopedModelAdmin):
    # The public call pages are cached: a save or a delete makes them stale (on commit).

    scope_municipality = None
    scope_bureau = "bureau"
    delete_roles = frozenset({Role.HQ})  # PROTECT keeps a call with applications
    list_display = [
        "title",
        "bureau",
        "year_display",
        "programme",
        "category",
        "opens_at",
        "closes_at",
        "is_published",
    ]
    list_filter = ["fiscal_year", "bureau", "programme", "category", "is_published"]
    list_select_related = ["bureau", "programme__parent", "category"]
    search_fields = ["title"]
    filter_horizontal = ["eligible_applicant_kinds", "ineligible_cost_categories"]
    inlines = [RequiredAttachmentInline, RubricCriterionInline]
    fieldsets = [
        (None, {"fields": ["programme", "category", "bureau", "fiscal_year", "title", "summary"]}),
        (_("Window"), {"fields": ["opens_at", "closes_at", "is_published"]}),
        (
            _("Subsidy rules"),
            {
                "fields": [
                    ("rate_numerator", "rate_denominator"),
                    ("lower_limit", "upper_limit"),
                    "rounding_unit",
                    "eligible_applicant_kinds",
                    "ineligible_cost_categories",
                ]
            },
        ),
        (
            _("After the decision"),
            {
                "fields": [
                    "project_end_limit",
                    "report_due_days",
                    "report_due_date",
                    "allows_advance_payment",
                ]
            },
        ),
    ]

    @admin.display(description=_("fiscal year"), ordering="fiscal_year")
    def year_display(self, obj):
        return nendo(obj.fiscal_year)

    def get_readonly_fields(self, request, obj=None):
        # Applications copy the call's bureau and 年度 for scoping; they must not drift.
        if obj is not None and obj.applications.exists():
            return ["bureau", "fiscal_year"]
        return []


class AllocationForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["bureau", "fiscal_year", "amount"]

    def clean(self):
        data = super().clean()
        bureau, year, amount = data.get("bureau"), data.get("fiscal_year"), data.get("amount")
        if bureau and year and amount is not None:
            committed = selectors.committed_amount(bureau.pk, year)
            if amount < committed:
                self.add_error(
                    "amount",
                    _(
                        "%(committed)s is already decided in this fiscal year: allocate at least "
                        "that much."
                    )
                    % {"committed": yen(committed)},
                )
        return data


@admin.register(Allocation)
class AllocationAdmin(ScopedModelAdmin):
    scope_municipality = None
    scope_bureau = "bureau"
    form = AllocationForm
    list_display = [
        "bureau",
        "year_display",
        "amount_display",
        "committed_display",
        "remaining_display",
        "percent_display",
    ]
    list_filter = ["fiscal_year", "bureau"]
    list_select_related = ["bureau"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(committed=selectors.committed_subquery())

    @admin.display(description=_("fiscal year"), ordering="fiscal_year")
    def year_display(self, obj):
        return nendo(obj.fiscal_year)

    @admin.display(description=_("allocated"), ordering="amount")
    def amount_display(self, obj):
        return yen(obj.amount)

    @admin.display(description=_("decided (committed)"), ordering="committed")
    def committed_display(self, obj):
        return yen(obj.committed)

    @admin.display(description=_("remaining"))
    def remaining_display(self, obj):
        return yen(obj.amount - obj.committed)

    @admin.display(description=_("used"))
    def percent_display(self, obj):
        return f"{round(obj.committed * 100 / obj.amount) if obj.amount else 0}%"
