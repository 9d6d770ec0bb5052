"""GET filter forms of the public pages (django-filter). Codes, not ids, in the URL:
``?bureau=ishikari&theme=tourism`` reads well when it is shared."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from portal.filters import FiscalYearFilter
from portal.forms import MunicipalityChoiceField
from portal.japanese import fiscal_year, nendo
from portal.models import Bureau, Municipality, Region

from ..models import CaseStudy, JournalIssue, Pillar, PopulationBand, Status, Theme
from ..textsearch import MAX_QUERY_LENGTH

SORTS = [("newest", _("Newest first")), ("views", _("Most viewed"))]


class MunicipalityFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipalityChoiceField


def published_years() -> list[int]:
    """The 年度 of the published case studies, latest first (kept per cache generation)."""
    from portal.pagecache import current_generation

    key = f"casebook:years:{current_generation()!r}"
    years = cache.get(key)
    if years is None:
        years = sorted(
            set(
                CaseStudy.objects.filter(status=Status.PUBLISHED)
                .order_by()
                .values_list("fiscal_year", flat=True)
                .distinct()
            ),
            reverse=True,
        )
        cache.set(key, years, 3600)
    return years


class CaseStudyFilter(django_filters.FilterSet):
    """Facets of the public list; ``queryset`` is ``selectors.case_studies_public()``. The
    keywords and the order are read by the view (search needs more than a filter)."""

    q = django_filters.CharFilter(
        label=_("Keywords"),
        method="keep",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Separate words with spaces: every word must appear."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Collaboration region"),
        empty_label=_("All regions"),
    )
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    municipality = MunicipalityFilter(
        queryset=Municipality.objects.select_related("bureau").order_by("bureau__order", "code"),
        to_field_name="code",
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="code",
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))
    # The 年度 first published, as the regional view counts them (?published_in=2026).
    published_in = FiscalYearFilter(field_name="published_at", label=_("Fiscal year published"))
    pillar = django_filters.ChoiceFilter(
        choices=Pillar.choices, label=_("Kind of support"), empty_label=_("All kinds")
    )
    population = django_filters.ChoiceFilter(
        field_name="population_band",
        choices=PopulationBand.choices,
        label=_("Population of the municipality"),
        empty_label=_("Any population"),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, label=_("Order"), method="keep", empty_label=None
    )

    class Meta:
        model = CaseStudy
        fields = [
            "q",
            "region",
            "bureau",
            "municipality",
            "theme",
            "fiscal_year",
            "published_in",
            "pillar",
            "population",
            "sort",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = published_years() or [fiscal_year()]
        self.filters["fiscal_year"].extra["choices"] = [(str(y), nendo(y)) for y in years]

    def keep(self, queryset, name, value):
        return queryset

    def value(self, name: str) -> str:
        """A valid value of the form (invalid ones are shown as errors and ignored)."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""


class IssueFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        field_name="published_on__year", label=_("Year of publication"), empty_label=_("All years")
    )

    class Meta:
        model = JournalIssue
        fields = ["year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(
            {d.year for d in self.queryset.order_by().dates("published_on", "year")},
            reverse=True,
        )
        self.filters["year"].extra["choices"] = [(str(y), f"{y}") for y in years]


class ProposalFilter(django_filters.FilterSet):
    """Municipal staff's list of their municipality's case studies."""

    status = django_filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = CaseStudy
        fields = ["status"]
