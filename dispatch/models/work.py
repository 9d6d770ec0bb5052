"""The work itself: who is assigned, the sessions (visits and online), the reports after
each session, the completion report, and the numbered dispatch notices."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.japanese import wareki_date


class Assignment(models.Model):
    """A person assigned to a request for a period. Two live assignments of one person never
    overlap (the service checks under a lock on the person)."""

    request = models.ForeignKey(
        "dispatch.DispatchRequest", on_delete=models.CASCADE, related_name="assignments"
    )
    person = models.ForeignKey(
        "dispatch.Person",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("person"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    is_lead = models.BooleanField(_("lead"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("released at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for release"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="assignment_dates_ordered"
            ),
            models.UniqueConstraint(
                fields=["request", "person"],
                condition=Q(cancelled_at__isnull=True),
                name="one_live_assignment_per_person_and_request",
            ),
        ]
        indexes = [models.Index(fields=["person", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.request_id}"

    @property
    def is_live(self) -> bool:
        return self.cancelled_at is None


class SessionMode(models.TextChoices):
    VISIT = "visit", _("On-site visit")
    ONLINE = "online", _("Online")


class Session(models.Model):
    """A visit or an online session with the municipality."""

    request = models.ForeignKey(
        "dispatch.DispatchRequest", on_delete=models.CASCADE, related_name="sessions"
    )
    mode = models.CharField(_("visit or online"), max_length=10, choices=SessionMode.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # The local date and its 年度, kept for the yearly counters and their indexes.
    date = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_details = models.CharField(_("how to join online"), max_length=300, blank=True)
    participants = models.CharField(
        _("participants from the municipality"), max_length=300, blank=True
    )
    agenda = models.TextField(_("agenda"), max_length=2000, blank=True)
    people = models.ManyToManyField(
        "dispatch.Person",
        through="dispatch.SessionAttendance",
        related_name="sessions",
        verbose_name=_("people attending"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=[m.value for m in SessionMode]), name="session_mode_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "date"]),
            models.Index(fields=["request", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{wareki_date(self.date)} {self.get_mode_display()}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class SessionAttendance(models.Model):
    """A person booked for a session (the table behind ``Session.people``).

    It repeats the session's time and whether it is cancelled because a database
    constraint cannot look into another table: on PostgreSQL an exclusion constraint on
    (person, [starts_at, ends_at)) keeps one person's live sessions apart, across all
    requests, whatever the code path (migration 0007). Only the session services write
    these rows and keep the copies in step; they also check first, under a lock on the
    person, so the refusal comes with a clear message on every database.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "dispatch.Person", on_delete=models.CASCADE, related_name="session_attendances"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_cancelled = models.BooleanField(default=False)
    # A booking that already overlapped another one of the person when the rule came in:
    # left out of the database rule so that the migration cannot fail on old data. The
    # services still count it, so nothing new can be booked over it.
    legacy_overlap = models.BooleanField(default=False, editable=False)

    class Meta:
        # The table of the former automatic many-to-many, kept as it was.
        db_table = "dispatch_session_people"
        unique_together = [("session", "person")]
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendances")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_attendance_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.person}"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the municipality's confirmation")
    RETURNED = "returned", _("Returned for correction")
    CONFIRMED = "confirmed", pgettext_lazy("activity report", "Confirmed")


class ActivityReport(models.Model):
    """What one person did in one session; the municipality confirms it and rates it."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="reports")
    person = models.ForeignKey("dispatch.Person", on_delete=models.PROTECT, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    summary = models.TextField(_("what was done"), max_length=6000)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    next_steps = models.TextField(_("next steps"), max_length=3000, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the support"), max_length=2000, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_report_per_person_and_session"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReportStatus]),
                name="activity_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="activity_report_hours_range"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="activity_report_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(rating__isnull=False),
                name="confirmed_report_is_rated",
            ),
        ]
        indexes = [models.Index(fields=["status", "person"])]

    def __str__(self) -> str:
        return f"{self.session} {self.person}"


class CompletionReport(models.Model):
    """The municipality's report at the end; filing it closes the request."""

    request = models.OneToOneField(
        "dispatch.DispatchRequest", on_delete=models.CASCADE, related_name="completion_report"
    )
    outcomes = models.TextField(_("what the support achieved"), max_length=6000)
    next_steps = models.TextField(_("what the municipality will do next"), max_length=4000)
    rating = models.PositiveSmallIntegerField(_("overall rating"))
    comment = models.TextField(_("comment on the support"), max_length=2000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("completion report")
        verbose_name_plural = _("completion reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="completion_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)


class DispatchNotice(models.Model):
    """The numbered notice to the municipality (派遣決定通知書 / 派遣確認書) and its PDF."""

    request = models.ForeignKey(
        "dispatch.DispatchRequest", on_delete=models.CASCADE, related_name="notices"
    )
    number = models.PositiveIntegerField(_("number"))
    document_number = models.CharField(_("document number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    people = models.JSONField(_("people dispatched"), default=list)
    document = models.ForeignKey(
        "portal.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dispatch notice")
        verbose_name_plural = _("dispatch notices")
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"], name="dispatch_notice_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.document_number
