"""The curated skills taxonomy (HQ edits it in the admin afterwards)."""

from django.db import migrations

SKILLS = [
    # code, name, English name
    ("dx-strategy", "DX戦略・計画策定", "DX strategy and planning"),
    ("cloud", "クラウド・システム標準化", "Cloud and system standardisation"),
    ("security", "情報セキュリティ", "Information security"),
    ("data", "データ利活用", "Data use"),
    ("online-procedures", "行政手続のオンライン化", "Online administrative procedures"),
    ("gis", "GIS・地理空間情報", "GIS and geospatial data"),
    ("tourism", "観光振興", "Tourism"),
    ("migration", "移住・定住", "Migration and settlement"),
    ("agriculture", "農林水産業", "Agriculture, forestry and fisheries"),
    ("industry", "産業振興・起業支援", "Local industry and start-ups"),
    ("strategy", "総合戦略・地域計画", "Comprehensive strategy and local plans"),
    ("community", "地域コミュニティ・住民協働", "Community and resident participation"),
]


def load(apps, schema_editor):
    Skill = apps.get_model("dispatch", "Skill")
    for order, (code, name, name_en) in enumerate(SKILLS, start=1):
        Skill.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
