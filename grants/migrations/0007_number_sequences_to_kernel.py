from django.db import migrations

# The old scope "<kind>:<rest>" becomes the kernel's key and scope; every number is kept.
KEYS = {"reference": "grants.application", "notice": "grants.notice"}


def to_kernel(apps, schema_editor):
    old = apps.get_model("grants", "NumberSequence")
    new = apps.get_model("portal", "NumberSequence")
    rows = []
    for row in old.objects.order_by("pk"):
        kind, _colon, scope = row.scope.partition(":")
        key = KEYS.get(kind, f"grants.{kind}")
        rows.append(new(key=key, scope=scope, last_number=row.last_number))
    new.objects.bulk_create(rows)


def from_kernel(apps, schema_editor):
    old = apps.get_model("grants", "NumberSequence")
    new = apps.get_model("portal", "NumberSequence")
    kinds = {key: kind for kind, key in KEYS.items()}
    moved = new.objects.filter(key__startswith="grants.")
    for row in moved.order_by("pk"):
        kind = kinds.get(row.key, row.key.removeprefix("grants."))
        scope = f"{kind}:{row.scope}" if row.scope else kind
        old.objects.create(scope=scope, last_number=row.last_number)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0006_section_versions"), ("portal", "0012_number_sequences")]

    operations = [
        migrations.RunPython(to_kernel, from_kernel),
        migrations.DeleteModel(name="NumberSequence"),
    ]
