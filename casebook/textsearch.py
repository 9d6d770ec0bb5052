"""Japanese search text: normalisation, grams, query words and highlighting (pure functions).

PostgreSQL's text search does not segment Japanese and pg_trgm cannot index one- or
two-character words, so documents are indexed by their character unigrams, bigrams and
trigrams: a word of up to three characters is present exactly when its gram is, and a
longer word's candidates (all its trigrams present) are confirmed with ``LIKE`` on the
normalised text. Trigrams rather than bigrams for the longer words: a rare phrase made of
common pieces (観光と移住: 観光 and 移住 are in nearly every document) has far fewer
candidates by its trigrams, so its first search confirms hundreds of texts, not thousands.
Both sides are NFKC-normalised (全角/半角) and lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
MAX_QUERY_LENGTH = 200


def normalise(text: str | None) -> str:
    """NFKC (full-width digits and letters, half-width kana, ideographic space) + lower."""
    return unicodedata.normalize("NFKC", text or "").lower()


def document_text(parts: Iterable[str | None]) -> str:
    """The stored search text: the normalised parts, one a line (no gram spans two parts)."""
    return "\n".join(normalise(p).strip() for p in parts if p)


GRAM = 3  # the longest gram indexed: words up to this long need no confirmation


def grams(text: str) -> set[str]:
    """Unigrams, bigrams and trigrams of an already normalised text, never across
    whitespace."""
    found: set[str] = set()
    for chunk in text.split():
        for size in range(1, GRAM + 1):
            found.update(chunk[i : i + size] for i in range(len(chunk) - size + 1))
    return found


def query_words(query: str | None) -> list[str]:
    """The words of a query, normalised, each at most MAX_WORD_LENGTH, without repeats."""
    text = normalise((query or "")[:MAX_QUERY_LENGTH])
    words: list[str] = []
    for word in text.split():
        word = word[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def word_grams(word: str) -> list[str]:
    """The grams a document must contain to contain ``word``: the word itself up to three
    characters (then the gram is proof), else its trigrams (then LIKE confirms)."""
    if len(word) <= GRAM:
        return [word]
    return list(dict.fromkeys(word[i : i + GRAM] for i in range(len(word) - GRAM + 1)))


def needs_confirmation(word: str) -> bool:
    return len(word) > GRAM


# Runs of one script that make a word of their own in Japanese text: katakana (loanwords:
# テレワーク), kanji (compounds: 地域医療), Latin (npo). Mixed words such as 子育て or
# ふるさと納税 cannot be cut out reliably without a dictionary: the curated vocabulary
# (the themes) brings those.
_RUNS = re.compile(r"[ァ-ヺー]{3,}|[々〆ヶ\u3400-\u4dbf\u4e00-\u9fff]{3,}|[a-z][a-z0-9]{2,}")


def candidate_terms(text: str, vocabulary: Iterable[str] = ()) -> set[str]:
    """Words of a normalised ``text`` worth learning as index terms if frequent: its long
    runs of katakana, kanji or Latin letters, and the phrases of ``vocabulary`` (normalised)
    it contains. Only words that need confirmation and fit an index term."""
    found = set(_RUNS.findall(text))
    found.update(phrase for phrase in vocabulary if phrase and phrase in text)
    return {
        word
        for word in found
        if needs_confirmation(word)
        and len(word) <= MAX_WORD_LENGTH
        and not any(ch.isspace() for ch in word)
    }


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(lexemes: Iterable[str]) -> str:
    """``'ab' & 'bc'`` from raw lexemes, quoted so that no input can break the query."""
    return " & ".join(_quote(lexeme) for lexeme in dict.fromkeys(lexemes))


# --- Highlighting --------------------------------------------------------------------------


def _normalised_with_map(text: str) -> tuple[str, list[int] | None]:
    """The normalised text and, for each of its characters, the index of the original one
    (None when normalising kept every character in its place, as for most Japanese text:
    the per-character map is then skipped, which is most of the cost)."""
    normalised = normalise(text)
    if len(normalised) == len(text):
        return normalised, None
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for normalised in normalise(char):
            chars.append(normalised)
            origin.append(index)
    return "".join(chars), origin


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` (original indexes) where any of the normalised ``words`` occur,
    merged where they overlap."""
    if not text or not words:
        return []
    normalised, origin = _normalised_with_map(text)
    spans = []
    for word in words:
        if not word:
            continue
        for match in re.finditer(re.escape(word), normalised):
            start, end = match.start(), match.end()
            if origin is None:
                spans.append((start, end))
            else:
                spans.append((origin[start], origin[end - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(
    text: str, words: list[str], spans: list[tuple[int, int]] | None = None
) -> SafeString:
    """``text`` escaped, with the matched words in ``<mark>``."""
    spans = match_spans(text, words) if spans is None else spans
    out, position = [], 0
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(texts: Iterable[str], words: list[str], *, width: int = 110) -> SafeString:
    """An excerpt around the first match in ``texts`` (in order), highlighted; the start of
    the first text when nothing matches there (the match may be in the title)."""
    texts = [t for t in texts if t]
    for text in texts:
        spans = match_spans(text, words)
        if not spans:
            continue
        first = spans[0][0]
        start = max(0, first - width // 3)
        end = min(len(text), start + width)
        window = text[start:end]
        shifted = [
            (max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end
        ]
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return mark_safe(prefix + highlight(window, words, shifted) + suffix)  # noqa: S308
    if not texts:
        return mark_safe("")
    text = texts[0]
    return mark_safe(escape(text[:width]) + ("…" if len(text) > width else ""))  # noqa: S308
