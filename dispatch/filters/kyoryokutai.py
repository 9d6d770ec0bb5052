"""GET filter forms (django-filter) of the volunteers' portal and the register. Codes, not
ids, in the URL (?bureau=kamikawa&mission=tourism reads well when shared); the querysets
come from the selectors, and an unknown value is ignored rather than an error."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filters import recent_fiscal_years
from portal.models import Bureau, Municipality, Region
from portal.permissions import is_hq

from ..models import Mission, TrialKind, VolunteerStatus
from ..models.volunteers import ENDED_STATUSES
from ..selectors.kyoryokutai import (
    TERM_END_NOTICE_DAYS,
    current_q,
    open_now_q,
    past_q,
    positions_search,
)
from .requests import year_choices


class _DefaultsFilterSet(django_filters.FilterSet):
    """A filter whose first visit (no value given) means something, e.g. "current"."""

    defaults: dict = {}

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and self.defaults:
            data = data.copy()
            for key, value in self.defaults.items():
                if key not in data:
                    data[key] = value
        super().__init__(data, *args, **kwargs)


def _bureau_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Bureau"),
        empty_label=_("All bureaus"),
    )


def _mission_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Mission.objects.all(),
        to_field_name="code",
        field_name="missions",
        label=_("Mission"),
        empty_label=_("All missions"),
    )


class PositionFilter(_DefaultsFilterSet):
    q = django_filters.CharFilter(
        label=_("Keywords"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("For example: 観光 スキー"),
    )
    when = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            ("current", _("Current positions")),
            ("open", _("Taking applications now")),
            ("past", _("Past positions")),
            ("all", _("All positions")),
        ],
        empty_label=None,
        method="filter_when",
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="code",
        field_name="bureau__region",
        label=_("Collaboration region"),
        empty_label=_("All regions"),
    )
    bureau = _bureau_filter()
    mission = _mission_filter()

    defaults = {"when": "current"}

    def filter_q(self, queryset, name, value):
        return positions_search(queryset, value)

    def filter_when(self, queryset, name, value):
        if value == "open":
            return queryset.filter(open_now_q())
        if value == "past":
            return queryset.filter(past_q())
        if value == "all":
            return queryset
        return queryset.filter(current_q())


class TrialFilter(_DefaultsFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("upcoming", _("Coming and under way")), ("past", _("Past")), ("all", _("All"))],
        empty_label=None,
        method="filter_when",
    )
    kind = django_filters.ChoiceFilter(
        choices=TrialKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    bureau = _bureau_filter()
    mission = _mission_filter()

    defaults = {"when": "upcoming"}

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "past":
            return queryset.filter(Q(ends_on__lt=today) | Q(status="closed"))
        if value == "all":
            return queryset
        return queryset.filter(ends_on__gte=today, status="published")


class EventFilter(_DefaultsFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("upcoming", _("Coming events")), ("past", _("Past events")), ("all", _("All"))],
        empty_label=None,
        method="filter_when",
    )
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(),
        to_field_name="code",
        label=_("Organiser"),
        empty_label=_("All organisers"),
    )
    open_to_public = django_filters.BooleanFilter(
        label=_("Open to everyone (no account needed)"),
        widget=forms.CheckboxInput,
        method="filter_public",
    )

    defaults = {"when": "upcoming"}

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "past":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        if value == "all":
            return queryset
        return queryset.filter(ends_at__gte=now)

    def filter_public(self, queryset, name, value):
        return queryset.filter(open_to_public=True) if value else queryset


class VolunteerFilter(django_filters.FilterSet):
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Serving in"), empty_label=_("Any year"), method="filter_year"
    )
    status = django_filters.ChoiceFilter(
        choices=VolunteerStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )
    attention = django_filters.ChoiceFilter(
        label=_("Needs attention"),
        choices=[
            ("term_end", _("Term ends within 90 days")),
            ("settlement", _("Where they settled is not recorded")),
            ("follow_up", _("Follow-up a year later is due")),
        ],
        empty_label=_("Everything"),
        method="filter_attention",
    )
    # HQ's regional view links a region's figures here (?region=doo).
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="code",
        field_name="municipality__bureau__region",
        label=_("Collaboration region"),
        empty_label=_("All regions"),
    )
    bureau = _bureau_filter()
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(),
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    mission = _mission_filter()

    def __init__(self, data=None, *args, user, years=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["fiscal_year"].extra["choices"] = year_choices(
            [*years, *recent_fiscal_years()]
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
            del self.filters["region"]
            del self.filters["bureau"]
            del self.filters["municipality"]

    def filter_year(self, queryset, name, value):
        try:
            year = int(value)
        except (TypeError, ValueError):
            return queryset
        start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
        return queryset.filter(term_start__lte=end).filter(
            Q(ended_on__gte=start) | Q(ended_on__isnull=True, term_end__gte=start)
        )

    def filter_attention(self, queryset, name, value):
        today = timezone.localdate()
        if value == "term_end":
            return queryset.filter(
                status__in=[VolunteerStatus.COMMISSIONED, VolunteerStatus.ACTIVE],
                term_end__gte=today,
                term_end__lte=today + dt.timedelta(days=TERM_END_NOTICE_DAYS),
            )
        if value == "settlement":
            return queryset.filter(status__in=ENDED_STATUSES, settlement__isnull=True)
        if value == "follow_up":
            return queryset.filter(
                settlement__followup_due_on__lte=today, settlement__followup_at__isnull=True
            )
        return queryset
