"""Index the published case studies' trigrams beside their unigrams and bigrams (see
casebook.textsearch): words of three characters are then proven by the index, and a longer
word's candidates are those with all its trigrams. PostgreSQL only (SQLite searches by
substring); about a minute at 10,000 case studies. Learnt terms are kept."""

from django.db import migrations

BATCH = 500


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from casebook import textsearch

    CaseStudy = apps.get_model("casebook", "CaseStudy")
    SearchTerm = apps.get_model("casebook", "SearchTerm")
    terms = list(SearchTerm.objects.values_list("term", flat=True))
    published = CaseStudy.objects.filter(search_grams__isnull=False).order_by("pk")
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            rows = list(
                published.filter(pk__gt=last).values_list("pk", "search_text")[:BATCH]
            )
            if not rows:
                break
            for pk, text in rows:
                lexemes = textsearch.grams(text) | {t for t in terms if t in text}
                cursor.execute(
                    "UPDATE casebook_casestudy SET search_grams = "
                    "array_to_tsvector(%s::text[]) WHERE id = %s",
                    [sorted(lexemes), pk],
                )
            last = rows[-1][0]
        cursor.execute("ANALYZE casebook_casestudy")


class Migration(migrations.Migration):
    dependencies = [("casebook", "0009_surveys")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True)]
