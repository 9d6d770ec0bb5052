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


def advice_get_on(owner, pk) -> Advice:
    """One piece of advice given on ``owner`` (a document the caller has already found in the
    user's scope); 404 for advice on any other document, of this kind or another."""
    from django.http import Http404

    advice = Advice.objects.filter(
        pk=pk, owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).first()
    if advice is None:
        raise Http404
    return advice


def advice_by_section(advice: list[Advice]) -> dict[tuple[str, int], list[Advice]]:
    """Advice keyed by (model name, id) of its section, to show beside each section."""
    keyed: dict[tuple[str, int], list[Advice]] = {}
    for item in advice:
        keyed.setdefault((item.section_type.model, item.section_id), []).append(item)
    return keyed
