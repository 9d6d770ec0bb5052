"""I3 cooperative certification (issue 6): cooperatives, their certification applications,
change notifications (届出) and annual reports; and the consultation desk's category for
pre-consultations (事前相談)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def load(apps, schema_editor):
    """The desk's category for cooperatives' pre-consultations (answered by the bureau)."""
    category = apps.get_model("portal", "ConsultationCategory")
    category.objects.get_or_create(
        code="cooperative",
        defaults={
            "name": "特定地域づくり事業協同組合（事前相談）",
            "name_en": "Specified regional development cooperatives (pre-consultation)",
            "description": "特定地域づくり事業協同組合の認定申請に関する事前相談",
            "order": 60,
        },
    )


def unload(apps, schema_editor):
    apps.get_model("portal", "ConsultationCategory").objects.filter(
        code="cooperative", consultations__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casebook", "0004_challenges_meetings_plans"),
        ("portal", "0008_audit_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CooperativeNumber",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.CharField(max_length=80, unique=True)),
                ("last_number", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "number sequence",
                "verbose_name_plural": "number sequences",
            },
        ),
        migrations.CreateModel(
            name="Cooperative",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="cooperative name")),
                (
                    "name_kana",
                    models.CharField(max_length=200, verbose_name="cooperative name (kana)"),
                ),
                (
                    "corporate_number",
                    models.CharField(
                        blank=True,
                        help_text="The 13-digit number the National Tax Agency assigned, once registered.",
                        max_length=13,
                        verbose_name="corporate number (法人番号)",
                    ),
                ),
                (
                    "address",
                    models.CharField(
                        max_length=300, verbose_name="address of the principal office"
                    ),
                ),
                ("representative", models.CharField(max_length=100, verbose_name="representative")),
                ("contact_phone", models.CharField(max_length=30, verbose_name="contact phone")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting approval"),
                            ("approved", "Approved"),
                            ("declined", "Declined"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="registration status",
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                (
                    "decision_note",
                    models.TextField(blank=True, max_length=2000, verbose_name="decision note"),
                ),
                (
                    "certified_on",
                    models.DateField(
                        blank=True, db_index=True, null=True, verbose_name="certification date"
                    ),
                ),
                (
                    "certificate_number",
                    models.CharField(blank=True, max_length=40, verbose_name="certificate number"),
                ),
                (
                    "officers",
                    models.TextField(blank=True, max_length=4000, verbose_name="officers"),
                ),
                ("office", models.CharField(blank=True, max_length=300, verbose_name="office")),
                (
                    "business",
                    models.TextField(blank=True, max_length=8000, verbose_name="business"),
                ),
                (
                    "dispatches_workers",
                    models.BooleanField(default=False, verbose_name="dispatches workers"),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="registered at"),
                ),
                (
                    "area",
                    models.ManyToManyField(
                        blank=True,
                        related_name="certified_cooperatives",
                        to="portal.municipality",
                        verbose_name="area (地区)",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        help_text="Its bureau follows the cooperative and its notifications.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.municipality",
                        verbose_name="municipality of the principal office",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cooperative_registrations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "cooperative",
                "verbose_name_plural": "cooperatives",
                "ordering": ["name", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ChangeNotification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("name", "Change of name"),
                            ("officers", "Change of officers"),
                            ("office", "Change of office"),
                        ],
                        max_length=10,
                        verbose_name="what changed",
                    ),
                ),
                ("changed_on", models.DateField(verbose_name="date of the change")),
                ("due_on", models.DateField(verbose_name="to be filed by")),
                (
                    "new_value",
                    models.TextField(
                        help_text="The new name, the officers after the change, or the new office.",
                        max_length=4000,
                        verbose_name="the new particulars",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Not yet filed"),
                            ("filed", "Filed"),
                            ("returned", "Returned for correction"),
                            ("accepted", "Accepted"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("filed_at", models.DateTimeField(blank=True, null=True, verbose_name="filed at")),
                (
                    "return_reason",
                    models.TextField(blank=True, max_length=2000, verbose_name="reason for return"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "cooperative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notifications",
                        to="casebook.cooperative",
                        verbose_name="cooperative",
                    ),
                ),
            ],
            options={
                "verbose_name": "change notification (届出)",
                "verbose_name_plural": "change notifications (届出)",
                "ordering": ["-changed_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="CertificationApplication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("initial", "Certification (認定)"),
                            ("change", "Change certification (変更認定)"),
                        ],
                        default="initial",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("under_review", "Under review by the bureau"),
                            ("returned", "Returned for correction"),
                            ("forwarded", "Awaiting HQ's decision"),
                            ("certified", "Certified"),
                            ("refused", "Refused"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "reference",
                    models.CharField(blank=True, max_length=30, verbose_name="reference number"),
                ),
                (
                    "name",
                    models.CharField(blank=True, max_length=200, verbose_name="cooperative name"),
                ),
                (
                    "address",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="address of the principal office"
                    ),
                ),
                (
                    "representative",
                    models.CharField(blank=True, max_length=100, verbose_name="representative"),
                ),
                (
                    "officers",
                    models.TextField(
                        blank=True,
                        help_text="One officer a line: position and name, e.g. 理事長 山田 太郎.",
                        max_length=4000,
                        verbose_name="officers",
                    ),
                ),
                (
                    "office",
                    models.CharField(
                        blank=True,
                        help_text="Name and address of the office where the business is run.",
                        max_length=300,
                        verbose_name="office",
                    ),
                ),
                (
                    "area_reason",
                    models.TextField(
                        blank=True,
                        help_text="Population trend, commuting, industries: why this area needs the business.",
                        max_length=4000,
                        verbose_name="why the area forms a whole",
                    ),
                ),
                (
                    "business_plan",
                    models.TextField(blank=True, max_length=8000, verbose_name="business plan"),
                ),
                (
                    "dispatches_workers",
                    models.BooleanField(
                        default=False,
                        help_text="Tick if the cooperative will run worker dispatch (労働者派遣事業).",
                        verbose_name="dispatches workers",
                    ),
                ),
                (
                    "planned_workers",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="planned number of workers"
                    ),
                ),
                (
                    "budget_income",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="budgeted income (yen)"
                    ),
                ),
                (
                    "budget_expenditure",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="budgeted expenditure (yen)"
                    ),
                ),
                (
                    "change_summary",
                    models.TextField(
                        blank=True,
                        help_text="For a change certification: what changes in the area or the business, why.",
                        max_length=4000,
                        verbose_name="what changes",
                    ),
                ),
                ("section_drafts", models.JSONField(blank=True, default=dict, editable=False)),
                (
                    "criterion_area",
                    models.BooleanField(
                        default=False,
                        verbose_name="the area lies within Hokkaido and forms a whole",
                    ),
                ),
                (
                    "criterion_need",
                    models.BooleanField(
                        default=False, verbose_name="population and business figures show the need"
                    ),
                ),
                (
                    "criterion_plan",
                    models.BooleanField(
                        default=False, verbose_name="the business plan is feasible"
                    ),
                ),
                (
                    "criterion_workers",
                    models.BooleanField(
                        default=False,
                        verbose_name="the workers' conditions are properly considered",
                    ),
                ),
                (
                    "criterion_cooperation",
                    models.BooleanField(
                        default=False,
                        verbose_name="it works with the municipalities and local businesses",
                    ),
                ),
                (
                    "bureau_opinion",
                    models.TextField(blank=True, max_length=4000, verbose_name="bureau's opinion"),
                ),
                (
                    "return_reason",
                    models.TextField(blank=True, max_length=4000, verbose_name="reason for return"),
                ),
                (
                    "decision_reason",
                    models.TextField(
                        blank=True, max_length=4000, verbose_name="reasons for refusal"
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                (
                    "decided_on",
                    models.DateField(blank=True, null=True, verbose_name="date of the decision"),
                ),
                (
                    "document_number",
                    models.CharField(blank=True, max_length=40, verbose_name="document number"),
                ),
                ("public_notice", models.TextField(blank=True, verbose_name="public notice")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "area",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.municipality",
                        verbose_name="area (地区)",
                    ),
                ),
                (
                    "bureau",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.bureau",
                        verbose_name="bureau",
                    ),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="portal.document",
                        verbose_name="certificate",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "main_municipality",
                    models.ForeignKey(
                        blank=True,
                        help_text="Its bureau reviews the application.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="portal.municipality",
                        verbose_name="main municipality of the area",
                    ),
                ),
                (
                    "cooperative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="casebook.cooperative",
                        verbose_name="cooperative",
                    ),
                ),
            ],
            options={
                "verbose_name": "certification application",
                "verbose_name_plural": "certification applications",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="AnnualReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fiscal_year", models.PositiveSmallIntegerField(verbose_name="fiscal year")),
                ("summary", models.TextField(blank=True, max_length=4000, verbose_name="summary")),
                (
                    "submitted_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="submitted at"),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
                (
                    "cooperative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="annual_reports",
                        to="casebook.cooperative",
                        verbose_name="cooperative",
                    ),
                ),
            ],
            options={
                "verbose_name": "annual report",
                "verbose_name_plural": "annual reports",
                "ordering": ["-fiscal_year"],
            },
        ),
        migrations.AddConstraint(
            model_name="cooperative",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["pending", "approved", "declined"])),
                name="cooperative_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="cooperative",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("corporate_number", ""),
                    ("corporate_number__regex", "^[0-9]{13}$"),
                    _connector="OR",
                ),
                name="cooperative_corporate_number_13_digits",
            ),
        ),
        migrations.AddConstraint(
            model_name="cooperative",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "approved"])),
                fields=("user",),
                name="one_active_cooperative_per_account",
            ),
        ),
        migrations.AddIndex(
            model_name="changenotification",
            index=models.Index(fields=["status", "due_on"], name="casebook_ch_status_d768bc_idx"),
        ),
        migrations.AddConstraint(
            model_name="changenotification",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["draft", "filed", "returned", "accepted"])),
                name="coop_notification_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="changenotification",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["name", "officers", "office"])),
                name="coop_notification_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="changenotification",
            constraint=models.CheckConstraint(
                condition=models.Q(("due_on__gte", models.F("changed_on"))),
                name="coop_notification_due_after_change",
            ),
        ),
        migrations.AddIndex(
            model_name="certificationapplication",
            index=models.Index(fields=["bureau", "status"], name="casebook_ce_bureau__6f90b6_idx"),
        ),
        migrations.AddConstraint(
            model_name="certificationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "draft",
                            "submitted",
                            "under_review",
                            "returned",
                            "forwarded",
                            "certified",
                            "refused",
                            "withdrawn",
                        ],
                    )
                ),
                name="coop_application_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificationapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["initial", "change"])),
                name="coop_application_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificationapplication",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("status__in", ["draft", "submitted", "under_review", "returned", "forwarded"])
                ),
                fields=("cooperative",),
                name="one_open_coop_application",
            ),
        ),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(
                fields=("cooperative", "fiscal_year"), name="one_annual_report_per_year"
            ),
        ),
        migrations.RunPython(load, unload),
    ]
