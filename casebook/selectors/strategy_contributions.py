"""What the casebook contributed to strategy measures in a 年度 (#21 point 4): the case
studies published of initiatives carried out that 年度, per measure ('information').
Registered with ``portal.registry.register_measure_contribution``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry import MeasureContribution

from ..models import CaseStudy, Challenge
from ..models.choices import Status


def challenge_contributions(measure_ids: set, fiscal_year: int) -> list[MeasureContribution]:
    """Challenges submitted in the 年度 (April to March), per measure ('information')."""
    Link = Challenge.measures.through
    zone = timezone.get_current_timezone()
    start = dt.datetime(fiscal_year, 4, 1, tzinfo=zone)
    end = dt.datetime(fiscal_year + 1, 4, 1, tzinfo=zone)
    rows = (
        Link.objects.filter(
            strategymeasure_id__in=measure_ids,
            challenge__created_at__gte=start,
            challenge__created_at__lt=end,
        )
        .values("strategymeasure_id")
        .annotate(count=Count("challenge_id"))
        .order_by("strategymeasure_id")
    )
    url = reverse("casebook:challenge_list")
    return [
        MeasureContribution(
            row["strategymeasure_id"], "information", _("Challenges"), row["count"], None, url
        )
        for row in rows
    ]


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
