"""Keeping the search columns of a case study up to date, and learning index terms.

A word of three or more characters that is not an index term costs the search a LIKE on
each candidate's text; a frequent one is therefore learnt as an index term (see
models.search). It is learnt when it is first searched (the view schedules it) and, so
that common words are exact and fast from their very first search, when a case study that
contains it is published: its candidate words (long katakana, kanji and Latin runs, and
the themes' words such as 子育て or ふるさと納税) are checked against the index after the
publication, and those with more candidates than the search confirms at once are learnt.
``manage.py learn_search_terms`` does the same for every published case study (after an
upgrade or a bulk import).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.db import connection, transaction

from portal.queue import enqueue

from .. import textsearch
from ..models import CaseStudy, SearchTerm, Status, Theme

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
                    # Not queued: the words are learnt when first searched (slower once).
                    enqueue("casebook.tasks.learn_case_study_search_terms", case_study_id)
                else:
                    cursor.execute(
                        "UPDATE casebook_casestudy SET search_grams = NULL WHERE id = %s",
                        [case_study_id],
                    )


def search_term_learn(*, term: str, analyze: bool = True) -> bool:
    """Make ``term`` an index term: every document containing it gets it as a lexeme, and
    searches for it need no LIKE any more. Safe to run twice; PostgreSQL only. ``analyze``
    False leaves refreshing the planner's statistics to the caller (learning many terms)."""
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
    if analyze:
        _analyze()
    from django.core.cache import cache

    from ..selectors.search import TERMS_KEY

    cache.delete(TERMS_KEY)
    logger.info("search term %r learnt (%d documents)", term, documents)
    return True


def _analyze() -> None:
    with connection.cursor() as cursor:
        # Thousands of rows were rewritten: the planner's statistics must know it.
        cursor.execute("ANALYZE casebook_casestudy")


def vocabulary() -> list[str]:
    """The curated words worth learning (the themes' words, e.g. 子育て and 教育 from
    子育て・教育), normalised; those a word-cutter by script would miss come from here."""
    words: set[str] = set()
    for name in Theme.objects.values_list("name", flat=True):
        words.update(re.split(r"[・、，,/／\s]+", textsearch.normalise(name)))
    return sorted(w for w in words if textsearch.needs_confirmation(w))


def search_terms_learn_frequent(*, words: Iterable[str]) -> list[str]:
    """Learn those of ``words`` not yet index terms that have more candidates (published
    case studies with all their bigrams) than a search confirms at once, i.e. whose first
    search would otherwise give an estimated count. The learnt words, sorted."""
    from ..selectors import search as search_selectors

    if connection.vendor != "postgresql":
        return []
    words = {textsearch.normalise(w).strip() for w in words}
    words -= set(
        SearchTerm.objects.filter(term__in=words, ready=True).values_list("term", flat=True)
    )
    frequent = []
    with transaction.atomic(), connection.cursor() as cursor:
        # A count from the GIN index alone, never a sequential read of the grams.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for word in sorted(words):
            candidates = CaseStudy.objects.filter(
                search_grams__matches=textsearch.tsquery(textsearch.word_grams(word))
            ).count()
            if candidates > search_selectors.SAMPLE:
                frequent.append(word)
    learnt = [word for word in frequent if search_term_learn(term=word, analyze=False)]
    if learnt:
        _analyze()
    return learnt


def case_study_search_terms_learn(*, case_study_id: int) -> list[str]:
    """After a publication: learn the frequent candidate words of the case study (see the
    module's docstring). A draft or an archived case study teaches nothing."""
    if connection.vendor != "postgresql":
        return []
    text = (
        CaseStudy.objects.filter(pk=case_study_id, status=Status.PUBLISHED)
        .values_list("search_text", flat=True)
        .first()
    )
    if text is None:
        return []
    return search_terms_learn_frequent(words=textsearch.candidate_terms(text, vocabulary()))


def search_terms_learn_all() -> list[str]:
    """Learn the frequent candidate words of every published case study (after an upgrade
    or a bulk import). Safe to run again."""
    if connection.vendor != "postgresql":
        return []
    known = vocabulary()
    words: set[str] = set()
    texts = CaseStudy.objects.filter(status=Status.PUBLISHED).values_list("search_text", flat=True)
    for text in texts.iterator(chunk_size=500):
        words |= textsearch.candidate_terms(text, known)
    return search_terms_learn_frequent(words=words)
