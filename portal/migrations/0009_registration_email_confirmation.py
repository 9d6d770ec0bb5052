"""Public registrations wait for the address to be confirmed (status ``pending``), the
waiting list moves up by confirmation time, and every private link is replaced.

The links are replaced because the registration page used to be reachable by re-submitting
the public form with someone's address: any link obtained that way must stop working. The
URL of the page changes too (it now carries the registration's number), so links in mails
sent before this migration lead nowhere; registering again with the same address mails the
new link.
"""

import secrets

from django.db import migrations, models


def backfill(apps, schema_editor):
    Registration = apps.get_model("portal", "Registration")
    for registration in Registration.objects.only("pk", "created_at").iterator():
        Registration.objects.filter(pk=registration.pk).update(
            confirmed_at=registration.created_at, token=secrets.token_urlsafe(32)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_audit_labels"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_status_valid",
        ),
        migrations.AddField(
            model_name="registration",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmed at"),
        ),
        migrations.AlterField(
            model_name="registration",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for email confirmation"),
                    ("confirmed", "Confirmed"),
                    ("waitlisted", "On the waiting list"),
                    ("cancelled", "Cancelled"),
                ],
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["pending", "confirmed", "waitlisted", "cancelled"])
                ),
                name="registration_status_valid",
            ),
        ),
    ]
