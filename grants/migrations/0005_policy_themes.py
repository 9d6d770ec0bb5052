"""The curated list of policy themes shared by bureau policy projects (F2) and ふるさと納税
matching (F4). HQ edits it in the admin afterwards."""

from django.db import migrations

THEMES = [
    ("migration", "移住・定住・関係人口", "Migration, settlement and ties with the region"),
    ("tourism", "観光振興", "Tourism"),
    ("industry", "産業振興・雇用", "Industry and jobs"),
    ("primary", "農林水産業", "Agriculture, forestry and fisheries"),
    ("children", "子育て・教育", "Child-rearing and education"),
    ("welfare", "医療・福祉", "Health and welfare"),
    ("transport", "地域交通", "Local transport"),
    ("digital", "デジタル化・DX", "Digital transformation"),
    ("energy", "ゼロカーボン・エネルギー", "Zero carbon and energy"),
    ("disaster", "防災・減災", "Disaster prevention"),
    ("culture", "文化・スポーツ", "Culture and sports"),
    ("community", "地域づくり・まちづくり", "Community development"),
]


def load(apps, schema_editor):
    PolicyTheme = apps.get_model("grants", "PolicyTheme")
    for order, (code, name, name_en) in enumerate(THEMES, start=1):
        PolicyTheme.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_projects_national_furusato")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
