"""Japanese keyword search over the public case studies, and the ordered, paginated list.

On PostgreSQL (see ../shared/DESIGN.md, Known traps) a word is looked up by its grams in
the GIN index (``search_grams @@ 'ab' & 'bc'``); words of three or more characters are
confirmed with ``search_text LIKE '%word%'`` unless they were learnt as index terms. The
search runs in one transaction with ``SET LOCAL enable_seqscan = off`` (the planner
otherwise reads the large text column sequentially for frequent words).

Words the index proves (one or two characters, learnt terms): the count is the grams'
count, and the page is found one of two ways, chosen from the number of candidates:
frequent words walk the order's index (newest or most viewed) and stop after a page;
rare words take their few candidates from the GIN index and sort them.

Words to confirm: reading a candidate's text costs ~25 µs, so confirming the thousands of
candidates of a frequent word (the first time it is searched, before it is learnt) would
take hundreds of milliseconds. The search therefore confirms at most ``SAMPLE`` candidates,
a fixed pseudo-random sample of them: when they are all the candidates the count is exact;
otherwise it is estimated from the sample's share of matches (shown as 約N件) and the page
is found by confirming the candidates in the list's order, in batches, until the page (and
one more match, so that "next" is certain) is found. A word too rare among its candidates
for that to be cheaper than confirming them all is confirmed in full, with an exact count.
Every result shown is confirmed: an estimate changes the count, never the results.

On SQLite (first run) search is plain substring matching on the normalised text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    QuerySet,
    Value,
    Window,
)

from .. import textsearch
from ..models import CaseStudy, SearchTerm

PER_PAGE = 20
# Walking an order index is chosen when it reads at most this many rows (each row's grams
# are read from TOAST: ~10 µs); below that share of candidates the GIN bitmap is cheaper.
WALK_LIMIT = 600
# Candidates confirmed (text read from TOAST, ~25 µs each) to count a word that is not an
# index term: up to this many, all of them and the count is exact; beyond, a sample of
# this size (~5 ms; a share of 80 % is then known within ±3 %) and the count is
# estimated. Such a word is then learnt as an index term.
SAMPLE = 200
# Knuth's multiplicative hash: ids in this order are a fixed pseudo-random sample, spread
# over all years (ids stay far below the 3.4 × 10⁹ where the product leaves a bigint).
_MIX = 2654435761
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
    # The count is an estimate (the results themselves are always exact).
    approximate: bool = False

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


def _about(candidates: int, sampled: int) -> int:
    """The estimated number of matches among ``candidates`` when ``sampled`` of a sample
    of SAMPLE matched, rounded to the digits the sample can vouch for: two significant
    digits (8,134 → 8,100), one when its relative standard error exceeds 10 %
    (366 → 400)."""
    share = sampled / SAMPLE
    value = candidates * share
    error = math.sqrt((1 - share) / (share * SAMPLE)) if share else 1.0
    digits = 2 if error <= 0.1 else 1
    if value < 10**digits:
        return max(round(value), 1)
    return int(round(value, digits - len(str(int(value)))))


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
    word of ``query``, in ``order``, with the count: exact, or for the first searches of a
    frequent long word an estimate (``approximate``)."""
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
    paginator.approximate = False
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


def _walks(rows_needed: float, candidates: int) -> bool:
    """Whether reading ``rows_needed`` candidates in order is cheaper by walking the order's
    index (which reads every published row's grams on the way) than by the GIN bitmap."""
    from .case_studies import published_total

    return rows_needed * published_total() / max(candidates, 1) <= WALK_LIMIT


def _set_walking(cursor, walking: bool) -> None:
    """Make the planner walk the order's index (no bitmap, no sort) or not. Forced, because
    it estimates the share of rows having all of a word's bigrams as the product of their
    shares (0.03 % where it is 20 %), and would otherwise read and sort every candidate."""
    value = "off" if walking else "on"
    cursor.execute(
        "SELECT set_config('enable_bitmapscan', %s, true), set_config('enable_sort', %s, true)",
        [value, value],
    )


def _rows(public, ids: list[int]) -> list[CaseStudy]:
    """The case studies of ``ids``, in that order, with what the list shows of them."""
    from .case_studies import with_list_relations

    found = {c.pk: c for c in with_list_relations(public.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def _confirm(ids: list[int], words: list[str]) -> set[int]:
    confirmed = CaseStudy.objects.filter(pk__in=ids)
    for word in words:
        confirmed = confirmed.filter(search_text__contains=word)
    return set(confirmed.values_list("pk", flat=True))


@dataclass
class _Found:
    number: int
    rows: list[CaseStudy]
    total: int
    candidates: int
    approximate: bool = False


def _grams_page(facets, public, words: list[str], page, ordering) -> SearchResult:
    """PostgreSQL. Only published case studies have grams, so counting needs no status
    condition: the GIN index is then the planner's only way in (given the facets), rather
    than an index of published rows whose every row's grams would be read from TOAST."""
    counted = facets(CaseStudy.objects.order_by())
    count_candidates, count_matches, to_confirm = _word_filters(counted, words)
    public_candidates, _matches, _words = _word_filters(public, words)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if to_confirm:
            found = _confirmed_page(
                cursor,
                public,
                count_candidates,
                count_matches,
                public_candidates,
                to_confirm,
                page,
                ordering,
            )
        else:
            found = _proven_page(
                cursor, public, count_candidates, public_candidates, page, ordering
            )
    paginator = Paginator(_CountOnly(found.total), PER_PAGE)
    paginator.approximate = found.approximate
    return SearchResult(
        page=Page(found.rows, found.number, paginator),
        words=words,
        learn=to_confirm if found.candidates > SAMPLE else [],
        approximate=found.approximate,
    )


def _proven_page(cursor, public, count_candidates, public_candidates, page, ordering) -> _Found:
    """Every word is proven by the grams: the candidates are the matches."""
    from .case_studies import with_list_relations

    total = count_candidates.count()
    number = _page_number(page, total)
    offset = (number - 1) * PER_PAGE
    rows: list[CaseStudy] = []
    if total and _walks(offset + PER_PAGE, total):
        # Frequent words: walk the order's index of published case studies and stop after
        # a page of matches. (One lexeme a word: the planner's estimates are sound.)
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        rows = list(with_list_relations(public_candidates)[offset : offset + PER_PAGE])
    elif total:
        # Few candidates: from the GIN index, sorted; then the rows themselves.
        ids = list(
            count_candidates.order_by(*ordering).values_list("pk", flat=True)[
                offset : offset + PER_PAGE
            ]
        )
        rows = _rows(public, ids)
    return _Found(number, rows, total, candidates=total)


def _confirmed_page(
    cursor, public, count_candidates, count_matches, public_candidates, words, page, ordering
) -> _Found:
    """Some words need confirming: a sample of the candidates first (see the module's
    docstring), then the page."""
    from .case_studies import with_list_relations

    candidates, sampled = _sample(count_candidates, words)
    if candidates <= SAMPLE:
        # The sample was every candidate: its matches are all the matches.
        total = len(sampled)
        number = _page_number(page, total)
        offset = (number - 1) * PER_PAGE
        rows = list(with_list_relations(public.filter(pk__in=sampled))[offset : offset + PER_PAGE])
        return _Found(number, rows, total, candidates)
    number = _page_number(page, candidates)
    # One match more than the page: "next" then leads to a page that has results.
    walked = _walk(
        cursor, public_candidates, words, number * PER_PAGE + 1, candidates, len(sampled)
    )
    if walked is None:
        # Too rare among its candidates for a walk: confirm them all (exact).
        _set_walking(cursor, False)
        matched = list(count_matches.order_by(*ordering).values_list("pk", flat=True))
        total, approximate = len(matched), False
        number = _page_number(page, total)
    else:
        matched, complete = walked
        if complete:
            total, approximate = len(matched), False
            number = _page_number(page, total)
        else:
            estimate = _about(candidates, len(sampled))
            total, approximate = max(estimate, len(matched)), True
    offset = (number - 1) * PER_PAGE
    rows = _rows(public, matched[offset : offset + PER_PAGE])
    return _Found(number, rows, total, candidates, approximate)


def _sample(count_candidates, words: list[str]) -> tuple[int, list[int]]:
    """The number of candidates, and the matches among a fixed pseudo-random sample of
    ``SAMPLE`` of them (all of them when there are no more), in one query: only the
    sample's texts are read (the confirmation is outside the sorted, limited subquery)."""
    inner = (
        count_candidates.annotate(
            sample_candidates=Window(Count("pk")),
            sample_order=ExpressionWrapper(
                F("pk") * Value(_MIX, BigIntegerField()) % Value(2**32, BigIntegerField()),
                output_field=BigIntegerField(),
            ),
        )
        .order_by("sample_order")
        .values_list("pk", "search_text", "sample_candidates")[:SAMPLE]
    )
    sql, params = inner.query.get_compiler(using=inner.db).as_sql()
    confirm = " AND ".join(["strpos(sample.search_text, %s) > 0"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT sample.pk, {confirm}, sample.sample_candidates FROM ({sql}) sample",  # noqa: S608 - only placeholders are interpolated
            [*words, *params],
        )
        rows = cursor.fetchall()
    candidates = rows[0][2] if rows else 0
    return candidates, [pk for pk, matches, _candidates in rows if matches]


def _walk(cursor, public_candidates, words, needed: int, candidates: int, sampled: int):
    """The ids of the first ``needed`` matches in the list's order, confirming candidates in
    batches sized from the sample's share of matches: ``(ids, complete)``, complete when
    every candidate was read. None when the walk would read about as many texts as
    confirming every candidate."""
    # The share of matches, pessimistic by one standard deviation of the sample's.
    share = (sampled - math.sqrt(sampled)) / SAMPLE
    if share <= 0:
        return None
    matched: list[int] = []
    position = 0
    batch = math.ceil(needed / share) + 10
    for _round in range(4):
        if position + batch >= candidates:
            return None
        walking = _walks(position + batch, candidates)
        _set_walking(cursor, walking)
        ids = list(public_candidates.values_list("pk", flat=True)[position : position + batch])
        if walking:
            _set_walking(cursor, False)
        confirmed = _confirm(ids, words)
        matched.extend(pk for pk in ids if pk in confirmed)
        position += len(ids)
        if len(matched) >= needed:
            return matched, False
        if len(ids) < batch:
            return matched, True
        # Fewer matches than the sample promised (they are rarer among the newest, say):
        # size the next batch from the share seen so far.
        seen = max(len(matched), 1) / position
        batch = math.ceil((needed - len(matched)) / seen) + 10
    return None


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
