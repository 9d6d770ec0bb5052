from django.db import migrations

from portal.migrations._numbering import moved_to_kernel

# The old scope "<kind>:<rest>" becomes the kernel's key and scope; every number is kept.
KEYS = {"request": "dispatch.request", "notice": "dispatch.notice"}


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0008_edit_versions"), ("portal", "0012_number_sequences")]

    operations = moved_to_kernel("dispatch", "NumberSequence", KEYS)
