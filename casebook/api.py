"""What the casebook pillar (I) publishes for the other pillars: plain frozen dataclasses and
ids, never querysets or model instances (DESIGN "Inside an app"). The other pillars import
``casebook.api`` and nothing else of the casebook.

Used by dispatch (H): the published interviews and case studies of a municipality on a
theme (地域おこし協力隊) on the volunteers' portal. Only published case studies are ever
returned: the public library, the same for everyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .selectors.case_studies import case_studies_public


@dataclass(frozen=True)
class CaseStudySummary:
    """A published case study, with the address of its public page."""

    id: int
    title: str
    url: str
    summary: str
    published_at: dt.datetime | None
    municipality_code: str


def case_studies_for_municipality(
    municipality_code: str, *, theme: str | None = None, limit: int = 6
) -> list[CaseStudySummary]:
    """The municipality's published case studies (on the theme of this code, if given),
    newest first."""
    found = case_studies_public().filter(municipality_id=municipality_code)
    if theme:
        found = found.filter(themes__code=theme)
    return [
        CaseStudySummary(
            id=case.pk,
            title=case.title,
            url=case.get_absolute_url(),
            summary=case.summary or "",
            published_at=case.published_at,
            municipality_code=case.municipality_id,
        )
        for case in found.order_by("-published_at", "-pk")[:limit]
    ]
