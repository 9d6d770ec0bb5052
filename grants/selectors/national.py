"""Scoped reads of the advice on national grants (F3): the knowledge base, the consultations
of category 国の交付金 and the FAQ."""

from __future__ import annotations

import unicodedata

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from portal.models import Consultation
from portal.selectors import consultations_visible_to

from ..models.national import (
    NATIONAL_GRANTS_CATEGORY,
    FAQEntry,
    NationalConsultation,
    NationalGrantProgramme,
)


def normalise_search(text: str) -> str:
    """What search compares: NFKC (full-width letters and digits folded) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def national_programmes_public() -> QuerySet[NationalGrantProgramme]:
    return NationalGrantProgramme.objects.filter(is_published=True)


def national_programme_get_public(pk) -> NationalGrantProgramme:
    try:
        return national_programmes_public().get(pk=pk)
    except (NationalGrantProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def national_consultations_visible_to(user) -> QuerySet[Consultation]:
    """Consultations of category 国の交付金 within the kernel's consultation scope."""
    return consultations_visible_to(user).filter(category__code=NATIONAL_GRANTS_CATEGORY)


def national_consultation_get_for(user, pk) -> Consultation:
    try:
        return national_consultations_visible_to(user).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def national_info_of(consultation: Consultation) -> NationalConsultation | None:
    return (
        NationalConsultation.objects.filter(consultation=consultation)
        .select_related("hq_referred_by")
        .prefetch_related("programmes")
        .first()
    )


def consultations_referring_to(programme, user) -> QuerySet[Consultation]:
    """The consultations tagged with ``programme`` that ``user`` may read."""
    return (
        national_consultations_visible_to(user)
        .filter(national_info__programmes=programme)
        .order_by("-created_at", "-pk")
    )


def consultation_counts_by_programme(programme_ids) -> dict[int, int]:
    """How many consultations (all of Hokkaido) referred to each programme: one query."""
    rows = (
        NationalConsultation.programmes.through.objects.filter(
            nationalgrantprogramme_id__in=list(programme_ids)
        )
        .order_by()
        .values("nationalgrantprogramme_id")
        .annotate(n=Count("pk"))
    )
    return {row["nationalgrantprogramme_id"]: row["n"] for row in rows}


def faq_entries_public() -> QuerySet[FAQEntry]:
    return FAQEntry.objects.filter(is_published=True).select_related("programme")


def faq_entry_for_consultation(consultation) -> FAQEntry | None:
    return FAQEntry.objects.filter(source=consultation).first()


def national_consultation_rows(consultations) -> list[dict]:
    """A page of consultations with their programmes and HQ referral: two queries."""
    consultations = list(consultations)
    infos = {
        info.pk: info
        for info in NationalConsultation.objects.filter(
            consultation__in=[c.pk for c in consultations]
        ).prefetch_related(Prefetch("programmes"))
    }
    return [{"consultation": c, "info": infos.get(c.pk)} for c in consultations]
