"""Public panels of human support: open 協力隊 positions on the home page, and a
municipality's published positions on its public page and profile sheet. Drafts never."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.japanese import wareki_date
from portal.registry import PanelItem, PublicPanel

from ..selectors.kyoryokutai import current_q, open_now_q, positions_public

HOME_LIMIT = 5
MUNICIPALITY_LIMIT = 10


def _item(position, *, with_municipality: bool) -> PanelItem:
    meta = [position.municipality.name] if with_municipality else []
    meta.append(
        _("Applications until %(date)s") % {"date": wareki_date(position.applications_close)}
    )
    return PanelItem(
        title=position.title,
        url=reverse("dispatch:kyoryokutai_position_detail", args=[position.pk]),
        meta=tuple(meta),
    )


def open_positions() -> PublicPanel:
    """受付中の協力隊募集, closing soonest first: one query (no missions needed)."""
    positions = (
        positions_public()
        .prefetch_related(None)
        .filter(open_now_q())
        .order_by("applications_close", "pk")[:HOME_LIMIT]
    )
    return PublicPanel(
        key="positions",
        title=_("Open positions for community revitalisation volunteers"),
        items=tuple(_item(p, with_municipality=True) for p in positions),
        more_url=reverse("dispatch:kyoryokutai_position_list") + "?when=open",
        more_label=_("All positions"),
        empty=_("No position is open for applications right now."),
        order=30,
    )


def municipality_positions(municipality) -> PublicPanel:
    positions = (
        positions_public()
        .prefetch_related(None)
        .filter(current_q(), municipality_id=municipality.pk)
        .order_by("applications_close", "pk")[:MUNICIPALITY_LIMIT]
    )
    return PublicPanel(
        key="positions",
        title=_("Volunteer positions (地域おこし協力隊)"),
        items=tuple(_item(p, with_municipality=False) for p in positions),
        more_url=reverse("dispatch:kyoryokutai_municipality", args=[municipality.pk]),
        more_label=_("Current and past positions of this municipality"),
        empty=_("No position is currently posted."),
        order=20,
    )
