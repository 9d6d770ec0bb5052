"""GET filter forms of the kernel's public pages (django-filter): codes in the URL, so a
filtered list can be bookmarked and shared."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import Bureau, Event

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
