"""The application list's filters: 年度, municipality and the bureau's part, limited to what
the user sees."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.japanese import nendo
from portal.models import Municipality
from portal.selectors import municipalities_visible_to

from ..models import Call
from ..selectors.applications import application_partner_scope, application_scope


def year_param(value) -> int | None:
    """A 年度 from the query string; anything else (typed by hand) is ignored."""
    return int(value) if value and len(value) == 4 and value.isascii() and value.isdigit() else None


class FiscalYearFilter(admin.SimpleListFilter):
    title = _("fiscal year (年度)")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        # The years of the calls in scope: a small table, not a scan of the applications.
        years = (
            calls_in_scope(request.user)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .distinct()
        )
        return [(str(year), f"{nendo(year)} ({year})") for year in years]

    def queryset(self, request, queryset):
        year = year_param(self.value())
        return queryset if year is None else queryset.filter(fiscal_year=year)


def calls_in_scope(user):
    calls = Call.objects.all()
    return calls if portal_permissions.is_hq(user) else calls.filter(bureau_id=user.bureau_id)


class CallFilter(admin.SimpleListFilter):
    """The calls of the user's bureau (HQ: all), newest first."""

    title = _("call")
    parameter_name = "call"

    def lookups(self, request, model_admin):
        calls = calls_in_scope(request.user).order_by("-fiscal_year", "bureau__order", "pk")
        return [(str(call.pk), call.title) for call in calls]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(call_id=value) if value and value.isdigit() else queryset


class MunicipalityFilter(admin.SimpleListFilter):
    """Officers choose among their bureau's municipalities; HQ among those that applied."""

    title = _("municipality")
    parameter_name = "municipality"

    def lookups(self, request, model_admin):
        if portal_permissions.is_hq(request.user):
            municipalities = Municipality.objects.all()
        else:
            municipalities = municipalities_visible_to(request.user)
        return [(m.pk, m.display_name) for m in municipalities.order_by("code")]

    def queryset(self, request, queryset):
        return queryset.filter(municipality_id=self.value()) if self.value() else queryset


class ShareFilter(admin.SimpleListFilter):
    """A bureau officer's own applications apart from the joint applications (広域連携) of
    other bureaus that it reads as a partner."""

    title = _("your bureau's part")
    parameter_name = "share"
    LEAD = "lead"
    PARTNER = "partner"

    def lookups(self, request, model_admin):
        # Fixed choices: no query, whatever the size of the list.
        return [
            (self.LEAD, _("Lead bureau (主管)")),
            (self.PARTNER, _("Read as a partner (連携先として閲覧)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.LEAD:
            return queryset.filter(application_scope(request.user))
        if self.value() == self.PARTNER:
            return queryset.filter(application_partner_scope(request.user))
        return queryset
