from django.db import migrations


def fill(apps, schema_editor):
    Bureau = apps.get_model("portal", "Bureau")
    for bureau in Bureau.objects.filter(notice_prefix=""):
        short = bureau.name.removesuffix("総合振興局").removesuffix("振興局")
        bureau.notice_prefix = f"{short[0]}振地"
        bureau.save(update_fields=["notice_prefix"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_group_role_and_notice_prefix")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
