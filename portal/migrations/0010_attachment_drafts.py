"""Uploads kept as drafts: a file that passed the checks on a form that came back with
errors is stored at once, with no owner object yet, and expires unless the form is sent."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('portal', '0009_registration_email_confirmation'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='draft_expires_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='kept until'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='draft_session_key',
            field=models.CharField(blank=True, default='', max_length=40),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='owner_id',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='owner_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddIndex(
            model_name='attachment',
            index=models.Index(fields=['draft_expires_at'], name='portal_attachment_draft_idx'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('draft_expires_at__isnull', True), ('owner_type__isnull', False)), models.Q(('draft_expires_at__isnull', False), ('owner_type__isnull', True)), _connector='OR'), name='attachment_owned_or_draft'),
        ),
    ]
