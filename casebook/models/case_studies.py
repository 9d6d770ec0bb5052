"""Case studies (先進事例): what a municipality did, with results, money and a contact.

Workflow: draft → review → (scheduled →) published → archived, only through
``services.case_studies`` and the table in ``workflows/case_studies.py``. The URL is the
primary key, so editing a published case study keeps its address; ``content_updated_at`` is
the change date the page shows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import registry

from .choices import Origin, Pillar, PopulationBand, Status
from .fields import GramsField

PUBLIC_STATUSES = (Status.PUBLISHED,)


class CaseStudy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences shown in lists, feeds and search results."),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("municipality"),
    )
    # Copied from the municipality by the services, so that scope and facets are one column.
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("bureau"),
        editable=False,
    )
    region = models.ForeignKey(
        "portal.Region",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("collaboration region"),
        editable=False,
    )
    themes = models.ManyToManyField(
        "casebook.Theme", related_name="case_studies", verbose_name=_("themes")
    )
    # The strategy measures the initiative served (#21 point 3).
    measures = models.ManyToManyField(
        "portal.StrategyMeasure",
        blank=True,
        related_name="case_studies",
        verbose_name=_("strategy measures served"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), help_text=_("The 年度 in which the initiative was carried out.")
    )
    pillar = models.CharField(
        _("kind of support"), max_length=20, choices=Pillar.choices, default=Pillar.OWN
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_(
            "The municipality's population at the time. Leave empty to use the figure kept "
            "in the municipality's profile."
        ),
    )
    population_band = models.CharField(
        _("population size"),
        max_length=10,
        choices=PopulationBand.choices,
        default=PopulationBand.UNKNOWN,
        editable=False,
    )
    challenge = models.TextField(_("the challenge"), max_length=5000)
    actions = models.TextField(_("what was done"), max_length=10000)
    results = models.TextField(_("results"), max_length=5000)
    budget_total = models.PositiveBigIntegerField(_("total budget (yen)"), null=True, blank=True)
    budget_note = models.CharField(_("budget note"), max_length=300, blank=True)
    contact_department = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_url = models.URLField(_("contact web page"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(
        _("scheduled publication"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    content_updated_at = models.DateTimeField(
        _("last changed"), null=True, blank=True, editable=False
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.BUREAU, editable=False
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # NFKC-normalised, lower-cased text of everything the page shows; search reads it.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_grams = GramsField()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic concurrency (portal.concurrency): officers and editors edit one draft in
    # the admin; a save based on a page someone else has saved since is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]),
                name="casebook_case_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(pillar__in=[p.value for p in Pillar]),
                name="casebook_case_pillar_valid",
            ),
            models.CheckConstraint(
                condition=Q(population_band__in=[b.value for b in PopulationBand]),
                name="casebook_case_band_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=[o.value for o in Origin]),
                name="casebook_case_origin_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.PUBLISHED, Status.ARCHIVED])
                | Q(published_at__isnull=False),
                name="casebook_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SCHEDULED) | Q(publish_at__isnull=False),
                name="casebook_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=1989) & Q(fiscal_year__lte=2100),
                name="casebook_case_fiscal_year_range",
            ),
        ]
        indexes = [
            # The public list walks these in order (newest, most viewed) and stops at a page.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="casebook_case_newest_idx",
            ),
            models.Index(
                fields=["-view_count", "-id"],
                condition=Q(status="published"),
                name="casebook_case_popular_idx",
            ),
            models.Index(fields=["bureau", "status"], name="casebook_case_bureau_idx"),
            models.Index(fields=["fiscal_year", "status"], name="casebook_case_year_idx"),
            models.Index(fields=["pillar", "status"], name="casebook_case_pillar_idx"),
            models.Index(fields=["population_band", "status"], name="casebook_case_band_idx"),
            models.Index(
                fields=["publish_at"],
                condition=Q(status="scheduled"),
                name="casebook_case_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casebook:case_study_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def changed_after_publication(self) -> bool:
        return bool(
            self.published_at
            and self.content_updated_at
            and self.content_updated_at.date() > self.published_at.date()
        )


class ResultFigure(models.Model):
    """A result in figures: 移住者数 35 人 (前年度 12 人)."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("what was measured"), max_length=100)
    value = models.CharField(_("figure"), max_length=40)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("result in figures")
        verbose_name_plural = _("results in figures")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}{self.unit}"


class FundingSource(models.Model):
    """Where the money came from. A grant of this portal is linked by its reference number;
    the application and call ids are copied when the editor saves (see services). A case
    study drafted from a bureau policy project keeps the project's id."""

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="funding_sources"
    )
    name = models.CharField(_("funding source"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount (yen)"), null=True, blank=True)
    grant_reference = models.CharField(
        _("grant reference number"),
        max_length=40,
        blank=True,
        help_text=_("For a grant decided through this portal, e.g. R8-石狩-0001."),
    )
    grant_application_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    grant_call_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    # A bureau policy project (地域政策推進事業) the case study was drafted from: its public
    # results page is linked (see services.projects).
    policy_project_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    url = models.URLField(_("web page"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            # One case study is drafted from a project, even if two editors click at once.
            models.UniqueConstraint(
                fields=["policy_project_id"],
                condition=Q(policy_project_id__isnull=False),
                name="casebook_funding_one_per_project",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def link_url(self) -> str:
        """Where the source's name links to: the grant call, the policy project's results
        (pages of the grants pillar, registered with the kernel), or the web page."""
        if self.grant_call_id:
            return registry.page_url("grants.call", self.grant_call_id)
        if self.policy_project_id:
            return registry.page_url("grants.project_results", self.policy_project_id)
        return self.url
