"""I3: the application for certification (認定) or change certification (変更認定), filled in
through a task list by the cooperative, reviewed by the bureau, decided by HQ."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cooperatives import Cooperative


class ApplicationKind(models.TextChoices):
    INITIAL = "initial", _("Certification (認定)")
    CHANGE = "change", _("Change certification (変更認定)")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review by the bureau")
    RETURNED = "returned", _("Returned for correction")
    FORWARDED = "forwarded", _("Awaiting HQ's decision")
    CERTIFIED = "certified", _("Certified")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.RETURNED,
    ApplicationStatus.FORWARDED,
)


class CertificationApplication(models.Model):
    """An application for certification (認定) or change certification (変更認定)."""

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("cooperative"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.INITIAL
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    reference = models.CharField(_("reference number"), max_length=30, blank=True)
    # The reviewing bureau: that of the area's main municipality.
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bureau"),
    )
    # What the application states (施行規則第1条).
    name = models.CharField(_("cooperative name"), max_length=200, blank=True)
    address = models.CharField(_("address of the principal office"), max_length=300, blank=True)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    officers = models.TextField(
        _("officers"),
        max_length=4000,
        blank=True,
        help_text=_("One officer a line: position and name, e.g. 理事長 山田 太郎."),
    )
    office = models.CharField(
        _("office"),
        max_length=300,
        blank=True,
        help_text=_("Name and address of the office where the business is run."),
    )
    main_municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("main municipality of the area"),
        help_text=_("Its bureau reviews the application."),
    )
    area = models.ManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("area (地区)"),
    )
    area_reason = models.TextField(
        _("why the area forms a whole"),
        max_length=4000,
        blank=True,
        help_text=_("Population trend, commuting, industries: why this area needs the business."),
    )
    business_plan = models.TextField(_("business plan"), max_length=8000, blank=True)
    dispatches_workers = models.BooleanField(
        _("dispatches workers"),
        default=False,
        help_text=_("Tick if the cooperative will run worker dispatch (労働者派遣事業)."),
    )
    planned_workers = models.PositiveSmallIntegerField(
        _("planned number of workers"), null=True, blank=True
    )
    budget_income = models.PositiveBigIntegerField(
        _("budgeted income (yen)"), null=True, blank=True
    )
    budget_expenditure = models.PositiveBigIntegerField(
        _("budgeted expenditure (yen)"), null=True, blank=True
    )
    change_summary = models.TextField(
        _("what changes"),
        max_length=4000,
        blank=True,
        help_text=_("For a change certification: what changes in the area or the business, why."),
    )
    # What was typed in a section that did not validate, kept so that nothing is lost.
    section_drafts = models.JSONField(default=dict, blank=True, editable=False)
    # Optimistic concurrency (portal.concurrency), one version per task-list section: each
    # section writes only its own columns, so two people on different sections both save.
    organisation_version = models.PositiveIntegerField(default=0, editable=False)
    officers_version = models.PositiveIntegerField(default=0, editable=False)
    area_version = models.PositiveIntegerField(default=0, editable=False)
    business_version = models.PositiveIntegerField(default=0, editable=False)
    change_version = models.PositiveIntegerField(default=0, editable=False)
    # Review.
    criterion_area = models.BooleanField(
        _("the area lies within Hokkaido and forms a whole"), default=False
    )
    criterion_need = models.BooleanField(
        _("population and business figures show the need"), default=False
    )
    criterion_plan = models.BooleanField(_("the business plan is feasible"), default=False)
    criterion_workers = models.BooleanField(
        _("the workers' conditions are properly considered"), default=False
    )
    criterion_cooperation = models.BooleanField(
        _("it works with the municipalities and local businesses"), default=False
    )
    bureau_opinion = models.TextField(_("bureau's opinion"), max_length=4000, blank=True)
    return_reason = models.TextField(_("reason for return"), max_length=4000, blank=True)
    decision_reason = models.TextField(_("reasons for refusal"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    certificate = models.ForeignKey(
        "portal.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate"),
    )
    public_notice = models.TextField(_("public notice"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    CRITERIA = (
        "criterion_area",
        "criterion_need",
        "criterion_plan",
        "criterion_workers",
        "criterion_cooperation",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ApplicationStatus]),
                name="coop_application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ApplicationKind]),
                name="coop_application_kind_valid",
            ),
            # One application at a time per cooperative.
            models.UniqueConstraint(
                fields=["cooperative"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="one_open_coop_application",
            ),
        ]
        indexes = [models.Index(fields=["bureau", "status"])]

    def __str__(self) -> str:
        return f"{self.reference or _('(draft)')} {self.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def section_version(self, section: str) -> int | None:
        """The version of a task-list section; None for attachments (added one by one)."""
        return getattr(self, f"{section}_version", None)
