"""The grants pillar's figures for the regional view (money)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from portal.regional import PLACE_FILTERS, BureauKey, Measure

from ..models import Allocation, Application, Payment
from ..models.applications import COMMITTED_STATUSES
from ..selectors.applications import committed_value

MEASURES = [
    Measure(
        "grants.applications",
        "money",
        _("Grant applications"),
        order=1,
        url_name="grants:dashboard",
        url_filters=PLACE_FILTERS,
    ),
    Measure(
        "grants.decided",
        "money",
        _("Grants decided"),
        order=2,
        url_name="grants:dashboard",
        url_filters=PLACE_FILTERS,
    ),
    Measure(
        "grants.committed",
        "money",
        _("Amount decided (yen)"),
        unit="yen",
        order=3,
        url_name="grants:dashboard",
        url_filters=PLACE_FILTERS,
        chart=True,
    ),
    Measure("grants.paid", "money", _("Amount paid (yen)"), unit="yen", order=4),
    Measure("grants.allocation", "money", _("Allocation (yen)"), unit="yen", order=5),
]


def provider(years, codes):
    applications = (
        Application.objects.filter(
            municipality_id__in=codes, fiscal_year__in=years, submitted_at__isnull=False
        )
        .values("municipality_id", "fiscal_year")
        .annotate(
            submitted=Count("pk"),
            decided=Count("pk", filter=Q(status__in=COMMITTED_STATUSES)),
            committed=Sum(committed_value(), filter=Q(status__in=COMMITTED_STATUSES)),
        )
        .order_by()
    )
    for row in applications:
        code, year = row["municipality_id"], row["fiscal_year"]
        yield "grants.applications", year, code, row["submitted"]
        yield "grants.decided", year, code, row["decided"]
        yield "grants.committed", year, code, row["committed"] or 0
    payments = (
        Payment.objects.filter(
            application__municipality_id__in=codes, application__fiscal_year__in=years
        )
        .values("application__municipality_id", "application__fiscal_year")
        .annotate(
            paid=Sum("amount", filter=~Q(kind=Payment.Kind.REFUND)),
            refunded=Sum("amount", filter=Q(kind=Payment.Kind.REFUND)),
        )
        .order_by()
    )
    for row in payments:
        yield (
            "grants.paid",
            row["application__fiscal_year"],
            row["application__municipality_id"],
            (row["paid"] or 0) - (row["refunded"] or 0),
        )
    for allocation in Allocation.objects.filter(fiscal_year__in=years):
        yield (
            "grants.allocation",
            allocation.fiscal_year,
            BureauKey(allocation.bureau_id),
            allocation.amount,
        )


def municipality_panel(user, municipality):
    """The municipality's latest applications, for the municipality page of the regional view."""
    from django.urls import reverse

    from portal.models import Role

    from ..selectors.applications import applications_visible_to

    applications = applications_visible_to(user).filter(municipality=municipality)[:10]
    staff_side = user.role in (Role.BUREAU, Role.HQ) or user.is_superuser
    items = [
        {
            "title": f"{a.reference or '—'} {a.title}（{a.get_status_display()}）",
            "url": reverse("admin:grants_application_change", args=[a.pk])
            if staff_side
            else reverse("grants:application_detail", args=[a.pk]),
        }
        for a in applications
    ]
    return {"title": _("Grant applications"), "items": items}
