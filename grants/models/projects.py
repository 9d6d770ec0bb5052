"""地域政策推進事業 (F2): policy projects a bureau plans and carries out itself with local
partners, and the policy themes shared with ふるさと納税 matching (F4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PolicyTheme(models.Model):
    """A policy theme (移住・定住, 観光 …): a curated list HQ keeps, loaded by migration."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("policy theme")
        verbose_name_plural = _("policy themes")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (計画)")
    IN_PROGRESS = "in_progress", _("In progress (実施中)")
    COMPLETED = "completed", _("Completed (完了)")
    EVALUATED = "evaluated", _("Evaluated (評価済)")


# Finished projects are shown to the public with their results.
PUBLIC_PROJECT_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED)


class PolicyProject(models.Model):
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="policy_projects",
        verbose_name=_("bureau"),
        help_text=_("The bureau that runs the project and keeps its record."),
    )
    partner_bureaus = models.ManyToManyField(
        "portal.Bureau",
        blank=True,
        related_name="partner_policy_projects",
        verbose_name=_("partner bureaus"),
        help_text=_("Other bureaus taking part in a wide-area project (they can read it)."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    title = models.CharField(_("project title"), max_length=200)
    theme = models.ForeignKey(
        PolicyTheme,
        on_delete=models.PROTECT,
        related_name="policy_projects",
        verbose_name=_("policy theme"),
    )
    region = models.ForeignKey(
        "portal.Region",
        on_delete=models.PROTECT,
        related_name="policy_projects",
        verbose_name=_("collaboration region"),
    )
    municipalities = models.ManyToManyField(
        "portal.Municipality",
        related_name="policy_projects",
        verbose_name=_("municipalities served"),
        help_text=_("One or several; they may belong to other bureaus in a wide-area project."),
    )
    # The strategy measures the project serves (#21 point 3).
    measures = models.ManyToManyField(
        "portal.StrategyMeasure",
        blank=True,
        related_name="policy_projects",
        verbose_name=_("strategy measures served"),
    )
    summary = models.TextField(
        _("purpose"), max_length=2000, help_text=_("Shown to the public once completed.")
    )
    description = models.TextField(_("what is done"), max_length=8000, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNED,
        db_index=True,
    )
    results = models.TextField(
        _("results"),
        max_length=4000,
        blank=True,
        help_text=_("What the project achieved; published when it is completed."),
    )
    evaluation = models.TextField(_("evaluation"), max_length=4000, blank=True)
    case_study_proposed_at = models.DateTimeField(
        _("proposed as a case study at"), null=True, blank=True
    )
    case_study_note = models.TextField(_("case study proposal"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "bureau__order", "title", "pk"]
        verbose_name = _("policy project")
        verbose_name_plural = _("policy projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ProjectStatus]),
                name="policy_project_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="policy_project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100),
                name="policy_project_fiscal_year_range",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "fiscal_year"]),
            models.Index(fields=["status", "fiscal_year"]),
        ]

    def __str__(self) -> str:
        return self.title


class PartnerKind(models.TextChoices):
    COMPANY = "company", _("Company")
    NPO = "npo", _("NPO")
    UNIVERSITY = "university", _("University or research institute")
    RESIDENTS = "residents", _("Residents' group")
    OTHER = "other", _("Other")


class ProjectPartner(models.Model):
    Kind = PartnerKind

    project = models.ForeignKey(PolicyProject, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("role in the project"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("local partner")
        verbose_name_plural = _("local partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PartnerKind.values),
                name="project_partner_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProjectBudgetLine(models.Model):
    project = models.ForeignKey(
        PolicyProject, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("budget item"), max_length=100, help_text=_("For example: 委託料"))
    planned = models.PositiveBigIntegerField(_("planned (yen)"))
    spent = models.PositiveBigIntegerField(_("spent (yen)"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.item


class ProjectMilestone(models.Model):
    project = models.ForeignKey(PolicyProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("planned date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("schedule and milestones")

    def __str__(self) -> str:
        return self.title


class ProjectKPI(models.Model):
    project = models.ForeignKey(PolicyProject, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("For example: 人, 件, %"))
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    result = models.DecimalField(
        _("result"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.name

    @property
    def achievement(self) -> int | None:
        """The result as a percentage of the target (rounded down), when both are known."""
        if self.result is None or not self.target:
            return None
        return int(self.result * 100 // self.target)
