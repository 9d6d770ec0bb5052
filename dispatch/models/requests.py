"""Requests for support from municipalities (H1 staff dispatch and on-site support, H2 DX
advisors), from the draft to the completion report."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REGIONAL = "regional", _("Regional revitalisation dispatch (地域振興派遣)")
    VISIT = "visit", _("On-site support visit (地域創生出張サポート)")
    DX = "dx", _("DX advisor consultation")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("dispatch status", "Awaiting decision")
    RETURNED = "returned", _("Returned for more information")
    APPROVED = "approved", _("Approved, awaiting assignment")
    DECLINED = "declined", _("Declined")
    ASSIGNED = "assigned", _("Support under way")
    CLOSED = "closed", pgettext_lazy("dispatch status", "Completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("dispatch status", "Withdrawn")


# Requests the municipality may still edit.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
# Requests still being worked on (the dashboards' "open requests").
OPEN_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.ASSIGNED)
# Requests that hold a place of the bureau's 地域創生枠 once approved.
FRAME_STATUSES = (Status.APPROVED, Status.ASSIGNED, Status.CLOSED)


class DispatchRequest(models.Model):
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    kind = models.CharField(_("kind of support"), max_length=10, choices=Kind.choices)
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="dispatch_requests",
        verbose_name=_("municipality"),
    )
    # Denormalised from the municipality for scoping and the dashboards.
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="dispatch_requests",
        verbose_name=_("bureau"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # What the municipality tells the bureau
    title = models.CharField(_("initiative"), max_length=200, blank=True)
    initiative = models.TextField(_("what the initiative is"), max_length=4000, blank=True)
    reason = models.TextField(_("why it needs support"), max_length=4000, blank=True)
    skills = models.ManyToManyField(
        "dispatch.Skill", blank=True, related_name="+", verbose_name=_("skills wanted")
    )
    skills_note = models.CharField(_("other skills or expertise"), max_length=300, blank=True)
    preferred_start = models.DateField(_("preferred start"), null=True, blank=True)
    preferred_end = models.DateField(_("preferred end"), null=True, blank=True)
    preferred_times = models.CharField(_("preferred dates and times"), max_length=300, blank=True)
    is_wide_area = models.BooleanField(_("wide-area initiative"), default=False)
    partners = models.ManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="partner_dispatch_requests",
        verbose_name=_("partner municipalities"),
    )
    # The strategy measures the initiative serves (#21 point 3).
    measures = models.ManyToManyField(
        "portal.StrategyMeasure",
        blank=True,
        related_name="dispatch_requests",
        verbose_name=_("strategy measures served"),
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_department = models.CharField(_("department"), max_length=100, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email address"), blank=True)
    # What was typed but did not validate yet, kept so that nothing is lost.
    form_draft = models.JSONField(default=dict, blank=True)
    # Optimistic concurrency (portal.concurrency): a save based on a page someone else has
    # saved since is refused with what changed.
    version = models.PositiveIntegerField(default=0, editable=False)
    # The bureau's side
    return_reason = models.TextField(_("reason for return"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("first assigned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dispatch request")
        verbose_name_plural = _("dispatch requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]),
                name="dispatch_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in Kind]), name="dispatch_request_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="dispatch_request_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(preferred_start__isnull=True)
                | Q(preferred_end__isnull=True)
                | Q(preferred_end__gte=F("preferred_start")),
                name="dispatch_request_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "status"]),
            models.Index(fields=["municipality", "fiscal_year"]),
            models.Index(fields=["fiscal_year", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('(draft)')} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES
