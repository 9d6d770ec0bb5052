"""The curated list of policy themes (HQ keeps it in the admin afterwards). Shared by the
case studies and, later, by challenges, liaison meetings and plans."""

from django.db import migrations

THEMES = [
    ("migration", "移住・定住", "Migration and settlement"),
    ("tourism", "観光", "Tourism"),
    ("industry", "産業振興・雇用", "Industry and jobs"),
    ("primary-industry", "農林水産業", "Agriculture, forestry and fisheries"),
    ("childcare-education", "子育て・教育", "Child-rearing and education"),
    ("health-welfare", "医療・福祉", "Health and welfare"),
    ("transport", "地域交通", "Local transport"),
    ("digital", "デジタル・DX", "Digital transformation"),
    ("energy", "脱炭素・エネルギー", "Decarbonisation and energy"),
    ("disaster", "防災・減災", "Disaster preparedness"),
    ("kyoryokutai", "地域おこし協力隊", "Community revitalisation volunteers"),
    ("furusato", "ふるさと納税・関係人口", "Hometown tax donations and connected people"),
    ("culture-sports", "文化・スポーツ", "Culture and sports"),
    ("town-planning", "まちづくり・公共施設", "Town planning and public facilities"),
    ("wide-area", "広域連携", "Wide-area collaboration"),
    ("people-skills", "人材育成・担い手", "Skills and local leaders"),
]


def load(apps, schema_editor):
    Theme = apps.get_model("casebook", "Theme")
    for order, (code, name, name_en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("casebook", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
