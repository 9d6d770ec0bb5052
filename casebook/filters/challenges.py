"""GET filter forms of the challenges' and plans' lists (django-filter); codes in the URL."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import FiscalYearFilter
from portal.forms import MunicipalityChoiceField
from portal.models import Bureau, Region

from ..models import ChallengeStatus, PlanStatus, PlanType, Theme, Urgency
from ..selectors.plans import due_for_revision_q


class _MunicipalityFilter(django_filters.ModelChoiceFilter):
    field_class = MunicipalityChoiceField


def _scoped_municipalities(filterset, user):
    from portal.selectors import municipalities_visible_to

    field = filterset.form.fields.get("municipality")
    if field is not None:
        field.queryset = (
            municipalities_visible_to(user)
            .select_related("bureau")
            .order_by("bureau__order", "code")
        )


class _StaffFilterSet(django_filters.FilterSet):
    """Bureau and region facets only for HQ; municipality only for staff."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.models import Role
        from portal.permissions import is_hq

        if not is_hq(user):
            self.filters.pop("bureau", None)
            self.filters.pop("region", None)
            self.form.fields.pop("bureau", None)
            self.form.fields.pop("region", None)
        if user is None or user.role == Role.MUNICIPAL:
            self.filters.pop("municipality", None)
            self.form.fields.pop("municipality", None)
        else:
            _scoped_municipalities(self, user)


class ChallengeFilter(_StaffFilterSet):
    # The 年度 submitted, as the regional view counts them (?fiscal_year=2026).
    fiscal_year = FiscalYearFilter(field_name="created_at", label=_("Fiscal year submitted"))
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(),
        to_field_name="code",
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    status = django_filters.ChoiceFilter(
        choices=ChallengeStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    urgency = django_filters.ChoiceFilter(
        choices=Urgency.choices, label=_("Urgency"), empty_label=_("Any urgency")
    )
    region = django_filters.ModelChoiceFilter(
        field_name="bureau__region",
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
    municipality = _MunicipalityFilter(label=_("Municipality"), empty_label=_("All municipalities"))


class PlanFilter(_StaffFilterSet):
    plan_type = django_filters.ModelChoiceFilter(
        queryset=PlanType.objects.all(),
        to_field_name="code",
        label=_("Plan type"),
        empty_label=_("All plan types"),
    )
    status = django_filters.ChoiceFilter(
        choices=PlanStatus.choices, label=_("Status"), empty_label=_("Any status")
    )
    due = django_filters.ChoiceFilter(
        label=_("Revision"),
        choices=[("yes", _("Due for revision"))],
        empty_label=_("All plans"),
        method="filter_due",
    )
    region = django_filters.ModelChoiceFilter(
        field_name="bureau__region",
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
    municipality = _MunicipalityFilter(label=_("Municipality"), empty_label=_("All municipalities"))

    def filter_due(self, queryset, name, value):
        return queryset.filter(due_for_revision_q()) if value == "yes" else queryset
