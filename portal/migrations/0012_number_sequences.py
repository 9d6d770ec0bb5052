from django.db import migrations, models


class Migration(migrations.Migration):
    """One gap-free numbering table for every pillar; each pillar's migration copies its
    own sequences in and drops its old table."""

    dependencies = [("portal", "0011_group_invitations_and_requests")]

    operations = [
        migrations.CreateModel(
            name="NumberSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=60)),
                ("scope", models.CharField(blank=True, max_length=100)),
                ("last_number", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "number sequence",
                "verbose_name_plural": "number sequences",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("key", "scope"), name="one_number_sequence_per_scope"
                    )
                ],
            },
        ),
    ]
