"""Applications (交付申請) and what they are made of."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.tasklist import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Section,
    TaskList,
    fields_status,
    has_draft,
)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    MUNICIPAL_REVIEW = "municipal_review", _("With the municipality")
    SUBMITTED = "submitted", pgettext_lazy("grant status", "Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Grant decided")
    REJECTED = "rejected", _("Not granted")
    CHANGE_REQUESTED = "change_requested", _("Change requested")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    AMOUNT_FIXED = "amount_fixed", _("Amount fixed")
    CLAIMED = "claimed", _("Payment claimed")
    PAID = "paid", _("Paid")
    CLOSED = "closed", pgettext_lazy("grant status", "Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which the approved amount counts against the bureau's allocation.
COMMITTED_STATUSES = (
    Status.APPROVED,
    Status.CHANGE_REQUESTED,
    Status.REPORT_SUBMITTED,
    Status.AMOUNT_FIXED,
    Status.CLAIMED,
    Status.PAID,
    Status.CLOSED,
)
# Statuses in which the applicant may edit the application.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


# The application's task list (portal.tasklist): each section's fields, and those it needs to
# be complete. Its forms mark the same fields 「必須」, so the label and the status agree.
SECTIONS = TaskList(
    Section(
        "overview",
        _("Overview and purpose"),
        ("applicant_name", "title", "purpose", "description", "partners"),
        ("title", "purpose", "description"),
    ),
    Section(
        "strategy",
        _("Comprehensive strategy and KPI"),
        ("strategy_name", "strategy_measure", "kpi_name", "kpi_baseline", "kpi_target"),
        ("strategy_name", "kpi_name", "kpi_target"),
    ),
    Section(
        "schedule",
        _("Schedule"),
        ("start_date", "end_date", "schedule_notes"),
        ("start_date", "end_date"),
    ),
    Section("budget", _("Budget"), ("requested_amount",), ("requested_amount",)),
    Section("attachments", _("Attachments"), (), ()),
    Section(
        "contact",
        _("Contact"),
        ("contact_name", "contact_department", "contact_phone", "contact_email"),
        ("contact_name", "contact_department", "contact_phone", "contact_email"),
    ),
)


def section_status(application, section: Section, *, budget_ok: bool, attachments_ok: bool) -> str:
    """``budget_ok``: None while there are no budget lines."""
    if has_draft(application, section.key):
        return IN_PROGRESS
    if section.key == "budget":
        return COMPLETED if budget_ok else (IN_PROGRESS if budget_ok is not None else NOT_STARTED)
    if section.key == "attachments":
        return COMPLETED if attachments_ok else NOT_STARTED
    required = section.required
    if section.key == "overview" and application.applicant_kind.via_municipality:
        required = (*required, "applicant_name")
    return fields_status(application, section, required=required, skip=("partners",))


class Application(models.Model):
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    call = models.ForeignKey(
        "grants.Call", on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("municipality"),
        help_text=_("The municipality that applies, or the lead municipality of a joint one."),
    )
    # Denormalised from the call for scoping and filtering on large tables (the call never
    # changes bureau or year once it has applications).
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("bureau"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    applicant_kind = models.ForeignKey(
        "grants.ApplicantKind", on_delete=models.PROTECT, verbose_name=_("applicant kind")
    )
    applicant_name = models.CharField(
        _("applicant name"),
        max_length=100,
        blank=True,
        help_text=_("For a group, council or union: its name."),
    )
    group_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_applications",
        verbose_name=_("group account"),
    )
    partners = models.ManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="partner_grant_applications",
        verbose_name=_("partner municipalities"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Section: overview and purpose
    title = models.CharField(_("project title"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), max_length=4000, blank=True)
    description = models.TextField(_("what will be done"), max_length=8000, blank=True)
    # Section: strategy and KPI
    strategy_name = models.CharField(
        _("comprehensive strategy"),
        max_length=200,
        blank=True,
        help_text=_(
            "The municipality's comprehensive strategy (市町村総合戦略) the project serves."
        ),
    )
    # Legacy (#21 point 3): the measure as free text, from before applications were tagged
    # with ``measures``. The data migration linked the texts that matched a measure title;
    # the others are kept here and shown read-only as 「移行前の記載」. No longer edited.
    strategy_measure = models.CharField(_("measure in the strategy"), max_length=300, blank=True)
    measures = models.ManyToManyField(
        "portal.StrategyMeasure",
        blank=True,
        related_name="grant_applications",
        verbose_name=_("strategy measures served"),
    )
    kpi_name = models.CharField(_("KPI"), max_length=200, blank=True)
    kpi_baseline = models.CharField(_("KPI baseline"), max_length=100, blank=True)
    kpi_target = models.CharField(_("KPI target"), max_length=100, blank=True)
    # Section: schedule
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    schedule_notes = models.TextField(_("milestones"), max_length=4000, blank=True)
    # Section: budget (lines in BudgetLine)
    requested_amount = models.PositiveBigIntegerField(
        _("requested amount (yen)"), null=True, blank=True
    )
    # Section: contact
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_department = models.CharField(_("department"), max_length=100, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)
    # Review and decision
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_grant_applications",
        verbose_name=_("lead officer"),
    )
    recommended_amount = models.PositiveBigIntegerField(
        _("recommended amount (yen)"), null=True, blank=True
    )
    approved_amount = models.PositiveBigIntegerField(
        _("approved amount (yen)"), null=True, blank=True
    )
    conditions = models.TextField(_("conditions of the grant"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    municipal_comment = models.TextField(
        _("municipality's view"),
        blank=True,
        help_text=_("For a group's application: the municipality's comments to the bureau."),
    )
    # After the decision
    report_due = models.DateField(_("report due"), null=True, blank=True)
    fixed_amount = models.PositiveBigIntegerField(_("fixed amount (yen)"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    # What was typed in a section that did not validate yet, kept on the server so that
    # nothing is lost; cleared when the section is saved.
    section_drafts = models.JSONField(default=dict, blank=True)
    # Optimistic concurrency (portal.concurrency), one version per task-list section: the
    # sections are saved separately and each writes only its own columns, so two staff
    # working on different sections both save; a save based on a stale page of the same
    # section is refused. The budget's version covers its lines and the requested amount.
    overview_version = models.PositiveIntegerField(default=0, editable=False)
    strategy_version = models.PositiveIntegerField(default=0, editable=False)
    schedule_version = models.PositiveIntegerField(default=0, editable=False)
    budget_version = models.PositiveIntegerField(default=0, editable=False)
    contact_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="application_status_valid"
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="application_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="application_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(requested_amount__isnull=True)
                | Q(approved_amount__lte=models.F("requested_amount")),
                name="approved_not_above_requested",
            ),
        ]
        indexes = [
            # Allocation sums read the amounts from the index alone.
            models.Index(
                fields=["bureau", "fiscal_year", "status"],
                include=["approved_amount", "fixed_amount"],
                name="grants_app_committed_idx",
            ),
            models.Index(fields=["municipality", "fiscal_year"]),
            # Staff lists show submitted applications newest first, by bureau or all (HQ).
            models.Index(
                fields=["bureau", "-created_at", "-id"],
                condition=Q(submitted_at__isnull=False),
                name="grants_app_bureau_newest_idx",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(submitted_at__isnull=False),
                name="grants_app_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('(draft)')} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def display_name(self) -> str:
        return self.applicant_name or self.municipality.name

    def section_version(self, section: str) -> int | None:
        """The version of a task-list section; None for one saved without a check
        (attachments: uploads are added one by one and removed by id, nothing is replaced)."""
        return getattr(self, f"{section}_version", None)


class BudgetLine(models.Model):
    """One line of the budget table (収支予算書 / 経費の配分), with the actual cost later."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    cost_category = models.ForeignKey(
        "grants.CostCategory", on_delete=models.PROTECT, verbose_name=_("cost category")
    )
    description = models.CharField(_("description"), max_length=200)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    actual_amount = models.PositiveBigIntegerField(_("actual cost (yen)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.cost_category} {self.description}"


class ApplicationRevision(models.Model):
    """What the application said at each submission, so officers can see what changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision"))
    data = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="one_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} r{self.number}"


class PartnerConfirmation(models.Model):
    """A partner municipality of a joint (広域連携) application confirms its part."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partner_confirmations"
    )
    municipality = models.ForeignKey("portal.Municipality", on_delete=models.PROTECT)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "municipality"], name="one_confirmation_per_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.municipality_id}"
