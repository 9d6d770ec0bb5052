"""The curated missions of 地域おこし協力隊 positions (HQ edits them in the admin afterwards)."""

from django.db import migrations

MISSIONS = [
    # code, name, English name
    ("tourism", "観光", "Tourism"),
    ("agriculture", "農業", "Agriculture"),
    ("forestry", "林業", "Forestry"),
    ("fisheries", "漁業・水産業", "Fisheries"),
    ("migration", "移住・定住支援", "Migration and settlement support"),
    ("local-products", "特産品開発・6次産業化", "Local products and food processing"),
    ("community", "地域づくり・コミュニティ", "Community development"),
    ("welfare", "医療・福祉・子育て", "Health, welfare and child-rearing"),
    ("education", "教育・文化", "Education and culture"),
    ("sports", "スポーツ・アウトドア", "Sports and the outdoors"),
    ("media", "情報発信・PR", "Promotion and media"),
    ("digital", "デジタル・DX", "Digital"),
    ("environment", "環境・エネルギー", "Environment and energy"),
    ("business", "起業・商店街の活性化", "Start-ups and local shops"),
    ("furusato", "ふるさと納税・関係人口", "Hometown tax donations and connected people"),
]


def load(apps, schema_editor):
    Mission = apps.get_model("dispatch", "Mission")
    for order, (code, name, name_en) in enumerate(MISSIONS, start=1):
        Mission.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0004_kyoryokutai")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
