from django.db import migrations

from portal.migrations._numbering import moved_to_kernel

# The old scope "<kind>:<rest>" becomes the kernel's key and scope; every number is kept.
KEYS = {"reference": "grants.application", "notice": "grants.notice"}


class Migration(migrations.Migration):
    dependencies = [("grants", "0006_section_versions"), ("portal", "0012_number_sequences")]

    operations = moved_to_kernel("grants", "NumberSequence", KEYS)
