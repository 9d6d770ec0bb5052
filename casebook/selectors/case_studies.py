"""Reads of case studies: the public library, staff scope, related cases, counts by area."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from portal.models import Region, Role
from portal.pagecache import current_generation
from portal.selectors import NOTHING, get_in_scope, scope_q

from ..models import CaseStudy, Status, Theme
from ..permissions.case_studies import can_view_case_study

# Lists never need the search columns (the text is as long as the case study).
LIST_DEFERRED = ("search_text", "search_grams")


def case_studies_public() -> QuerySet[CaseStudy]:
    return (
        CaseStudy.objects.filter(status=Status.PUBLISHED)
        .select_related("municipality", "bureau", "region")
        .defer(*LIST_DEFERRED)
    )


def with_list_relations(queryset: QuerySet[CaseStudy]) -> QuerySet[CaseStudy]:
    return queryset.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order", "code"))
    )


def case_study_get_public(pk) -> CaseStudy:
    return get_in_scope(case_studies_public(), pk=pk)


def _staff_scope(user) -> Q:
    """Bureau officers: their bureau's case studies; HQ: all; municipal staff: their
    municipality's (their proposals among them)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.role == Role.MUNICIPAL:
        return Q(municipality_id=user.municipality_id)
    return scope_q(user, municipality="municipality", bureau="bureau")


def case_studies_visible_to(user) -> QuerySet[CaseStudy]:
    """Everything the user may see: published ones, and the rest of their scope."""
    scope = _staff_scope(user)
    # An empty Q (HQ: everything) would vanish from an OR: it means no filter at all.
    visible = Q(status=Status.PUBLISHED) | scope if scope else Q()
    return (
        CaseStudy.objects.filter(visible)
        .select_related("municipality", "bureau", "region")
        .defer(*LIST_DEFERRED)
    )


def case_study_get_for(user, pk) -> CaseStudy:
    """A case study the user may read (a draft only within scope), else 404."""
    case_study = get_in_scope(case_studies_visible_to(user), pk=pk)
    if not can_view_case_study(user, case_study):
        raise Http404
    return case_study


def case_study_page_relations(case_study: CaseStudy) -> dict:
    """What the case study's page shows besides its own fields (a fixed number of queries)."""
    return {
        "themes": list(case_study.themes.order_by("order", "code")),
        "figures": list(case_study.figures.all()),
        "funding": list(case_study.funding_sources.all()),
        "photos": [p for p in case_study.photos.all() if p.ready],
    }


def related_case_studies(case_study: CaseStudy, *, limit: int = 4) -> list[CaseStudy]:
    """Published case studies on the same themes, then from the same bureau's area."""
    theme_ids = list(case_study.themes.values_list("pk", flat=True))
    base = case_studies_public().exclude(pk=case_study.pk).order_by("-published_at", "-id")
    # A semi-join (not DISTINCT over a join): the newest-first index is walked and stops
    # at ``limit`` case studies having one of the themes.
    themed = CaseStudy.themes.through.objects.filter(theme_id__in=theme_ids).values("casestudy_id")
    same_theme = list(base.filter(pk__in=themed)[:limit]) if theme_ids else []
    found = {c.pk for c in same_theme}
    nearby = [
        c
        for c in base.filter(bureau_id=case_study.bureau_id).exclude(pk__in=found)[:limit]
        if c.pk not in found
    ]
    return (same_theme + nearby)[:limit]


def area_counts() -> list[Region]:
    """The six collaboration regions with their bureaus, each with its count of published
    case studies (two queries)."""
    counts = dict(
        CaseStudy.objects.filter(status=Status.PUBLISHED)
        .order_by()
        .values("bureau_id")
        .annotate(n=Count("pk"))
        .values_list("bureau_id", "n")
    )
    regions = list(Region.objects.prefetch_related("bureaus"))
    for region in regions:
        region.bureau_rows = [(b, counts.get(b.pk, 0)) for b in region.bureaus.all()]
        region.case_count = sum(n for _b, n in region.bureau_rows)
    return regions


def published_total() -> int:
    """The number of published case studies, kept per page-cache generation."""
    key = f"casebook:published-total:{current_generation()!r}"
    total = cache.get(key)
    if total is None:
        total = CaseStudy.objects.filter(status=Status.PUBLISHED).count()
        cache.set(key, total, 3600)
    return total


def case_studies_for_feed(*, theme: Theme | None = None, bureau=None, limit: int = 30):
    queryset = case_studies_public().order_by("-published_at", "-id")
    if theme is not None:
        queryset = queryset.filter(themes=theme)
    if bureau is not None:
        queryset = queryset.filter(bureau=bureau)
    return with_list_relations(queryset)[:limit]


def case_studies_proposed_for(user) -> QuerySet[CaseStudy]:
    """Municipal staff's page of their municipality's case studies, proposals first."""
    if user is None or not user.is_authenticated or user.role != Role.MUNICIPAL:
        return CaseStudy.objects.none()
    return (
        CaseStudy.objects.filter(municipality_id=user.municipality_id)
        .select_related("municipality")
        .defer(*LIST_DEFERRED)
        .order_by("-created_at", "-id")
    )
