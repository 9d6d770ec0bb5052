"""Initial values HQ edits in the admin afterwards: programmes, categories, applicant
kinds and cost categories as the programme's guidelines (交付要綱) describe them."""

from django.db import migrations

GRANT_CATEGORIES = [("hard", "ハード系"), ("soft", "ソフト系")]
APPLICANT_KINDS = [
    ("municipality", "市町村", False),
    ("partial-union", "一部事務組合", False),
    ("wide-area-union", "広域連合", False),
    ("council", "協議会", False),
    ("group", "団体（市町村経由）", True),
]
COST_CATEGORIES = [
    ("honorarium", "報償費"),
    ("travel", "旅費"),
    ("supplies", "需用費（消耗品費・印刷製本費等）"),
    ("services", "役務費"),
    ("commission", "委託料"),
    ("rental", "使用料及び賃借料"),
    ("wages", "賃金・職員費"),
    ("food", "食料費"),
    ("equipment", "備品購入費"),
    ("land", "用地取得費"),
    ("construction", "工事請負費"),
    ("other", "その他"),
]


def load(apps, schema_editor):
    Programme = apps.get_model("grants", "Programme")
    GrantCategory = apps.get_model("grants", "GrantCategory")
    ApplicantKind = apps.get_model("grants", "ApplicantKind")
    CostCategory = apps.get_model("grants", "CostCategory")
    main, _ = Programme.objects.update_or_create(
        code="chiiki-zukuri",
        defaults={
            "name": "地域づくり総合交付金",
            "legal_basis": "北海道地域振興条例第7条",
            "description": "地域の主体性や独自性を活かした地域づくりの取組を支援します。",
        },
    )
    Programme.objects.update_or_create(
        code="digital-challenge",
        defaults={
            "name": "デジタルチャレンジ推進事業",
            "parent": main,
            "description": "他の地域でも活用できるデジタル技術の実証的な取組を支援します。",
        },
    )
    for order, (code, name) in enumerate(GRANT_CATEGORIES, start=1):
        GrantCategory.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, via) in enumerate(APPLICANT_KINDS, start=1):
        ApplicantKind.objects.update_or_create(
            code=code, defaults={"name": name, "via_municipality": via, "order": order}
        )
    for order, (code, name) in enumerate(COST_CATEGORIES, start=1):
        CostCategory.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
