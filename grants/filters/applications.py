"""GET filter forms of the grants pages (django-filter): the public call list and the
bureau/HQ dashboard. The querysets they narrow come from the scoped selectors."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.filters import recent_fiscal_years, region_filter
from portal.forms import PortalForm
from portal.japanese import fiscal_year, nendo
from portal.models import Bureau, Municipality
from portal.permissions import is_hq

from ..models import Application, Call, GrantCategory
from ..models.applications import Status


def _year_choices(years) -> list[tuple[str, str]]:
    return [(str(year), nendo(year)) for year in sorted(set(years), reverse=True)]


class CallFilter(django_filters.FilterSet):
    """Filters of the public call list; ``queryset`` is ``selectors.calls_public()``."""

    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))
    # Codes, not ids, in the URL: ?bureau=ishikari&category=soft reads well when shared.
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    category = django_filters.ModelChoiceFilter(
        queryset=GrantCategory.objects.all(),
        to_field_name="code",
        label=_("Category"),
        empty_label=_("All categories"),
    )
    open_now = django_filters.BooleanFilter(
        label=_("Open for applications now"),
        widget=forms.CheckboxInput,
        method="filter_open_now",
    )

    class Meta:
        model = Call
        fields = ["fiscal_year", "bureau", "category", "open_now"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = (
            self.queryset.prefetch_related(None).order_by().values_list("fiscal_year", flat=True)
        )
        self.filters["fiscal_year"].extra["choices"] = _year_choices(years.distinct())

    def filter_open_now(self, queryset, name, value):
        return queryset.open_now() if value else queryset


class ApplicationFilter(django_filters.FilterSet):
    """Filters of the dashboard and its CSV export, always for one 年度.

    ``queryset`` is ``selectors.applications_visible_to(user)``; the choices offered are cut
    to the user's scope too (an officer sees only the bureau's municipalities and calls).
    A missing or unknown year falls back to the current 年度, so the page never mixes years.
    """

    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=None)
    # HQ's regional view links a region's figures here (?region=doo).
    region = region_filter("municipality__bureau__region")
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    call = django_filters.ModelChoiceFilter(
        queryset=Call.objects.none(), label=_("Call"), empty_label=_("All calls")
    )

    class Meta:
        model = Application
        fields = ["fiscal_year", "region", "bureau", "status", "municipality", "call"]

    def __init__(self, data=None, *args, user, **kwargs):
        years = Call.objects.order_by().values_list("fiscal_year", flat=True).distinct()
        years = {fiscal_year(), *recent_fiscal_years(), *years}
        choices = _year_choices(years)
        data = data.copy() if data is not None else {}
        if data.get("fiscal_year") not in {value for value, _label in choices}:
            data["fiscal_year"] = str(fiscal_year())
        self.year = int(data["fiscal_year"])
        super().__init__(data, *args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = choices
        calls = Call.objects.filter(fiscal_year=self.year).select_related("bureau")
        if is_hq(user):
            municipalities = Municipality.objects.all()
        else:
            # Officers see their own bureau only: no bureau choice, and only its places.
            del self.filters["bureau"]
            del self.filters["region"]
            municipalities = Municipality.objects.filter(bureau_id=user.bureau_id)
            calls = calls.filter(bureau_id=user.bureau_id)
        self.filters["municipality"].queryset = municipalities
        self.filters["call"].queryset = calls.order_by("bureau__order", "opens_at", "pk")


# The list of applications: by status and 年度.


class ApplicationFilterForm(PortalForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Status.choices]
        self.fields["fiscal_year"].choices = [("", _("All")), *((y, nendo_label(y)) for y in years)]


def nendo_label(year: int) -> str:
    return f"{nendo(year)}（{year}）"
