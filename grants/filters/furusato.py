"""GET filter forms of ふるさと納税 support (F4): seminars, the projects companies browse,
the pipeline and the matching report. Querysets come from the scoped selectors."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.japanese import fiscal_year, nendo
from portal.models import Bureau, Event, Region

from ..models.furusato import (
    Interest,
    InterestStatus,
    SupportKind,
    SupportProject,
    SupportProjectStatus,
)
from ..models.projects import PolicyTheme
from ..selectors.furusato import fiscal_year_bounds

# 年度 offered by the statistics and reports: the last five and the next one.
YEARS_BACK = 5


def recent_years() -> list[tuple[str, str]]:
    this = fiscal_year()
    return [(str(year), nendo(year)) for year in range(this + 1, this - YEARS_BACK, -1)]


def chosen_year(data) -> int:
    """The 年度 asked for, or the current one when missing or unknown (pages never mix
    years)."""
    value = (data or {}).get("fiscal_year")
    return int(value) if value in {v for v, _label in recent_years()} else fiscal_year()


class ThemeFilter(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", PolicyTheme.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Theme"))
        kwargs.setdefault("empty_label", _("All themes"))
        super().__init__(**kwargs)


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=_("Upcoming and past"),
        method="filter_when",
    )
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Organiser"),
        empty_label=_("All organisers"),
    )
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year"), empty_label=_("All years"), method="filter_year"
    )

    class Meta:
        model = Event
        fields = ["when", "bureau", "fiscal_year"]

    def __init__(self, data=None, *args, **kwargs):
        # A first visit shows what is coming; "upcoming and past" is one choice away.
        if data is not None and "when" not in data:
            data = data.copy()
            data["when"] = "upcoming"
        super().__init__(data, *args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = recent_years()

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if value == "past":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return queryset

    def filter_year(self, queryset, name, value):
        start, end = fiscal_year_bounds(int(value))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)


class SupportProjectFilter(django_filters.FilterSet):
    """What companies browse by: kind of support, theme, where, and the amount."""

    kind = django_filters.ChoiceFilter(
        choices=SupportKind.choices, label=_("Kind of support"), empty_label=_("All kinds")
    )
    theme = ThemeFilter()
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="code",
        field_name="municipality__bureau__region",
        label=_("Collaboration region"),
        empty_label=_("All regions"),
    )
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        field_name="municipality__bureau",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    max_amount = django_filters.NumberFilter(
        field_name="amount_sought",
        lookup_expr="lte",
        label=_("Amount sought up to (yen)"),
    )

    class Meta:
        model = SupportProject
        fields = ["kind", "theme", "region", "bureau", "max_amount"]


class PipelineFilter(django_filters.FilterSet):
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        field_name="municipality__bureau",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )
    kind = django_filters.ChoiceFilter(
        choices=SupportKind.choices, label=_("Kind of support"), empty_label=_("All kinds")
    )
    theme = ThemeFilter()
    status = django_filters.ChoiceFilter(
        choices=[
            (SupportProjectStatus.OPEN.value, SupportProjectStatus.OPEN.label),
            (SupportProjectStatus.CLOSED.value, SupportProjectStatus.CLOSED.label),
        ],
        label=_("Status"),
        empty_label=_("All statuses"),
    )

    class Meta:
        model = SupportProject
        fields = ["fiscal_year", "bureau", "kind", "theme", "status"]

    def __init__(self, *args, hq: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = recent_years()
        if not hq:
            # An officer's pipeline is the bureau's own: no bureau to choose.
            del self.filters["bureau"]


class InterestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=InterestStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = Interest
        fields = ["status"]


class MatchFilter(django_filters.FilterSet):
    """The matches (accepted interest) of one 年度, by when the municipality accepted."""

    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year"), empty_label=None, method="filter_year"
    )

    class Meta:
        model = Interest
        fields = ["fiscal_year"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        self.year = chosen_year(data)
        data["fiscal_year"] = str(self.year)
        super().__init__(data, *args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = recent_years()

    def filter_year(self, queryset, name, value):
        start, end = fiscal_year_bounds(int(value))
        return queryset.filter(responded_at__gte=start, responded_at__lt=end)


class MyProjectFilter(django_filters.FilterSet):
    """The municipality's own projects, drafts included."""

    status = django_filters.ChoiceFilter(
        choices=SupportProjectStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), empty_label=_("All years"))

    class Meta:
        model = SupportProject
        fields = ["status", "fiscal_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = recent_years()
