"""Load the verified reference data (portal/data/*.csv): 6 regions, 14 bureaus, 179
municipalities. Re-running is harmless (update_or_create)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

REGIONS = [
    ("doo", "道央広域連携地域", "Doo (Central Hokkaido) Wide-area Collaboration Region"),
    ("donan", "道南連携地域", "Donan (Southern Hokkaido) Collaboration Region"),
    ("dohoku", "道北連携地域", "Dohoku (Northern Hokkaido) Collaboration Region"),
    ("okhotsk", "オホーツク連携地域", "Okhotsk Collaboration Region"),
    ("tokachi", "十勝連携地域", "Tokachi Collaboration Region"),
    ("kushiro-nemuro", "釧路・根室連携地域", "Kushiro-Nemuro Collaboration Region"),
]

CATEGORIES = [
    ("general", "一般的な相談", "General questions", False),
    ("national-grants", "国の交付金", "National revitalisation grants", False),
    ("national-systems", "新たな国の制度", "New national systems", False),
    ("dx", "自治体DX", "Municipal digital transformation (DX)", False),
    ("kyoryokutai", "地域おこし協力隊", "Community revitalisation volunteers", True),
]


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Region = apps.get_model("portal", "Region")
    Bureau = apps.get_model("portal", "Bureau")
    Municipality = apps.get_model("portal", "Municipality")
    Category = apps.get_model("portal", "ConsultationCategory")

    regions = {}
    for order, (code, name, name_en) in enumerate(REGIONS, start=1):
        regions[name], _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )

    bureau_rows = _rows("hokkaido_bureaus.csv")
    bureaus = {}
    for order, row in enumerate(bureau_rows, start=1):
        kind_en = "General Subprefectural Bureau" if row["kind"] == "総合振興局" else (
            "Subprefectural Bureau"
        )
        bureaus[row["name"]], _ = Bureau.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": f"{row['code'].capitalize()} {kind_en}",
                "kind": row["kind"],
                "region": regions[row["region"]],
                "chief_title": f"{row['name']}長",
                "order": order,
            },
        )

    by_name = {}
    for row in _rows("hokkaido_municipalities.csv"):
        suffix = {"city": "市長", "town": "町長", "village": "村長"}[row["kind"]]
        municipality, _ = Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kana": row["kana"],
                "romaji": row["romaji"],
                "kind": row["kind"],
                "bureau": bureaus[row["bureau"]],
                "mayor_title": row["name"][:-1] + suffix,
            },
        )
        by_name[(row["name"], row["bureau"])] = municipality

    for row in bureau_rows:
        bureau = bureaus[row["name"]]
        bureau.seat = by_name[(row["seat"], row["name"])]
        bureau.save(update_fields=["seat"])

    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=1, defaults={"domain": "127.0.0.1:8000", "name": "北海道 市町村戦略支援ポータル"}
    )

    for order, (code, name, name_en, hq) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "routed_to_hq": hq, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
