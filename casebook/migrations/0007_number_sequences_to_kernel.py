from django.db import migrations

from portal.migrations._numbering import moved_to_kernel

# The old scope "<kind>:<rest>" becomes the kernel's key and scope; every number is kept.
KEYS = {"reference": "casebook.cooperative", "certificate": "casebook.certificate"}


class Migration(migrations.Migration):
    dependencies = [("casebook", "0006_edit_versions"), ("portal", "0012_number_sequences")]

    operations = moved_to_kernel("casebook", "CooperativeNumber", KEYS)
