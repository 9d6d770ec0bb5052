"""GET filter forms of the national grants pages (F3): the knowledge base, the FAQ and the
consultations of category 国の交付金."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Consultation

from ..models.national import FAQEntry, NationalGrantProgramme
from ..selectors.national import national_programmes_public, normalise_search


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    ministry = django_filters.ChoiceFilter(label=_("Ministry"), empty_label=_("All ministries"))

    class Meta:
        model = NationalGrantProgramme
        fields = ["q", "ministry"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ministries = (
            self.queryset.order_by("ministry").values_list("ministry", flat=True).distinct()
        )
        self.filters["ministry"].extra["choices"] = [(m, m) for m in ministries]

    def search(self, queryset, name, value):
        for word in normalise_search(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class FAQFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=national_programmes_public(),
        label=_("Programme"),
        empty_label=_("All programmes"),
    )

    class Meta:
        model = FAQEntry
        fields = ["q", "programme"]

    def search(self, queryset, name, value):
        for word in normalise_search(value).split():
            queryset = queryset.filter(Q(question__icontains=word) | Q(answer__icontains=word))
        return queryset


class NationalConsultationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Consultation.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=national_programmes_public(),
        field_name="national_info__programmes",
        label=_("Programme"),
        empty_label=_("All programmes"),
    )
    hq = django_filters.BooleanFilter(
        label=_("HQ brought in"),
        widget=forms.CheckboxInput,
        method="filter_hq",
    )

    class Meta:
        model = Consultation
        fields = ["status", "programme", "hq"]

    def filter_hq(self, queryset, name, value):
        return queryset.filter(national_info__hq_referred_at__isnull=False) if value else queryset
