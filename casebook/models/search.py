"""Phrases learnt as index terms.

Bigrams find every candidate, but a word of three or more characters needs a LIKE check on
the text to be exact, and checking thousands of candidates is slow. A phrase that turns out
to be frequent is therefore added to the index as a lexeme of its own (see
services.search.search_term_learn); from then on its matches come from the index alone.
Phrases are learnt when a case study containing them is published (its long katakana, kanji
and Latin runs and the themes' words) and when first searched; until then the search
confirms a sample of the candidates and estimates the count (selectors.search).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTerm(models.Model):
    term = models.CharField(_("term"), max_length=40, unique=True)
    # True once every existing document containing the term carries it in its grams.
    ready = models.BooleanField(default=False)
    documents = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("search index term")
        verbose_name_plural = _("search index terms")

    def __str__(self) -> str:
        return self.term
