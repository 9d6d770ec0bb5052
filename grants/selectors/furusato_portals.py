"""Scoped reads of ふるさと納税 portal-site listings, joint campaigns and donations received."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from portal.selectors import get_in_scope, scope_q

from ..models.furusato_portals import DonationFigure, JointCampaign, PortalSiteListing
from ..permissions import furusato as permissions


def listings_of_municipality(municipality_id) -> QuerySet[PortalSiteListing]:
    return PortalSiteListing.objects.filter(municipality_id=municipality_id).order_by(
        "starts_on", "pk"
    )


def listing_get_for_edit(user, pk) -> PortalSiteListing:
    """A listing of the user's own municipality; anything else is 404."""
    if not permissions.is_municipal_staff(user):
        return get_in_scope(PortalSiteListing.objects.none(), pk=pk)
    return get_in_scope(listings_of_municipality(user.municipality_id), pk=pk)


def campaigns_of_municipality(municipality_id) -> QuerySet[JointCampaign]:
    return (
        JointCampaign.objects.filter(municipalities=municipality_id)
        .select_related("bureau")
        .order_by("-starts_on", "pk")
    )


def figures_of_municipality(municipality_id) -> QuerySet[DonationFigure]:
    return DonationFigure.objects.filter(municipality_id=municipality_id).order_by("-fiscal_year")


def figures_visible_to(user) -> QuerySet[DonationFigure]:
    """HQ: every municipality; an officer: the bureau's; municipal staff: their own."""
    if not permissions.can_view_donation_figures(user):
        return DonationFigure.objects.none()
    return DonationFigure.objects.filter(scope_q(user)).select_related(
        "municipality", "municipality__bureau"
    )


def figure_totals(queryset) -> dict:
    return queryset.order_by().aggregate(
        amount=Sum("amount"),
        count=Sum("count"),
        municipalities=Count("municipality", distinct=True),
    )
