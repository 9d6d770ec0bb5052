"""GET filter forms (django-filter) of the request list and the roster. The querysets
they narrow come from the scoped selectors; the choices are cut to the user's scope too."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.filters import recent_fiscal_years, region_filter
from portal.japanese import fiscal_year, nendo
from portal.models import Bureau, Municipality
from portal.permissions import is_hq

from ..models import DispatchRequest, Kind, Person, PersonKind, Skill, Status


def year_choices(years) -> list[tuple[str, str]]:
    return [(str(year), nendo(year)) for year in sorted(set(years), reverse=True)]


class RequestFilter(django_filters.FilterSet):
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label=_("Kind of support"), empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    # HQ's regional view links a region's figures here (?region=doo).
    region = region_filter("municipality__bureau__region")
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
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
        model = DispatchRequest
        fields = ["fiscal_year", "kind", "status", "region", "bureau", "municipality"]

    def __init__(self, data=None, *args, user, years=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = year_choices(
            [*years, fiscal_year(), *recent_fiscal_years()]
        )
        if is_hq(user):
            self.filters["municipality"].queryset = Municipality.objects.select_related("bureau")
        elif user.role == "bureau":
            del self.filters["region"]
            del self.filters["bureau"]
            self.filters["municipality"].queryset = Municipality.objects.filter(
                bureau_id=user.bureau_id
            )
        else:
            # Municipal staff and advisors see few requests: year, kind and status suffice.
            del self.filters["region"]
            del self.filters["bureau"]
            del self.filters["municipality"]


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Full name"), method="filter_name")
    kind = django_filters.ChoiceFilter(
        choices=PersonKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.all(),
        to_field_name="code",
        label=_("Skill"),
        empty_label=_("All skills"),
        field_name="skills",
    )
    area = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Covers the area of"),
        empty_label=_("Anywhere"),
        method="filter_area",
    )

    class Meta:
        model = Person
        fields = ["name", "kind", "skill", "area"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__contains=value) | Q(kana__contains=value) | Q(organisation__contains=value)
        )

    def filter_area(self, queryset, name, value):
        if value is None:
            return queryset
        covering = Person.areas.through.objects.filter(bureau_id=value.pk).values("person_id")
        everywhere = Person.areas.through.objects.values("person_id")
        return queryset.filter(Q(pk__in=covering) | ~Q(pk__in=everywhere))
