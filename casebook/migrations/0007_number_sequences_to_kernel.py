from django.db import migrations

# The old scope "<kind>:<rest>" becomes the kernel's key and scope; every number is kept.
KEYS = {"reference": "casebook.cooperative", "certificate": "casebook.certificate"}


def to_kernel(apps, schema_editor):
    old = apps.get_model("casebook", "CooperativeNumber")
    new = apps.get_model("portal", "NumberSequence")
    rows = []
    for row in old.objects.order_by("pk"):
        kind, _colon, scope = row.scope.partition(":")
        key = KEYS.get(kind, f"casebook.{kind}")
        rows.append(new(key=key, scope=scope, last_number=row.last_number))
    new.objects.bulk_create(rows)


def from_kernel(apps, schema_editor):
    old = apps.get_model("casebook", "CooperativeNumber")
    new = apps.get_model("portal", "NumberSequence")
    kinds = {key: kind for kind, key in KEYS.items()}
    moved = new.objects.filter(key__startswith="casebook.")
    for row in moved.order_by("pk"):
        kind = kinds.get(row.key, row.key.removeprefix("casebook."))
        scope = f"{kind}:{row.scope}" if row.scope else kind
        old.objects.create(scope=scope, last_number=row.last_number)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [("casebook", "0006_edit_versions"), ("portal", "0012_number_sequences")]

    operations = [
        migrations.RunPython(to_kernel, from_kernel),
        migrations.DeleteModel(name="CooperativeNumber"),
    ]
