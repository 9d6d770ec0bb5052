"""The column holding a document's search grams.

On PostgreSQL it is a ``tsvector`` of the text's unigrams, bigrams and trigrams (and of the frequent
phrases learnt as index terms), written only by ``services.search`` with
``array_to_tsvector`` and indexed with GIN (migration 0003). On SQLite (first run) search is
plain substring matching and the column stays empty.
"""

from django.db import models


class GramsField(models.Field):
    description = "search grams (tsvector on PostgreSQL)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        # Written with raw SQL by the search service only; the ORM always writes NULL
        # (a new row) or leaves the column alone (lists defer it).
        return None

    def from_db_value(self, value, expression, connection):
        return None


class GramsMatch(models.Lookup):
    """``search_grams__matches="'ab' & 'bc'"``: the tsquery is built from quoted grams, so
    input like ``AT&T`` can never break it (see textsearch.tsquery)."""

    lookup_name = "matches"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]


GramsField.register_lookup(GramsMatch)
