"""A municipality's 総合戦略 on its public page (published only) and in the regional view
(its staff and bureau also see a draft, with the way to the working page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..japanese import nendo
from ..registry import PanelItem, PublicPanel
from ..selectors import strategy as selectors


def _period(strategy) -> str:
    return f"{nendo(strategy.start_year)}〜{nendo(strategy.end_year)}"


def public_municipality_panel(municipality) -> PublicPanel:
    """One query."""
    strategies = selectors.published_for_municipality(municipality.pk)
    return PublicPanel(
        key="strategies",
        title=_("Comprehensive strategy"),
        items=tuple(
            PanelItem(title=s.title, url=s.get_public_url(), meta=(_period(s),)) for s in strategies
        ),
        more_url=reverse("portal:strategy_index"),
        more_label=_("Strategies of every municipality and region"),
        empty=_("No comprehensive strategy is published on the portal yet."),
        order=55,
    )


def municipality_panel(user, municipality):
    strategies = selectors.strategies_visible_to(user).filter(municipality=municipality)
    items = [
        {
            "title": f"{s.title}（{s.get_status_display()}）",
            "url": s.get_absolute_url(),
        }
        for s in strategies.order_by("-start_year")
    ]
    if not items:
        return None
    return {"title": _("Comprehensive strategy"), "items": items}
