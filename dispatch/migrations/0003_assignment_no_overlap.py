"""On PostgreSQL, make "two live assignments of one person never overlap" a rule of the
database itself (an exclusion constraint on the period), whatever the code path. The
service already guarantees it with a lock on the person; this is the second wall. Where
the btree_gist extension cannot be created (no privilege), the lock alone remains."""

from django.db import DatabaseError, migrations, transaction

CONSTRAINT = """
ALTER TABLE dispatch_assignment ADD CONSTRAINT dispatch_assignment_no_overlap
    EXCLUDE USING gist (person_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
    WHERE (cancelled_at IS NULL)
"""


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    except DatabaseError:
        return
    schema_editor.execute(CONSTRAINT)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE dispatch_assignment DROP CONSTRAINT IF EXISTS dispatch_assignment_no_overlap"
        )


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0002_skills")]

    operations = [migrations.RunPython(forward, backward)]
