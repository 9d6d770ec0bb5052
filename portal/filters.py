"""GET filter forms of the kernel's public pages (django-filter): codes in the URL, so a
filtered list can be bookmarked and shared."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from . import registry
from .japanese import fiscal_year, nendo
from .models import Bureau, Event, Municipality, Region
from .regional import fiscal_year_range

# How many 年度 a list offers: the regional view links to the last six (portal.forms).
FISCAL_YEARS_OFFERED = 10


def recent_fiscal_years() -> list[int]:
    """The 年度 every list offers whatever its rows, so a link from the regional view for a
    year with nothing in it filters to nothing rather than being dropped as invalid."""
    current = fiscal_year()
    return list(range(current, current - FISCAL_YEARS_OFFERED, -1))


def fiscal_year_choices() -> list[tuple[str, str]]:
    return [(str(y), nendo(y)) for y in recent_fiscal_years()]


class FiscalYearFilter(django_filters.ChoiceFilter):
    """The 年度 (April to March, Asia/Tokyo) of a date-time field, e.g. when a challenge was
    submitted: the lists the regional view links to read ``?fiscal_year=2026`` with it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Fiscal year"))
        kwargs.setdefault("empty_label", _("All years"))
        kwargs.setdefault("choices", fiscal_year_choices)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        start, end = fiscal_year_range(int(value))
        return qs.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end})


def region_filter(field_name="bureau__region"):
    return django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        field_name=field_name,
        to_field_name="code",
        label=_("Collaboration region"),
        empty_label=_("All regions"),
    )


WHEN_CHOICES = [("upcoming", _("Coming events")), ("past", _("Past events (archive)"))]


class EventFilter(django_filters.FilterSet):
    """Category (the pillars register theirs with a label) and organising bureau; whether
    coming or past events are listed is the view's ``when``."""

    when = django_filters.ChoiceFilter(
        label=_("Show"), choices=WHEN_CHOICES, empty_label=None, method="filter_nothing"
    )
    category = django_filters.ChoiceFilter(label=_("Category"), empty_label=_("All categories"))
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Organising bureau"),
        empty_label=_("All organisers"),
    )

    class Meta:
        model = Event
        fields = ["when", "category", "bureau"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].extra["choices"] = [
            (code, str(label)) for code, label in registry.event_categories().items()
        ]

    def filter_nothing(self, queryset, name, value):
        return queryset  # the view chose the queryset (coming or past) already

    @property
    def past(self) -> bool:
        return self.data.get("when") == "past"


class ConsultationFilter(django_filters.FilterSet):
    """The consultation list's filters, by the 年度 asked and the place (the regional view
    links here): the status is read by the view as before. Place filters as the user's
    scope allows: HQ all, a bureau officer the bureau's municipalities, staff none."""

    fiscal_year = FiscalYearFilter(field_name="created_at", label=_("Fiscal year asked"))
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
    answered = django_filters.ChoiceFilter(
        label=_("Answer"),
        choices=[("yes", _("Answered")), ("no", _("Not answered yet"))],
        empty_label=_("All"),
        method="filter_answered",
    )

    def __init__(self, data=None, *args, user, **kwargs):
        from .models import Role
        from .permissions import is_hq

        super().__init__(data, *args, **kwargs)
        if is_hq(user):
            self.filters["municipality"].queryset = Municipality.objects.select_related("bureau")
            return
        for name in ("region", "bureau"):
            del self.filters[name]
        if user.role == Role.BUREAU:
            self.filters["municipality"].queryset = Municipality.objects.filter(
                bureau_id=user.bureau_id
            )
        else:
            del self.filters["municipality"]

    def filter_answered(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(answered_at__isnull=False)
        if value == "no":
            return queryset.filter(answered_at__isnull=True)
        return queryset
