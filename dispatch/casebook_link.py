"""The extension point through which the volunteers' portal shows interviews with 協力隊
members: published case studies of the casebook pillar on the theme 地域おこし協力隊.

Pillars meet only through published functions. The casebook publishes
``casebook.selectors.case_studies.case_studies_public()`` (the public library); it has no
function yet that lists a municipality's case studies on a theme, so this module narrows
the public library itself, in this one place. When the casebook publishes such a function
(e.g. ``case_studies_for_municipality(code, theme=...)``), only ``_public_case_studies``
below changes. Without the casebook (or when its schema moves) the page shows no stories
rather than failing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import FieldError

logger = logging.getLogger(__name__)

THEME = "kyoryokutai"


@dataclass(frozen=True)
class Story:
    title: str
    url: str
    summary: str
    published: dt.datetime | None


def _public_case_studies(municipality_code: str, limit: int):
    from casebook.selectors.case_studies import case_studies_public

    return list(
        case_studies_public()
        .filter(municipality_id=municipality_code, themes__code=THEME)
        .order_by("-published_at", "-pk")[:limit]
    )


def volunteer_stories_for(municipality, *, limit: int = 6) -> list[Story]:
    """Published interviews and case studies about the municipality's 協力隊 (public)."""
    try:
        found = _public_case_studies(municipality.code, limit)
    except (ImportError, FieldError, AttributeError):
        logger.warning("casebook stories unavailable for %s", municipality.code)
        return []
    return [
        Story(
            title=case.title,
            url=case.get_absolute_url(),
            summary=getattr(case, "summary", "") or "",
            published=getattr(case, "published_at", None),
        )
        for case in found
    ]
