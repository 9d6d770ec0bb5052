"""Reads of structured advice (``portal.models.advice``): what was advised on a document,
grouped by the section it is about."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from ..models import Advice


def advice_on(owner) -> list[Advice]:
    """The advice given on a document (any owner registered for advice), oldest first."""
    return list(
        Advice.objects.filter(
            owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
        ).select_related("author", "author_bureau", "answered_by", "section_type")
    )


def advice_by_section(advice: list[Advice]) -> dict[tuple[str, int], list[Advice]]:
    """Advice keyed by (model name, id) of its section, to show beside each section."""
    keyed: dict[tuple[str, int], list[Advice]] = {}
    for item in advice:
        keyed.setdefault((item.section_type.model, item.section_id), []).append(item)
    return keyed
