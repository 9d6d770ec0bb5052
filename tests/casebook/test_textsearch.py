"""Japanese search text: normalisation (全角/半角), grams, query words, highlighting."""

from casebook import textsearch


def test_normalise_folds_width_and_ascii_case():
    assert textsearch.normalise("ＤＸ　推進２０２５ ｶﾀｶﾅ") == "dx 推進2025 カタカナ"


def test_grams_are_unigrams_bigrams_and_trigrams_within_words_only():
    assert textsearch.grams("町の 観光") == {"町", "の", "町の", "観", "光", "観光"}
    assert textsearch.grams("子育て") == {"子", "育", "て", "子育", "育て", "子育て"}


def test_query_words_are_normalised_split_and_deduplicated():
    assert textsearch.query_words("　観光　移住 観光 ＤＸ") == ["観光", "移住", "dx"]
    assert textsearch.query_words("") == []
    assert len(textsearch.query_words(" ".join(f"w{i}" for i in range(20)))) == 8


def test_short_words_are_their_own_gram_longer_ones_need_confirmation():
    assert textsearch.word_grams("町") == ["町"]
    assert textsearch.word_grams("観光") == ["観光"]
    assert textsearch.word_grams("子育て") == ["子育て"]
    assert textsearch.word_grams("地域づくり") == ["地域づ", "域づく", "づくり"]
    assert textsearch.word_grams("観光と移住") == ["観光と", "光と移", "と移住"]
    assert not textsearch.needs_confirmation("医療")
    assert not textsearch.needs_confirmation("子育て")  # at the limit: its trigram proves it
    assert textsearch.needs_confirmation("ふるさと")


def test_tsquery_quotes_every_lexeme_so_input_cannot_break_it():
    assert textsearch.tsquery(["at", "t&", "&t"]) == "'at' & 't&' & '&t'"
    assert textsearch.tsquery(["o'", "\\x"]) == "'o''' & '\\\\x'"


def test_highlight_marks_matches_in_the_original_text_and_escapes_the_rest():
    html = textsearch.highlight("<b>ＤＸ</b>で観光", ["dx", "観光"])
    assert html == "&lt;b&gt;<mark>ＤＸ</mark>&lt;/b&gt;で<mark>観光</mark>"


def test_overlapping_matches_are_merged():
    assert textsearch.match_spans("地域づくり", ["地域", "域づく"]) == [(0, 4)]


def test_snippet_is_cut_around_the_first_match():
    text = "あ" * 200 + "移住" + "い" * 200
    snippet = textsearch.snippet(["関係ない", text], ["移住"], width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>移住</mark>" in snippet


def test_snippet_without_match_is_the_start_of_the_first_text():
    assert textsearch.snippet(["短い要約", "本文"], ["無い"]) == "短い要約"


def test_candidate_terms_are_long_katakana_kanji_and_latin_runs_and_known_phrases():
    text = textsearch.normalise(
        "子育て世代のﾃﾚﾜｰｸ移住を地域医療連携で支えた。ＮＰＯとDX、バス、ふるさと納税、ｎｐｏ法人"
    )
    vocabulary = ["子育て", "ふるさと納税"]
    # Three characters (子育て, npo) are proven by their trigram: nothing to learn.
    assert textsearch.candidate_terms(text, vocabulary) == {
        "テレワーク",
        "地域医療連携",
        "ふるさと納税",
    }


def test_candidate_terms_are_never_short_too_long_or_spaced():
    assert textsearch.candidate_terms("町の 観光 バス", ["観光", "町の 観光"]) == set()
    assert textsearch.candidate_terms("ア" * 41, []) == set()
