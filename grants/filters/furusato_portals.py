"""The filter of the donations-received list: the regional view links each figure to it
(?fiscal_year=2026&region=doo, &bureau=ishikari, &municipality=011002)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import fiscal_year_choices, region_filter
from portal.models import Bureau, Municipality
from portal.permissions import is_hq

from ..models.furusato_portals import DonationFigure


class DonationFigureFilter(django_filters.FilterSet):
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year"), empty_label=_("All years"), choices=fiscal_year_choices
    )
    region = region_filter("municipality__bureau__region")
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        field_name="municipality__bureau",
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )

    class Meta:
        model = DonationFigure
        fields = ["fiscal_year", "region", "bureau", "municipality"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        if is_hq(user):
            self.filters["municipality"].queryset = Municipality.objects.order_by("code")
        elif user.role == "bureau":
            # An officer's list is the bureau's anyway: no other bureau or region to choose.
            del self.filters["bureau"]
            del self.filters["region"]
            self.filters["municipality"].queryset = Municipality.objects.filter(
                bureau_id=user.bureau_id
            ).order_by("code")
        else:
            for name in ("bureau", "region", "municipality"):
                del self.filters[name]
