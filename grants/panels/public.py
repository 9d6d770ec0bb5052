"""Public panels of financial support: calls open for applications on the home page; a
municipality's decided grants (only the fields HQ publishes) and the finished bureau
projects that served it, on its public page and profile sheet."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.japanese import nendo, wareki_date, yen
from portal.registry import PanelItem, PublicPanel

from ..selectors.applications import calls_public
from ..selectors.decisions import decision_publication, decision_rows, decisions_public
from ..selectors.projects import policy_projects_public

HOME_LIMIT = 5
MUNICIPALITY_LIMIT = 10


def open_calls() -> PublicPanel:
    """受付中の募集, closing soonest first: one query."""
    now = timezone.now()
    calls = (
        calls_public()
        .prefetch_related(None)
        .filter(opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "pk")[:HOME_LIMIT]
    )
    items = tuple(
        PanelItem(
            title=call.title,
            url=reverse("grants:call_detail", args=[call.pk]),
            meta=(
                call.bureau.name,
                _("Applications until %(date)s") % {"date": wareki_date(call.closes_at)},
            ),
        )
        for call in calls
    )
    return PublicPanel(
        key="calls",
        title=_("Grant calls open for applications"),
        items=items,
        more_url=reverse("grants:call_list"),
        more_label=_("All grant calls"),
        empty=_("No grant call is open for applications right now."),
        order=20,
    )


def municipality_decisions(municipality) -> PublicPanel:
    """The municipality's decided grants, latest 年度 first: two queries (the settings)."""
    publication = decision_publication()
    applications = decisions_public().filter(municipality_id=municipality.pk)[:MUNICIPALITY_LIMIT]
    items = []
    for row in decision_rows(applications, publication):
        title = row.get("title") or row.get("programme") or _("Grant decided")
        meta = [row["fiscal_year_label"], yen(row["amount"])]
        if row.get("decided_on"):
            meta.append(_("decided on %(date)s") % {"date": wareki_date(row["decided_on"])})
        items.append(PanelItem(title=title, meta=tuple(meta)))
    return PublicPanel(
        key="decisions",
        title=_("Grant decisions"),
        items=tuple(items),
        more_url=reverse("grants:decision_list") + f"?municipality={municipality.pk}",
        more_label=_("All grant decisions of this municipality"),
        empty=_("No grant decision is published yet."),
        order=30,
    )


def municipality_projects(municipality) -> PublicPanel:
    """Finished bureau policy projects that served the municipality: one query."""
    projects = (
        policy_projects_public()
        .filter(municipalities=municipality.pk)
        .order_by("-fiscal_year", "pk")[:MUNICIPALITY_LIMIT]
    )
    items = tuple(
        PanelItem(
            title=project.title,
            url=reverse("grants:project_result_detail", args=[project.pk]),
            meta=(nendo(project.fiscal_year), project.bureau.name),
        )
        for project in projects
    )
    return PublicPanel(
        key="projects",
        title=_("Bureau policy projects"),
        items=items,
        more_url=reverse("grants:project_results"),
        more_label=_("All finished policy projects"),
        empty=_("No finished bureau project has served this municipality yet."),
        order=40,
    )
