"""Keeping the search columns of a case study up to date, and learning index terms."""

from __future__ import annotations

import logging

from django.db import connection, transaction

from .. import textsearch
from ..models import CaseStudy, SearchTerm, Status

logger = logging.getLogger(__name__)

MAX_TERMS = 5000


def _document_parts(case_study: CaseStudy) -> list[str]:
    """The case study's own text as its page shows it. (Theme names are not included: the
    theme filter finds those, and renaming a theme must not require reindexing.)"""
    parts = [
        case_study.title,
        case_study.summary,
        case_study.municipality.name,
        case_study.bureau.name,
        case_study.challenge,
        case_study.actions,
        case_study.results,
    ]
    for figure in case_study.figures.all():
        parts.append(f"{figure.label} {figure.value}{figure.unit} {figure.note}")
    parts.extend(case_study.funding_sources.values_list("name", flat=True))
    parts.append(case_study.contact_department)
    return parts


def write_grams(cursor, case_study_id: int, text: str, terms) -> None:
    lexemes = textsearch.grams(text) | {t for t in terms if t in text}
    cursor.execute(
        "UPDATE casebook_casestudy SET search_grams = array_to_tsvector(%s::text[]) WHERE id = %s",
        [sorted(lexemes), case_study_id],
    )


def case_study_reindex(*, case_study_id: int) -> None:
    """Recompute the normalised text and (PostgreSQL) the grams of one case study.

    Only a published case study has grams: the search counts its matches from the grams
    index alone (no status condition the planner could prefer to the index), so a draft
    must have none. Every transition in or out of "published" calls this.
    The row is locked before the learnt terms are read, so a term being learnt at the same
    time is either seen here or added by the learning statement afterwards.
    """
    with transaction.atomic():
        case_study = (
            CaseStudy.objects.select_for_update(of=("self",))
            .select_related("municipality", "bureau")
            .defer("search_grams")
            .get(pk=case_study_id)
        )
        text = textsearch.document_text(_document_parts(case_study))
        CaseStudy.objects.filter(pk=case_study_id).update(search_text=text)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if case_study.status == Status.PUBLISHED:
                    terms = SearchTerm.objects.values_list("term", flat=True)
                    write_grams(cursor, case_study_id, text, terms)
                else:
                    cursor.execute(
                        "UPDATE casebook_casestudy SET search_grams = NULL WHERE id = %s",
                        [case_study_id],
                    )


def search_term_learn(*, term: str) -> bool:
    """Make ``term`` an index term: every document containing it gets it as a lexeme, and
    searches for it need no LIKE any more. Safe to run twice; PostgreSQL only."""
    term = textsearch.normalise(term).strip()
    if (
        connection.vendor != "postgresql"
        or not textsearch.needs_confirmation(term)
        or len(term) > textsearch.MAX_WORD_LENGTH
        or any(ch.isspace() for ch in term)
    ):
        return False
    existing = SearchTerm.objects.filter(term=term).first()
    if existing is not None and existing.ready:
        return False
    if existing is None:
        if SearchTerm.objects.count() >= MAX_TERMS:
            return False
        # Committed before the documents are updated: a case study saved from now on adds
        # the term itself (see case_study_reindex).
        existing, _created = SearchTerm.objects.get_or_create(term=term)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casebook_casestudy "
            "SET search_grams = search_grams || array_to_tsvector(ARRAY[%s]::text[]) "
            "WHERE search_grams @@ (%s)::tsquery AND strpos(search_text, %s) > 0",
            [term, textsearch.tsquery(textsearch.word_grams(term)), term],
        )
        documents = cursor.rowcount
        SearchTerm.objects.filter(pk=existing.pk).update(ready=True, documents=documents)
    with connection.cursor() as cursor:
        # Thousands of rows were rewritten: the planner's statistics must know it.
        cursor.execute("ANALYZE casebook_casestudy")
    from django.core.cache import cache

    from ..selectors.search import TERMS_KEY

    cache.delete(TERMS_KEY)
    logger.info("search term %r learnt (%d documents)", term, documents)
    return True
