"""Shared by the pillars' migrations that move their number sequences into the kernel's
table (portal 0012). Not a migration itself: the loader skips modules named with "_".

Kept frozen: the migrations that use it are history; a later change of numbering gets a
helper of its own."""

from django.db import migrations


def moved_to_kernel(app: str, model: str, keys: dict[str, str]) -> list:
    """The operations that copy ``app.model``'s rows (scope "<kind>:<rest>") into
    portal.NumberSequence (key ``keys[kind]``, scope "<rest>"), every number unchanged, and
    drop the old table; reversible (the rows go back)."""
    kinds = {key: kind for kind, key in keys.items()}

    def forward(apps, schema_editor):
        old = apps.get_model(app, model)
        new = apps.get_model("portal", "NumberSequence")
        rows = []
        for row in old.objects.order_by("pk"):
            kind, _colon, scope = row.scope.partition(":")
            key = keys.get(kind, f"{app}.{kind}")
            rows.append(new(key=key, scope=scope, last_number=row.last_number))
        new.objects.bulk_create(rows)

    def backward(apps, schema_editor):
        old = apps.get_model(app, model)
        new = apps.get_model("portal", "NumberSequence")
        moved = new.objects.filter(key__startswith=f"{app}.")
        for row in moved.order_by("pk"):
            kind = kinds.get(row.key, row.key.removeprefix(f"{app}."))
            scope = f"{kind}:{row.scope}" if row.scope else kind
            old.objects.create(scope=scope, last_number=row.last_number)
        moved.delete()

    return [migrations.RunPython(forward, backward), migrations.DeleteModel(name=model)]
