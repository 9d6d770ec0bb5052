"""ふるさと納税 portal sites (#22): a municipality keeps its listings on the private portal
sites and its donations received per 年度; bureaus and HQ record joint campaigns, correct
figures and import them from an .xlsx sheet."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.permissions import is_hq, is_staff_for_municipality
from portal.workflow import audit

from ..models.furusato_portals import DonationFigure, JointCampaign, PortalSite, PortalSiteListing
from ..permissions import furusato as permissions
from ..rules import furusato as rules


def _check_listing(listing: PortalSiteListing) -> None:
    errors = {}
    if listing.site == PortalSite.OTHER and not listing.other_name.strip():
        errors["other_name"] = _("Enter the name of the site.")
    if listing.site != PortalSite.OTHER:
        listing.other_name = ""
    if listing.ends_on and listing.starts_on and listing.ends_on < listing.starts_on:
        errors["ends_on"] = _("The end of the listing must not be before its start.")
    if errors:
        raise ValidationError(errors)


def listing_save(*, actor, listing: PortalSiteListing) -> PortalSiteListing:
    if not permissions.can_edit_portal_records(actor, listing.municipality_id):
        raise PermissionDenied
    _check_listing(listing)
    creating = listing.pk is None
    with transaction.atomic():
        listing.updated_by = actor
        listing.save()
        audit(listing, actor=actor, action="create" if creating else "edit")
    return listing


def listing_delete(*, actor, listing: PortalSiteListing) -> None:
    if not permissions.can_edit_portal_records(actor, listing.municipality_id):
        raise PermissionDenied
    with transaction.atomic():
        audit(listing, actor=actor, action="delete", extra={"site": listing.site_name})
        listing.delete()


def _may_set_figure(actor, municipality) -> bool:
    return permissions.can_edit_portal_records(actor, municipality.pk) or is_staff_for_municipality(
        actor, municipality
    )


def _set_figure(*, actor, municipality, fiscal_year, amount, count, note="", source="form"):
    problem = rules.donation_figure_problem(amount, count)
    if problem:
        raise ValidationError({"count": problem})
    figure = (
        DonationFigure.objects.select_for_update()
        .filter(municipality=municipality, fiscal_year=fiscal_year)
        .first()
    )
    if figure is None:
        figure = DonationFigure.objects.create(
            municipality=municipality,
            fiscal_year=fiscal_year,
            amount=amount,
            count=count,
            note=note,
            updated_by=actor,
        )
        audit(figure, actor=actor, action="create", extra={"source": source})
    elif (figure.amount, figure.count, figure.note) != (amount, count, note):
        before = [figure.amount, figure.count]
        figure.amount, figure.count, figure.note, figure.updated_by = amount, count, note, actor
        figure.save(update_fields=["amount", "count", "note", "updated_by", "updated_at"])
        audit(
            figure,
            actor=actor,
            action="edit",
            extra={"source": source, "before": before, "after": [amount, count]},
        )
    return figure


def donation_figure_set(
    *, actor, municipality, fiscal_year: int, amount: int, count: int, note: str = ""
) -> DonationFigure:
    """Record what ``municipality`` received in ``fiscal_year`` (replacing what was there).
    Its own staff, the bureau's officers and HQ may."""
    if not _may_set_figure(actor, municipality):
        raise PermissionDenied
    with transaction.atomic():
        return _set_figure(
            actor=actor,
            municipality=municipality,
            fiscal_year=fiscal_year,
            amount=amount,
            count=count,
            note=note,
        )


def donation_figures_import(*, actor, rows: list[dict]) -> int:
    """The rows of an .xlsx sheet (checked by DonationFigureRowForm), all or none."""
    with transaction.atomic():
        for row in rows:
            municipality = row["municipality"]
            if not (is_hq(actor) or is_staff_for_municipality(actor, municipality)):
                raise PermissionDenied
            _set_figure(
                actor=actor,
                municipality=municipality,
                fiscal_year=row["fiscal_year"],
                amount=row["amount"],
                count=row["count"],
                note=row.get("note") or "",
                source="excel",
            )
    return len(rows)


def joint_campaign_save(*, actor, campaign: JointCampaign, municipalities) -> JointCampaign:
    """A bureau records campaigns of its own municipalities; HQ any."""
    if not permissions.can_record_campaigns(actor):
        raise PermissionDenied
    if not is_hq(actor):
        campaign.bureau_id = actor.bureau_id
        outside = [m.name for m in municipalities if m.bureau_id != actor.bureau_id]
        if outside:
            raise ValidationError(
                {
                    "municipalities": _(
                        "Only municipalities of your bureau can be chosen: %(names)s."
                    )
                    % {"names": "、".join(outside)}
                }
            )
    if campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("The end must not be before the start.")})
    creating = campaign.pk is None
    with transaction.atomic():
        campaign.save()
        campaign.municipalities.set(municipalities)
        audit(campaign, actor=actor, action="create" if creating else "edit")
    return campaign
