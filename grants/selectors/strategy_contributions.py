"""What grant applications contributed to strategy measures in a 年度 (#21 point 4): the
grants decided, per measure, counted and summed (the fixed amount once there is one,
otherwise the approved). Registered with ``portal.registry.register_measure_contribution``."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import MeasureContribution

from ..models import Application, PolicyProject
from ..models.applications import COMMITTED_STATUSES


def grant_contributions(measure_ids: set, fiscal_year: int) -> list[MeasureContribution]:
    Link = Application.measures.through
    rows = (
        Link.objects.filter(
            strategymeasure_id__in=measure_ids,
            application__fiscal_year=fiscal_year,
            application__status__in=COMMITTED_STATUSES,
        )
        .values("strategymeasure_id")
        .annotate(
            count=Count("application_id"),
            amount=Sum(Coalesce("application__fixed_amount", "application__approved_amount")),
        )
        .order_by("strategymeasure_id")
    )
    url = reverse("grants:application_list")
    return [
        MeasureContribution(
            measure_id=row["strategymeasure_id"],
            kind="money",
            label=_("Grants decided"),
            count=row["count"],
            amount=row["amount"] or 0,
            url=f"{url}?fiscal_year={fiscal_year}",
        )
        for row in rows
    ]


def project_contributions(measure_ids: set, fiscal_year: int) -> list[MeasureContribution]:
    """Policy projects (F2) of the 年度 serving each measure, counted (their budgets are the
    bureau's, not grants: no amount)."""
    Link = PolicyProject.measures.through
    rows = (
        Link.objects.filter(
            strategymeasure_id__in=measure_ids, policyproject__fiscal_year=fiscal_year
        )
        .values("strategymeasure_id")
        .annotate(count=Count("policyproject_id"))
        .order_by("strategymeasure_id")
    )
    return [
        MeasureContribution(row["strategymeasure_id"], "money", _("Policy projects"), row["count"])
        for row in rows
    ]
