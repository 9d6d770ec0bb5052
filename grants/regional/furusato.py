"""ふるさと納税 figures for the regional view (#22): the donations municipalities received
in a 年度 (受入額 and 件数), summed by the kernel up to bureaus, 連携地域 and all Hokkaido.
Each figure opens the donations list filtered to its place and 年度."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from portal.regional import PLACE_FILTERS, Measure

from ..models.furusato_portals import DonationFigure

MEASURES = [
    Measure(
        "furusato.donations_amount",
        "money",
        _("Hometown tax donations received (yen)"),
        unit="yen",
        order=20,
        url_name="grants:furusato_figures",
        url_filters=PLACE_FILTERS,
        group=_("Hometown tax donations (ふるさと納税)"),
    ),
    Measure(
        "furusato.donations_count",
        "money",
        _("Hometown tax donations received (number)"),
        order=21,
        url_name="grants:furusato_figures",
        url_filters=PLACE_FILTERS,
        group=_("Hometown tax donations (ふるさと納税)"),
    ),
]


def provider(years, codes):
    figures = (
        DonationFigure.objects.filter(municipality_id__in=codes, fiscal_year__in=years)
        .values("municipality_id", "fiscal_year")
        .annotate(amount=Sum("amount"), count=Sum("count"))
        .order_by()
    )
    for row in figures:
        code, year = row["municipality_id"], row["fiscal_year"]
        yield "furusato.donations_amount", year, code, row["amount"] or 0
        yield "furusato.donations_count", year, code, row["count"] or 0


def municipality_panel(user, municipality):
    """The municipality's ふるさと納税 portal sites, on its page of the regional view: its own
    staff open their sites page, officers and HQ the listing in the admin."""
    from django.urls import reverse

    from portal.japanese import wareki_date
    from portal.models import Role

    from ..selectors.furusato_portals import listings_of_municipality

    staff_side = user.role in (Role.BUREAU, Role.HQ) or user.is_superuser
    items = [
        {
            "title": f"{listing.site_name}（{wareki_date(listing.starts_on)}〜"
            f"{wareki_date(listing.ends_on) if listing.ends_on else ''}）",
            "url": reverse("admin:grants_portalsitelisting_change", args=[listing.pk])
            if staff_side
            else reverse("grants:furusato_sites"),
        }
        for listing in listings_of_municipality(municipality.pk)
    ]
    return {"title": _("Hometown tax donation portal sites"), "items": items}
