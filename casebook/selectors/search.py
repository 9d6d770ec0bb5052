"""Japanese keyword search over the public case studies, and the ordered, paginated list.

On PostgreSQL (see ../shared/DESIGN.md, Known traps) a word is looked up by its grams in
the GIN index (``search_grams @@ 'ab' & 'bc'``); words of three or more characters are
confirmed with ``search_text LIKE '%word%'`` unless they were learnt as index terms. The
search runs in one transaction with ``SET LOCAL enable_seqscan = off`` (the planner
otherwise reads the large text column sequentially for frequent words).

The page of results is found one of two ways, chosen from the number of candidates:
frequent words walk the order's index (newest or most viewed) and stop after a page of
matches; rare words take their few candidates from the GIN index and sort them. The count
is exact: the grams' count where grams prove the match, else the confirmed count.

On SQLite (first run) search is plain substring matching on the normalised text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import QuerySet

from .. import textsearch
from ..models import CaseStudy, SearchTerm

PER_PAGE = 20
# Walking an order index is chosen when it reads at most this many rows (each row's grams
# are read from TOAST: ~10 µs); below that share of candidates the GIN bitmap is cheaper.
WALK_LIMIT = 600
# Long words with this many candidates become index terms: confirming each candidate with
# LIKE reads its text from TOAST (~25 µs), so 300 candidates already cost ~8 ms.
LEARN_FROM = 300
TERMS_KEY = "casebook:search-terms"
TERMS_SECONDS = 60

ORDERINGS = {
    "newest": ("-published_at", "-id"),
    "views": ("-view_count", "-id"),
}


@dataclass
class _CountOnly:
    total: int

    def count(self) -> int:
        return self.total


@dataclass
class SearchResult:
    page: Page
    words: list[str] = field(default_factory=list)
    # Long words worth learning as index terms (the view schedules it).
    learn: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _page_number(value, total: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    pages = max(1, -(-total // PER_PAGE))
    return min(max(number, 1), pages)


def ready_terms() -> frozenset[str]:
    """The learnt index terms (kept a minute in the cache: a term learnt meanwhile is just
    searched the slower way until then)."""
    terms = cache.get(TERMS_KEY)
    if terms is None:
        terms = frozenset(SearchTerm.objects.filter(ready=True).values_list("term", flat=True))
        cache.set(TERMS_KEY, terms, TERMS_SECONDS)
    return terms


def _no_facets(queryset):
    return queryset


def search_case_studies(
    facets: Callable[[QuerySet], QuerySet] = _no_facets,
    *,
    query: str = "",
    order: str = "newest",
    page=1,
) -> SearchResult:
    """A page of the published case studies narrowed by ``facets`` (a function applying the
    list's filters to a queryset, e.g. ``filterset.filter_queryset``) and containing every
    word of ``query``, in ``order``, with the exact count."""
    from .case_studies import case_studies_public

    ordering = ORDERINGS.get(order, ORDERINGS["newest"])
    words = textsearch.query_words(query)
    public = facets(case_studies_public()).order_by(*ordering)
    if not words:
        return _plain_page(public, page)
    if connection.vendor != "postgresql":
        for word in words:
            public = public.filter(search_text__contains=word)
        return _plain_page(public, page, words)
    return _grams_page(facets, public, words, page, ordering)


def _plain_page(queryset, page, words=None) -> SearchResult:
    from .case_studies import with_list_relations

    paginator = Paginator(with_list_relations(queryset), PER_PAGE)
    return SearchResult(page=paginator.get_page(page), words=words or [])


def _word_filters(queryset, words: list[str]):
    """``queryset`` narrowed by the grams of ``words`` (candidates) and then by LIKE for the
    words the grams do not prove (matches); also the words to confirm."""
    terms = ready_terms() if any(len(w) > 2 for w in words) else frozenset()
    lexemes: list[str] = []
    to_confirm: list[str] = []
    for word in words:
        if word in terms:
            lexemes.append(word)
            continue
        lexemes.extend(textsearch.word_grams(word))
        if textsearch.needs_confirmation(word):
            to_confirm.append(word)
    candidates = queryset.filter(search_grams__matches=textsearch.tsquery(lexemes))
    matches = candidates
    for word in to_confirm:
        matches = matches.filter(search_text__contains=word)
    return candidates, matches, to_confirm


def _grams_page(facets, public, words: list[str], page, ordering) -> SearchResult:
    """PostgreSQL. Only published case studies have grams, so counting needs no status
    condition: the GIN index is then the planner's only way in (given the facets), rather
    than an index of published rows whose every row's grams would be read from TOAST."""
    from .case_studies import published_total, with_list_relations

    counted = facets(CaseStudy.objects.order_by())
    count_candidates, count_matches, to_confirm = _word_filters(counted, words)
    _candidates, public_matches, _words = _word_filters(public, words)
    total_published = published_total()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        candidates = count_candidates.count()
        total = count_matches.count() if (to_confirm and candidates) else candidates
        number = _page_number(page, total)
        offset = (number - 1) * PER_PAGE
        rows: list[CaseStudy] = []
        if total:
            rows_walked = (offset + PER_PAGE) * total_published / candidates
            if rows_walked <= WALK_LIMIT:
                # Frequent words: walk the order's index of published case studies and
                # stop after a page of matches.
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                rows = list(with_list_relations(public_matches)[offset : offset + PER_PAGE])
            else:
                # Few candidates: from the GIN index, sorted; then the rows themselves.
                ids = list(
                    count_matches.order_by(*ordering).values_list("pk", flat=True)[
                        offset : offset + PER_PAGE
                    ]
                )
                found = {c.pk: c for c in with_list_relations(public.filter(pk__in=ids))}
                rows = [found[pk] for pk in ids if pk in found]
    paginator = Paginator(_CountOnly(total), PER_PAGE)
    learn = to_confirm if candidates >= LEARN_FROM else []
    return SearchResult(page=Page(rows, number, paginator), words=words, learn=learn)


def search_queryset(queryset: QuerySet[CaseStudy], query: str) -> QuerySet[CaseStudy]:
    """Every case study of ``queryset`` containing all words of ``query`` (for exports and
    feeds, where the whole list is read anyway)."""
    words = textsearch.query_words(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        lexemes = []
        for word in words:
            lexemes.extend(textsearch.word_grams(word))
        queryset = queryset.filter(search_grams__matches=textsearch.tsquery(lexemes))
        words = [w for w in words if textsearch.needs_confirmation(w)]
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset
