"""Japanese search over 協力隊 positions: plain substring matching on a stored text that is
NFKC-normalised and case-folded, so that ＤＸ, ｄｘ and DX, or ｶﾝｺｳ and カンコウ, find each
other. The positions are few (hundreds), so no gram index is needed; casebook builds the
search engine for the large case-study library."""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 5
MAX_WORD_LENGTH = 50


def normalise(text: str) -> str:
    """NFKC (full-width ASCII and half-width kana folded), case-folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"\s+", " ", text).strip()


def search_words(query: str) -> list[str]:
    """The words of a query (split on any space, the ideographic one included), each to be
    found somewhere in the text. Control characters are dropped; a few words at most."""
    cleaned = "".join(ch for ch in normalise(query) if unicodedata.category(ch)[0] != "C")
    words = [word[:MAX_WORD_LENGTH] for word in cleaned.split(" ") if word]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def search_text_of(*parts: str) -> str:
    return normalise("\n".join(part for part in parts if part))
