"""ふるさと納税 support (F4): companies of ほっかいどう応援団会議, the projects municipalities
post to seek their support, the interest companies express, and seminar materials.

Seminars and consultation sessions themselves are kernel events (category ``furusato``).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

FURUSATO_EVENT_CATEGORY = "furusato"


class CompanyStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Company(models.Model):
    """A company's registration for ほっかいどう応援団会議; HQ approves it, which gives the
    account the company role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="company_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("company name"), max_length=200)
    name_kana = models.CharField(_("company name (kana)"), max_length=200)
    corporate_number = models.CharField(
        _("corporate number (法人番号)"),
        max_length=13,
        help_text=_("The 13-digit number the National Tax Agency assigned."),
    )
    head_office_address = models.CharField(_("head office address"), max_length=300)
    head_office_municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head office municipality in Hokkaido"),
        help_text=_(
            "Leave empty if the head office is outside Hokkaido. A company cannot make a "
            "corporate hometown tax donation to the municipality of its head office."
        ),
    )
    industry = models.CharField(_("industry"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what the company would like to support"), max_length=4000)
    themes = models.ManyToManyField(
        "grants.PolicyTheme",
        blank=True,
        related_name="+",
        verbose_name=_("themes of interest"),
    )
    contact_department = models.CharField(_("contact department"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=CompanyStatus.choices, default=CompanyStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registered company")
        verbose_name_plural = _("registered companies")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CompanyStatus.values),
                name="company_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(corporate_number__regex=r"^[0-9]{13}$"),
                name="company_corporate_number_13_digits",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_active_company_per_account",
            ),
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_active_registration_per_corporate_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SupportKind(models.TextChoices):
    KIGYO = "kigyo", _("Corporate hometown tax donation (企業版ふるさと納税)")
    PARTNERSHIP = "partnership", _("Partnership (連携・協働)")


class SupportProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Seeking support")
    CLOSED = "closed", _("No longer seeking support")


# The smallest corporate hometown tax donation the scheme accepts (10万円).
KIGYO_MINIMUM = 100_000


class SupportProject(models.Model):
    """A project a municipality posts to ほっかいどう応援団会議, seeking a company's support."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="support_projects",
        verbose_name=_("municipality"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    title = models.CharField(_("project title"), max_length=200)
    theme = models.ForeignKey(
        "grants.PolicyTheme",
        on_delete=models.PROTECT,
        related_name="support_projects",
        verbose_name=_("theme"),
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    amount_sought = models.PositiveBigIntegerField(_("amount sought (yen)"), null=True, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    summary = models.TextField(_("summary"), max_length=2000)
    description = models.TextField(_("details"), max_length=8000, blank=True)
    regional_plan = models.CharField(
        _("regional revitalisation plan (地域再生計画)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Corporate hometown tax donations support projects of an approved 地域再生計画: "
            "give its name."
        ),
    )
    benefits = models.TextField(
        _("what the company gets in return"),
        max_length=2000,
        help_text=_(
            "Within the rules: for example a letter of thanks, the company's name on the "
            "municipality's website or at the project, reports on the project. No economic "
            "benefit in return for a donation (no discounts, contracts or return gifts)."
        ),
    )
    contact_department = models.CharField(
        _("public contact: department"),
        max_length=100,
        help_text=_("The section companies contact, for example 企画課 ふるさと納税係."),
    )
    contact_email = models.EmailField(
        _("public contact: email address"),
        help_text=_("A shared address of the section, not a personal one."),
    )
    contact_phone = models.CharField(_("public contact: phone"), max_length=30)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SupportProjectStatus.choices,
        default=SupportProjectStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("project seeking support")
        verbose_name_plural = _("projects seeking support")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SupportProjectStatus.values),
                name="support_project_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SupportKind.values), name="support_project_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="support_project_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="kigyo") | Q(amount_sought__gte=KIGYO_MINIMUM),
                name="support_project_kigyo_amount_at_least_minimum",
            ),
        ]
        indexes = [models.Index(fields=["status", "fiscal_year"])]

    def __str__(self) -> str:
        return self.title


class InterestStatus(models.TextChoices):
    EXPRESSED = "expressed", _("Awaiting the municipality's answer")
    ACCEPTED = "accepted", _("Accepted: matched")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the company")


ACTIVE_INTEREST_STATUSES = (InterestStatus.EXPRESSED, InterestStatus.ACCEPTED)


class Interest(models.Model):
    """A company's expression of interest in a project; the municipality accepts or declines."""

    project = models.ForeignKey(
        SupportProject,
        on_delete=models.PROTECT,
        related_name="interests",
        verbose_name=_("project"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="interests", verbose_name=_("company")
    )
    message = models.TextField(_("message to the municipality"), max_length=4000)
    pledged_amount = models.PositiveBigIntegerField(
        _("amount the company considers (yen)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterestStatus.choices,
        default=InterestStatus.EXPRESSED,
    )
    response_note = models.TextField(_("the municipality's answer"), max_length=4000, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("expressed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InterestStatus.values),
                name="interest_status_valid",
            ),
            models.UniqueConstraint(
                fields=["project", "company"],
                condition=Q(status__in=["expressed", "accepted"]),
                name="one_active_interest_per_company_and_project",
            ),
        ]
        indexes = [models.Index(fields=["status", "responded_at"])]

    def __str__(self) -> str:
        return f"{self.company} → {self.project}"


class EventMaterial(models.Model):
    """A handout or slide deck of a ふるさと納税 seminar; the file is an attachment of this
    row, downloaded through the kernel's scope-checked view."""

    event = models.ForeignKey(
        "portal.Event",
        on_delete=models.CASCADE,
        related_name="furusato_materials",
        verbose_name=_("event"),
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("seminar material")
        verbose_name_plural = _("seminar materials")

    def __str__(self) -> str:
        return self.title
