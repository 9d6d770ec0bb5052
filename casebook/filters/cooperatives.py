"""I3: the public register's GET filter (django-filter); codes, not ids, in the URL."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.forms import MunicipalityChoiceField
from portal.models import Bureau, Municipality


class _MunicipalityFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipalityChoiceField


class CooperativeRegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name contains"), method="filter_q", max_length=100, widget=forms.TextInput()
    )
    municipality = _MunicipalityFilter(
        label=_("Municipality in the area"),
        queryset=Municipality.objects.select_related("bureau").order_by("bureau__order", "code"),
        method="filter_municipality",
        required=False,
    )
    bureau = django_filters.ModelChoiceFilter(
        label=_("Bureau"),
        queryset=Bureau.objects.order_by("order"),
        to_field_name="code",
        method="filter_bureau",
    )

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(name_kana__contains=value))

    def filter_municipality(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(area=value).distinct()

    def filter_bureau(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(area__bureau=value).distinct()
