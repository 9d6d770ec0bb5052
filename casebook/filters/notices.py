"""GET filter form of the public notices (django-filter): the category, by its code."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models.notices import NoticeCategory


class NoticeFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        choices=NoticeCategory.choices, label=_("Category"), empty_label=_("All categories")
    )
