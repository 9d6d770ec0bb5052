"""GET filter forms of the policy project pages (F2): the public list of finished projects
and the internal list. The querysets they narrow come from the scoped selectors."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.japanese import nendo
from portal.models import Bureau, Region

from ..models.projects import PolicyProject, PolicyTheme, ProjectStatus


def year_choices(queryset) -> list[tuple[str, str]]:
    years = queryset.order_by().values_list("fiscal_year", flat=True).distinct()
    return [(str(year), nendo(year)) for year in sorted(set(years), reverse=True)]


class PublicProjectFilter(django_filters.FilterSet):
    """年度, bureau, collaboration region and theme: codes in the URL, so a filtered list
    reads well when shared (?bureau=ishikari&theme=tourism)."""

    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Collaboration region"),
        empty_label=_("All regions"),
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=PolicyTheme.objects.all(),
        to_field_name="code",
        label=_("Theme"),
        empty_label=_("All themes"),
    )

    class Meta:
        model = PolicyProject
        fields = ["fiscal_year", "bureau", "region", "theme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = year_choices(self.queryset)


class ProjectFilter(PublicProjectFilter):
    """The internal list adds the status."""

    status = django_filters.ChoiceFilter(
        choices=ProjectStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = PolicyProject
        fields = ["fiscal_year", "bureau", "region", "theme", "status"]
