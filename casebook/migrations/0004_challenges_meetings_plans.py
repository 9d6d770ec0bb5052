"""I1 challenges and liaison meetings, I4 plans registry (issue 6)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PLAN_TYPES = [
    (
        "transport",
        "地域公共交通計画",
        "Local public transport plan",
        "地域公共交通の活性化及び再生に関する法律",
        1,
    ),
    ("strategy", "総合戦略", "Comprehensive strategy (総合戦略)", "まち・ひと・しごと創生法", 1),
    ("master", "総合計画", "Comprehensive plan (総合計画)", "", 1),
    (
        "depopulation",
        "過疎地域持続的発展市町村計画",
        "Plan for the sustainable development of a depopulated area",
        "過疎地域の持続的発展の支援に関する特別措置法",
        1,
    ),
    (
        "resilience",
        "国土強靱化地域計画",
        "Regional resilience plan",
        "強くしなやかな国民生活の実現を図るための防災・減災等に資する国土強靱化基本法",
        1,
    ),
    ("facilities", "公共施設等総合管理計画", "Public facilities management plan", "", 1),
    (
        "climate",
        "地球温暖化対策実行計画（区域施策編）",
        "Climate action plan (area measures)",
        "地球温暖化対策の推進に関する法律",
        1,
    ),
]


def load_plan_types(apps, schema_editor):
    PlanType = apps.get_model("casebook", "PlanType")
    for order, (code, name, name_en, basis, notice) in enumerate(PLAN_TYPES, start=1):
        PlanType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "legal_basis": basis,
                "revision_notice_years": notice,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casebook", "0003_search_index"),
        ("portal", "0008_audit_labels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("name_en", models.CharField(max_length=120, verbose_name="English name")),
                (
                    "legal_basis",
                    models.CharField(blank=True, max_length=200, verbose_name="legal basis"),
                ),
                (
                    "revision_notice_years",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="A plan is due for revision when its period ends within this many fiscal years (0: only in its last year).",
                        verbose_name="flag for revision (years before the end)",
                    ),
                ),
                (
                    "order",
                    models.PositiveSmallIntegerField(default=0, verbose_name="display order"),
                ),
                (
                    "is_active",
                    models.BooleanField(default=True, verbose_name="offered for new plans"),
                ),
            ],
            options={
                "verbose_name": "plan type",
                "verbose_name_plural": "plan types",
                "ordering": ["order", "code"],
            },
        ),
        migrations.CreateModel(
            name="Challenge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("description", models.TextField(max_length=5000, verbose_name="description")),
                (
                    "tried",
                    models.TextField(
                        blank=True, max_length=5000, verbose_name="what has been tried"
                    ),
                ),
                (
                    "urgency",
                    models.CharField(
                        choices=[
                            ("low", "Low: within the next year or later"),
                            ("medium", "Medium: within a few months"),
                            ("high", "High: now"),
                        ],
                        default="medium",
                        max_length=10,
                        verbose_name="urgency",
                    ),
                ),
                (
                    "wants_grant",
                    models.BooleanField(default=False, verbose_name="a grant would help"),
                ),
                (
                    "wants_dispatch",
                    models.BooleanField(default=False, verbose_name="staff dispatch would help"),
                ),
                (
                    "wants_advisor",
                    models.BooleanField(default=False, verbose_name="an advisor would help"),
                ),
                (
                    "wants_information",
                    models.BooleanField(default=False, verbose_name="information would help"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("considering", "Under consideration"),
                            ("matched", "Matched"),
                            ("resolved", "Resolved"),
                            ("not_feasible", "Not feasible"),
                        ],
                        default="new",
                        editable=False,
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "response",
                    models.TextField(
                        blank=True, max_length=5000, verbose_name="the bureau's response"
                    ),
                ),
                (
                    "responded_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="responded at"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="submitted at"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "bureau",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="challenges",
                        to="portal.bureau",
                        verbose_name="bureau",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="challenges",
                        to="portal.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "responded_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="responded by",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="challenges",
                        to="casebook.theme",
                        verbose_name="theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "challenge or need",
                "verbose_name_plural": "challenges and needs",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ChallengeLink",
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
                            ("call", "Grant call"),
                            ("dispatch_request", "Dispatch request"),
                            ("advisor", "Advisor"),
                            ("case_study", "Case study"),
                            ("consultation", "Consultation"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("target_id", models.CharField(max_length=64, verbose_name="target")),
                ("label", models.CharField(max_length=300, verbose_name="title")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="linked at")),
                (
                    "challenge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links",
                        to="casebook.challenge",
                        verbose_name="challenge",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="linked by",
                    ),
                ),
            ],
            options={
                "verbose_name": "link to support",
                "verbose_name_plural": "links to support",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="LiaisonMeeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("date", models.DateField(verbose_name="date")),
                ("start_time", models.TimeField(blank=True, null=True, verbose_name="start time")),
                ("place", models.CharField(max_length=200, verbose_name="place")),
                (
                    "invited_organisations",
                    models.TextField(
                        blank=True,
                        help_text="One per line, e.g. 商工会, 観光協会, 金融機関.",
                        max_length=3000,
                        verbose_name="invited organisations",
                    ),
                ),
                ("agenda", models.TextField(blank=True, max_length=5000, verbose_name="agenda")),
                (
                    "attendance",
                    models.TextField(
                        blank=True,
                        help_text="Who attended, one per line (organisation and title).",
                        max_length=3000,
                        verbose_name="attendance",
                    ),
                ),
                ("minutes", models.TextField(blank=True, max_length=20000, verbose_name="minutes")),
                (
                    "minutes_public",
                    models.BooleanField(
                        default=False,
                        editable=False,
                        help_text="Public minutes are shown on the public site.",
                        verbose_name="minutes are public",
                    ),
                ),
                (
                    "minutes_published_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="minutes published at"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "attended_municipalities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="portal.municipality",
                        verbose_name="municipalities that attended",
                    ),
                ),
                (
                    "bureau",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="liaison_meetings",
                        to="portal.bureau",
                        verbose_name="bureau",
                    ),
                ),
                (
                    "challenges",
                    models.ManyToManyField(
                        blank=True,
                        related_name="meetings",
                        to="casebook.challenge",
                        verbose_name="challenges discussed",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "invited_municipalities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="liaison_meetings",
                        to="portal.municipality",
                        verbose_name="invited municipalities",
                    ),
                ),
            ],
            options={
                "verbose_name": "liaison meeting",
                "verbose_name_plural": "liaison meetings",
                "ordering": ["-date", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ActionItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="action")),
                ("due_date", models.DateField(verbose_name="due date")),
                (
                    "closed_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="closed at"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="closed by",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="casebook_action_items",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_items",
                        to="casebook.liaisonmeeting",
                        verbose_name="meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "action item",
                "verbose_name_plural": "action items",
                "ordering": ["due_date", "id"],
            },
        ),
        migrations.CreateModel(
            name="Plan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("start_year", models.PositiveSmallIntegerField(verbose_name="first fiscal year")),
                ("end_year", models.PositiveSmallIntegerField(verbose_name="last fiscal year")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("drafting", "Being drawn up"),
                            ("adopted", "Adopted"),
                            ("revising", "Being revised"),
                        ],
                        default="drafting",
                        editable=False,
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("summary", models.TextField(max_length=5000, verbose_name="summary")),
                ("url", models.URLField(blank=True, verbose_name="web page")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="registered at"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "bureau",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="portal.bureau",
                        verbose_name="bureau",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="registered by",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="portal.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "plan_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="casebook.plantype",
                        verbose_name="plan type",
                    ),
                ),
            ],
            options={
                "verbose_name": "plan",
                "verbose_name_plural": "plans",
                "ordering": ["municipality_id", "plan_type__order", "-start_year", "-id"],
            },
        ),
        migrations.CreateModel(
            name="PlanComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("body", models.TextField(max_length=5000, verbose_name="comment")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written at")),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="author",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="replies",
                        to="casebook.plancomment",
                        verbose_name="in reply to",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="casebook.plan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "comment on a plan",
                "verbose_name_plural": "comments on plans",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="challenge",
            index=models.Index(fields=["bureau", "status"], name="casebook_chall_bureau_idx"),
        ),
        migrations.AddIndex(
            model_name="challenge",
            index=models.Index(
                fields=["municipality", "-created_at"], name="casebook_chall_muni_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="challenge",
            index=models.Index(fields=["theme", "status"], name="casebook_chall_theme_idx"),
        ),
        migrations.AddConstraint(
            model_name="challenge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["new", "considering", "matched", "resolved", "not_feasible"])
                ),
                name="casebook_challenge_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="challenge",
            constraint=models.CheckConstraint(
                condition=models.Q(("urgency__in", ["low", "medium", "high"])),
                name="casebook_challenge_urgency_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="challengelink",
            constraint=models.UniqueConstraint(
                fields=("challenge", "kind", "target_id"), name="casebook_challenge_link_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="challengelink",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        ["call", "dispatch_request", "advisor", "case_study", "consultation"],
                    )
                ),
                name="casebook_challenge_link_kind_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="liaisonmeeting",
            index=models.Index(fields=["bureau", "-date"], name="casebook_meeting_bureau_idx"),
        ),
        migrations.AddIndex(
            model_name="liaisonmeeting",
            index=models.Index(
                condition=models.Q(("minutes_public", True)),
                fields=["-date", "-id"],
                name="casebook_meeting_public_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="liaisonmeeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("minutes_public", False),
                    ("minutes_published_at__isnull", False),
                    _connector="OR",
                ),
                name="casebook_meeting_public_has_date",
            ),
        ),
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                condition=models.Q(("closed_at__isnull", True)),
                fields=["owner", "due_date"],
                name="casebook_action_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(fields=["bureau", "plan_type"], name="casebook_plan_bureau_idx"),
        ),
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(fields=["municipality", "plan_type"], name="casebook_plan_muni_idx"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["drafting", "adopted", "revising"])),
                name="casebook_plan_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_year__gte", models.F("start_year")),
                    ("start_year__gte", 1989),
                    ("end_year__lte", 2100),
                ),
                name="casebook_plan_period_valid",
            ),
        ),
        migrations.RunPython(load_plan_types, migrations.RunPython.noop),
    ]
