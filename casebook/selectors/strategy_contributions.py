"""What the casebook contributed to strategy measures in a 年度 (#21 point 4): the case
studies published of initiatives carried out that 年度, per measure ('information').
Registered with ``portal.registry.register_measure_contribution``."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import MeasureContribution

from ..models import CaseStudy
from ..models.choices import Status


def case_study_contributions(measure_ids: set, fiscal_year: int) -> list[MeasureContribution]:
    Link = CaseStudy.measures.through
    rows = (
        Link.objects.filter(
            strategymeasure_id__in=measure_ids,
            casestudy__fiscal_year=fiscal_year,
            casestudy__status=Status.PUBLISHED,
        )
        .values("strategymeasure_id")
        .annotate(count=Count("casestudy_id"))
        .order_by("strategymeasure_id")
    )
    url = reverse("casebook:case_study_list")
    return [
        MeasureContribution(
            row["strategymeasure_id"], "information", _("Case studies"), row["count"], None, url
        )
        for row in rows
    ]
