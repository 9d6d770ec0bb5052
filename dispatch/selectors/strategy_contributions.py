"""What dispatch contributed to strategy measures in a 年度 (#21 point 4): the requests
taken on (submitted and not declined or withdrawn) and their sessions, per measure.
Registered with ``portal.registry.register_measure_contribution``."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import MeasureContribution

from ..models import DispatchRequest, Session
from ..models.requests import Status

TAKEN_ON = (Status.SUBMITTED, Status.APPROVED, Status.ASSIGNED, Status.CLOSED)


def dispatch_contributions(measure_ids: set, fiscal_year: int) -> list[MeasureContribution]:
    Link = DispatchRequest.measures.through
    requests = (
        Link.objects.filter(
            strategymeasure_id__in=measure_ids,
            dispatchrequest__fiscal_year=fiscal_year,
            dispatchrequest__status__in=TAKEN_ON,
        )
        .values("strategymeasure_id")
        .annotate(count=Count("dispatchrequest_id"))
        .order_by("strategymeasure_id")
    )
    sessions = (
        Session.objects.filter(
            request__measures__in=measure_ids,
            fiscal_year=fiscal_year,
            request__status__in=TAKEN_ON,
        )
        .values("request__measures")
        .annotate(count=Count("pk"))
        .order_by("request__measures")
    )
    url = reverse("dispatch:request_list")
    rows = [
        MeasureContribution(
            row["strategymeasure_id"], "people", _("Dispatch requests"), row["count"], None, url
        )
        for row in requests
    ]
    rows += [
        MeasureContribution(
            row["request__measures"], "people", _("Dispatch sessions"), row["count"]
        )
        for row in sessions
    ]
    return rows
