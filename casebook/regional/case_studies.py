"""The casebook's figures for the regional view (information), and its panel on a
municipality's page there. Aggregated in the database: two GROUP BY queries.

A case study counts in the 年度 of its first publication (what the information pillar did
that year), not in the 年度 of the initiative it describes; a proposal counts in the 年度 it
was sent. Archived case studies were published, so they still count.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.regional import PLACE_FILTERS, Measure, fiscal_year_of

from ..models import CaseStudy, Origin, Status

GROUP = _("Case studies and challenges")


def _list(context) -> dict:
    # The figure counts by the 年度 of first publication, which the list reads as
    # ``published_in`` (its ``fiscal_year`` is the 年度 of the initiative described).
    place = {k: v for k, v in context.items() if k != "fiscal_year"}
    return {"published_in": context.get("fiscal_year"), **place}


MEASURES = [
    Measure(
        "casebook.published",
        "information",
        _("Case studies published"),
        order=10,
        url_name="casebook:case_study_list",
        url_params=_list,
        url_filters=PLACE_FILTERS,
        group=GROUP,
        chart=True,
    ),
    Measure(
        "casebook.proposed",
        "information",
        _("Case studies proposed by the municipality"),
        order=11,
        group=GROUP,
    ),
]


def provider(years, codes):
    """Rows (measure, 年度, municipality code, value): case studies published (by the 年度
    of their first publication) and proposals sent by municipal staff (by the 年度 sent)."""
    published = (
        CaseStudy.objects.filter(
            municipality_id__in=codes,
            status__in=[Status.PUBLISHED, Status.ARCHIVED],
            published_at__isnull=False,
        )
        .annotate(fy=fiscal_year_of("published_at"))
        .filter(fy__in=years)
        .values("municipality_id", "fy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in published:
        yield "casebook.published", row["fy"], row["municipality_id"], row["n"]
    proposed = (
        CaseStudy.objects.filter(municipality_id__in=codes, origin=Origin.PROPOSAL)
        .annotate(fy=fiscal_year_of("created_at"))
        .filter(fy__in=years)
        .values("municipality_id", "fy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in proposed:
        yield "casebook.proposed", row["fy"], row["municipality_id"], row["n"]


def municipality_panel(user, municipality):
    """The municipality's latest published case studies (public), and for its own staff and
    its bureau the drafts and proposals in progress."""
    from ..selectors.case_studies import case_studies_visible_to

    rows = (
        case_studies_visible_to(user)
        .filter(municipality=municipality)
        .exclude(status=Status.ARCHIVED)
        .order_by("-updated_at", "-id")[:10]
    )
    items = []
    for case_study in rows:
        title = case_study.title
        if case_study.status != Status.PUBLISHED:
            title = f"{title}（{case_study.get_status_display()}）"
        items.append(
            {"title": title, "url": reverse("casebook:case_study_detail", args=[case_study.pk])}
        )
    if not items:
        return None
    items.append(
        {
            "title": _("All case studies of the municipality"),
            "url": reverse("casebook:case_study_list") + f"?municipality={municipality.code}",
        }
    )
    return {"title": _("Case studies"), "items": items}
