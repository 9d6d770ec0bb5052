"""The GET filter of the public list of grant decisions: 年度, bureau, municipality (codes
in the URL, so a filtered list can be shared)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.forms import MunicipalityChoiceField
from portal.japanese import nendo
from portal.models import Bureau, Municipality

from ..models import Application


class _MunicipalityFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipalityChoiceField


class DecisionFilter(django_filters.FilterSet):
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    municipality = _MunicipalityFilter(
        queryset=Municipality.objects.select_related("bureau").order_by("bureau__order", "code"),
        to_field_name="code",
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )

    class Meta:
        model = Application
        fields = ["fiscal_year", "bureau", "municipality"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = [(str(y), nendo(y)) for y in years]
