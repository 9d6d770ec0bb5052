"""Public panels of the casebook: the latest case studies on the home page; a municipality's
published case studies and its adopted plans on its public page and profile sheet.

Only published case studies; of the plans only the facts a municipality publishes itself
(type, title, period, its own web page) of adopted ones — never drafts, summaries, files or
comments, which stay with the municipality, its bureau and HQ."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.japanese import nendo, wareki_date
from portal.registry import PanelItem, PublicPanel

from ..models import Plan, PlanStatus
from ..selectors.case_studies import case_studies_public

HOME_LIMIT = 5
MUNICIPALITY_LIMIT = 10


def _case_item(case) -> PanelItem:
    meta = [case.municipality.name] if case.municipality_id else []
    if case.published_at:
        meta.append(wareki_date(case.published_at))
    return PanelItem(title=case.title, url=case.get_absolute_url(), meta=tuple(meta))


def latest_case_studies() -> PublicPanel:
    """新着事例: one query."""
    cases = case_studies_public().order_by("-published_at", "-pk")[:HOME_LIMIT]
    return PublicPanel(
        key="case-studies",
        title=_("Latest case studies"),
        items=tuple(_case_item(case) for case in cases),
        more_url=reverse("casebook:case_study_list"),
        more_label=_("All case studies"),
        empty=_("No case studies have been published yet."),
        order=10,
    )


def municipality_case_studies(municipality) -> PublicPanel:
    cases = (
        case_studies_public()
        .filter(municipality_id=municipality.pk)
        .order_by("-published_at", "-pk")[:MUNICIPALITY_LIMIT]
    )
    return PublicPanel(
        key="case-studies",
        title=_("Case studies"),
        items=tuple(_case_item(case) for case in cases),
        more_url=reverse("casebook:case_study_list") + f"?municipality={municipality.pk}",
        more_label=_("All case studies of this municipality"),
        empty=_("No published case studies yet."),
        order=10,
    )


def municipality_plans(municipality) -> PublicPanel:
    plans = (
        Plan.objects.filter(
            municipality_id=municipality.pk,
            status__in=[PlanStatus.ADOPTED, PlanStatus.REVISING],
        )
        .select_related("plan_type")
        .order_by("plan_type__order", "-start_year", "pk")
        .only("title", "url", "start_year", "end_year", "status", "plan_type__name")
    )
    items = tuple(
        PanelItem(
            title=f"{plan.plan_type.name}：{plan.title}",
            url=plan.url,
            meta=(f"{nendo(plan.start_year)}〜{nendo(plan.end_year)}", plan.get_status_display()),
        )
        for plan in plans
    )
    return PublicPanel(
        key="plans",
        title=_("Plans"),
        items=items,
        empty=_("No adopted plans are registered on the portal."),
        order=60,
    )


def latest_notices() -> PublicPanel:
    """お知らせ: the newest public notices of the prefecture, one query."""
    from ..selectors.notices import notices_public

    notices = notices_public()[:HOME_LIMIT]
    return PublicPanel(
        key="notices",
        title=_("Notices from the prefecture"),
        items=tuple(
            PanelItem(
                title=notice.title,
                url=notice.get_absolute_url(),
                meta=(notice.get_category_display(), wareki_date(notice.sent_at)),
            )
            for notice in notices
        ),
        more_url=reverse("casebook:notice_list"),
        more_label=_("All notices"),
        empty=_("No notices have been published yet."),
        order=5,
    )
