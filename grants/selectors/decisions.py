"""Reads of the public list of grant decisions (交付決定一覧): decided applications only
(交付決定 and after; never drafts, applications under review, rejected or withdrawn ones),
and of each only the fields HQ publishes (models.publication)."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils import timezone, translation

from portal.exports import OPEN_DATA_LICENCE
from portal.japanese import nendo

from ..models import Application, DecisionPublication
from ..models.applications import Status
from ..models.publication import SINGLETON_PK

# 交付決定 and every status after it (the same set as api.DECIDED).
DECIDED_STATUSES = (
    Status.APPROVED,
    Status.CHANGE_REQUESTED,
    Status.REPORT_SUBMITTED,
    Status.AMOUNT_FIXED,
    Status.CLAIMED,
    Status.PAID,
    Status.CLOSED,
)
ORDER = ("-fiscal_year", "bureau__order", "municipality_id", "decided_at", "pk")

# Column name -> the field of the publication settings that shows it (None: always shown).
COLUMNS = {
    "fiscal_year": None,
    "fiscal_year_label": None,
    "municipality_code": None,
    "municipality": None,
    "reference": "reference",
    "bureau": "bureau",
    "programme": "programme",
    "title": "title",
    "decided_on": "decided_on",
    "amount": None,
}


def decision_publication() -> DecisionPublication:
    """HQ's choice of public fields (one query); the defaults until HQ first saves it."""
    found = DecisionPublication.objects.filter(pk=SINGLETON_PK).first()
    return found if found is not None else DecisionPublication(pk=SINGLETON_PK)


def decisions_public() -> QuerySet[Application]:
    return (
        Application.objects.filter(status__in=DECIDED_STATUSES, approved_amount__gt=0)
        .select_related("municipality", "bureau", "call__programme")
        .only(
            "fiscal_year",
            "reference",
            "title",
            "approved_amount",
            "decided_at",
            "municipality__code",
            "municipality__name",
            "bureau__name",
            "bureau__order",
            "call__programme__name",
        )
        .order_by(*ORDER)
    )


def decision_totals(queryset: QuerySet[Application]) -> dict:
    totals = queryset.order_by().aggregate(amount=Sum("approved_amount"))
    return {"amount": totals["amount"] or 0}


def decision_years() -> list[int]:
    years = decisions_public().order_by().values_list("fiscal_year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def public_columns(publication: DecisionPublication) -> list[str]:
    return [name for name, field in COLUMNS.items() if field is None or publication.shows(field)]


def decision_rows(queryset, publication: DecisionPublication) -> list[dict]:
    """Each decision as the open data give it: only the columns HQ publishes (the date of
    the decision as a date: the CSV and JSON write it as 2026-04-01)."""
    columns = public_columns(publication)
    rows = []
    with translation.override("ja"):  # open data are in Japanese whatever the page's language
        for application in queryset:
            decided = application.decided_at
            full = {
                "fiscal_year": application.fiscal_year,
                "fiscal_year_label": nendo(application.fiscal_year),
                "municipality_code": application.municipality.code,
                "municipality": application.municipality.name,
                "reference": application.reference,
                "bureau": application.bureau.name,
                "programme": application.call.programme.name,
                "title": application.title,
                "decided_on": timezone.localdate(decided) if decided else "",
                "amount": application.approved_amount,
            }
            rows.append({column: full[column] for column in columns})
    return rows


def licence_text() -> str:
    return f"{OPEN_DATA_LICENCE['name']} {OPEN_DATA_LICENCE['url']}"
