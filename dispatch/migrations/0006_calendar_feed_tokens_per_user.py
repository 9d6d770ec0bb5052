"""Calendar subscription URLs per user, stored as a hash, replacing the shared per-person and
per-municipality tokens. The old tokens are dropped with their table: their URLs answer 404,
and each user issues their own URL again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0005_kyoryokutai_missions"),
        ("portal", "0008_audit_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeedToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("issued_role", models.CharField(editable=False, max_length=20)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="issued at")),
                (
                    "rotated_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="reissued at"
                    ),
                ),
                (
                    "issued_bureau",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.bureau",
                    ),
                ),
                (
                    "issued_municipality",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.municipality",
                    ),
                ),
                (
                    "issued_person",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="dispatch.person",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dispatch_calendar_token",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="portal account",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar subscription URL",
                "verbose_name_plural": "calendar subscription URLs",
            },
        ),
        migrations.DeleteModel(name="CalendarFeed"),
    ]
