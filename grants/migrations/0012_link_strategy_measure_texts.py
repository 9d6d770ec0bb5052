"""#21 point 3: the measure typed as free text on grant applications becomes a link to the
measure of the municipality's 総合戦略 where the text is that measure's title (spaces,
全角/半角 aside). A text that matches nothing is kept as it was and shown read-only as
「移行前の記載」: guessing a link would tag an application with a measure it may not serve.
The text of a linked application is cleared, the link now says it."""

import unicodedata

from django.db import migrations


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def link_measure_texts(apps, schema_editor):
    Application = apps.get_model("grants", "Application")
    StrategyMeasure = apps.get_model("portal", "StrategyMeasure")
    by_municipality: dict[int, dict[str, int]] = {}
    for measure in StrategyMeasure.objects.filter(strategy__kind="municipal").values(
        "pk", "title", "strategy__municipality_id"
    ):
        titles = by_municipality.setdefault(measure["strategy__municipality_id"], {})
        titles.setdefault(_key(measure["title"]), measure["pk"])
    for application in Application.objects.exclude(strategy_measure="").only(
        "pk", "municipality_id", "strategy_measure"
    ):
        pk = by_municipality.get(application.municipality_id, {}).get(
            _key(application.strategy_measure)
        )
        if pk is None:
            continue  # kept as 「移行前の記載」
        application.measures.add(pk)
        Application.objects.filter(pk=application.pk).update(strategy_measure="")


class Migration(migrations.Migration):
    dependencies = [("grants", "0011_application_strategy_measures")]

    operations = [migrations.RunPython(link_measure_texts, migrations.RunPython.noop)]
