"""PostgreSQL only (on SQLite search is substring matching and the column stays empty):

- the GIN index of the search grams (only published case studies have grams: see
  services.search.case_study_reindex);
- ``toast_tuple_target = 256``: the long texts (the story, the search text and grams) are
  stored out of line, so the table itself stays small (about 300 bytes a row) and counting
  thousands of matches visits a few hundred pages instead of thousands.

Kept out of the model state on purpose: SQLite cannot create them, and no other operation
needs to know them.

Also: the funding source's link to a bureau policy project (grants F2) a case study was
drafted from."""

from django.db import migrations, models

INDEX = "casebook_case_grams_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON casebook_casestudy USING gin (search_grams)"
    )
    schema_editor.execute("ALTER TABLE casebook_casestudy SET (toast_tuple_target = 256)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("ALTER TABLE casebook_casestudy RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("casebook", "0002_themes")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.AddField(
            model_name="fundingsource",
            name="policy_project_id",
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="fundingsource",
            constraint=models.UniqueConstraint(
                condition=models.Q(policy_project_id__isnull=False),
                fields=("policy_project_id",),
                name="casebook_funding_one_per_project",
            ),
        ),
    ]
