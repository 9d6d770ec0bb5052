"""The register of 地域おこし協力隊 members that each municipality keeps (H3), and where each
member settled after the term, with the follow-up a year later.

This is personal data: only the municipality, its bureau and HQ ever see it (selectors and
the admin scope it; no public page reads these models).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class VolunteerStatus(models.TextChoices):
    RECRUITING = "recruiting", _("Recruiting")
    COMMISSIONED = "commissioned", _("Commissioned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Term completed")
    RESIGNED = "resigned", _("Left before the end of the term")


# Someone has been chosen: the entry has a name and a term.
CHOSEN_STATUSES = (
    VolunteerStatus.COMMISSIONED,
    VolunteerStatus.ACTIVE,
    VolunteerStatus.COMPLETED,
    VolunteerStatus.RESIGNED,
)
SERVING_STATUSES = (VolunteerStatus.COMMISSIONED, VolunteerStatus.ACTIVE)
ENDED_STATUSES = (VolunteerStatus.COMPLETED, VolunteerStatus.RESIGNED)


class ReportCadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class IntendedPlace(models.TextChoices):
    """Where the member means to live after the term, in the categories of the national
    survey of 協力隊 settlement (総務省), with Hokkaido in place of 「その他の都道府県内」."""

    SAME = "same", _("Stay in the same municipality")
    NEARBY = "nearby", _("Settle in a neighbouring municipality")
    HOKKAIDO = "hokkaido", _("Elsewhere in Hokkaido")
    OUTSIDE = "outside", _("Outside Hokkaido")
    UNDECIDED = "undecided", _("Undecided")


class IntendedActivity(models.TextChoices):
    BUSINESS = "business", _("Start a business (起業)")
    JOB = "job", _("Take a job (就業)")
    FARMING = "farming", _("Farming, forestry or fishing (就農・就林等)")
    SUCCESSION = "succession", _("Take over a business (事業承継)")
    OTHER_TOWN = "other_town", _("Serve another municipality as a member")
    OTHER = "other", _("Other")
    UNDECIDED = "undecided", _("Undecided")


class Volunteer(models.Model):
    """One place in the municipality's corps: recruited (募集中), then a member commissioned
    (委嘱) for one to three years, active (活動中) once they have moved and started, until
    the term is completed (任期満了) or they leave early (途中退任)."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # Denormalised from the municipality for scoping and the figures.
    bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    position = models.ForeignKey(
        "dispatch.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("position recruited through"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.RECRUITING,
        editable=False,
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    kana = models.CharField(_("reading"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    moved_from = models.CharField(
        _("moved from"),
        max_length=60,
        blank=True,
        help_text=_("Prefecture (or Hokkaido municipality) of the previous address."),
    )
    missions = models.ManyToManyField(
        "dispatch.Mission", blank=True, related_name="+", verbose_name=_("missions")
    )
    activity = models.TextField(_("mission and activities"), max_length=4000, blank=True)
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    started_on = models.DateField(_("activities started on"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for leaving early"), max_length=2000, blank=True)
    trainings = models.ManyToManyField(
        "portal.Event",
        blank=True,
        related_name="+",
        verbose_name=_("training attended"),
        help_text=_("The prefecture's 協力隊 training and briefings the member attended."),
    )
    other_training = models.TextField(
        _("other training"),
        max_length=2000,
        blank=True,
        help_text=_("Training elsewhere (national 研修, the municipality's own), one a line."),
    )
    note = models.TextField(_("notes of the municipality"), max_length=4000, blank=True)
    # The member's own account: the kernel's invitation (role member) the municipality sent
    # from this entry; whoever accepted it is the member.
    invitation = models.ForeignKey(
        "portal.GroupInvitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    report_cadence = models.CharField(
        _("activity reports"),
        max_length=10,
        choices=ReportCadence.choices,
        default=ReportCadence.MONTHLY,
    )
    contact_name = models.CharField(_("contact (section)"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email address"), blank=True)
    # What the member says comes next, near the end of the term.
    intended_place = models.CharField(
        _("where they mean to live"), max_length=10, choices=IntendedPlace.choices, blank=True
    )
    intended_activity = models.CharField(
        _("what they mean to do"), max_length=12, choices=IntendedActivity.choices, blank=True
    )
    intention_note = models.TextField(_("in their words"), max_length=2000, blank=True)
    intention_at = models.DateTimeField(_("said on"), null=True, blank=True, editable=False)
    # Alumni (OB/OG) who agree to be listed for prospective members.
    alumni_listed = models.BooleanField(_("listed as an OB/OG contact"), default=False)
    alumni_name = models.CharField(_("name shown"), max_length=60, blank=True)
    alumni_profile = models.TextField(_("a few words"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["municipality_id", "term_end", "pk"]
        verbose_name = _("volunteer (register)")
        verbose_name_plural = _("volunteer register")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in VolunteerStatus]),
                name="kyoryokutai_volunteer_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="recruiting")
                | (~Q(name="") & Q(term_start__isnull=False) & Q(term_end__isnull=False)),
                name="kyoryokutai_volunteer_chosen_has_name_and_term",
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True)
                | Q(term_end__isnull=True)
                | Q(term_end__gt=F("term_start")),
                name="kyoryokutai_volunteer_term_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "completed"]) | Q(started_on__isnull=False),
                name="kyoryokutai_volunteer_started_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "resigned"]) | Q(ended_on__isnull=False),
                name="kyoryokutai_volunteer_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(report_cadence__in=ReportCadence.values),
                name="kyoryokutai_volunteer_cadence_valid",
            ),
            models.CheckConstraint(
                condition=Q(intended_place__in=["", *IntendedPlace.values])
                & Q(intended_activity__in=["", *IntendedActivity.values]),
                name="kyoryokutai_volunteer_intention_valid",
            ),
            models.CheckConstraint(
                condition=Q(alumni_listed=False) | ~Q(alumni_name=""),
                name="kyoryokutai_volunteer_alumni_named",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["bureau", "status"]),
            models.Index(fields=["status", "term_end"]),
        ]

    def __str__(self) -> str:
        return self.name or str(_("(recruiting)"))

    @property
    def is_serving(self) -> bool:
        return self.status in SERVING_STATUSES

    @property
    def has_ended(self) -> bool:
        return self.status in ENDED_STATUSES


class Destination(models.TextChoices):
    SAME = "same", _("Stayed in the same municipality")
    # The national survey counts a neighbouring municipality as settling (定住) too.
    NEARBY = "nearby", _("Moved to a neighbouring municipality")
    HOKKAIDO = "hokkaido", _("Moved elsewhere in Hokkaido")
    LEFT = "left", _("Left Hokkaido")
    UNKNOWN = "unknown", _("Unknown")


class Settlement(models.Model):
    """Where a member went after the term (定住), what they do, and the follow-up one year
    later that the municipality is reminded of."""

    volunteer = models.OneToOneField(
        Volunteer, on_delete=models.CASCADE, related_name="settlement", verbose_name=_("volunteer")
    )
    destination = models.CharField(_("where they live now"), max_length=10, choices=Destination)
    settled_municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality they moved to"),
    )
    started_business = models.BooleanField(_("started a business"), default=False)
    took_job = models.BooleanField(_("took a job"), default=False)
    work = models.CharField(
        _("what they do now"),
        max_length=200,
        blank=True,
        help_text=_("For example: ゲストハウスを開業, 町内の農業法人に就職."),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    followup_due_on = models.DateField(_("follow-up due on"))
    followup_destination = models.CharField(
        _("where they live a year later"), max_length=10, choices=Destination, blank=True
    )
    followup_note = models.TextField(_("follow-up note"), max_length=2000, blank=True)
    followup_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    followup_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("settlement after the term")
        verbose_name_plural = _("settlements after the term")
        constraints = [
            models.CheckConstraint(
                condition=Q(destination__in=[d.value for d in Destination]),
                name="kyoryokutai_settlement_destination_valid",
            ),
            models.CheckConstraint(
                condition=Q(followup_destination__in=["", *[d.value for d in Destination]]),
                name="kyoryokutai_settlement_followup_valid",
            ),
            models.CheckConstraint(
                condition=~Q(destination__in=["hokkaido", "nearby"])
                | Q(settled_municipality__isnull=False),
                name="kyoryokutai_settlement_hokkaido_names_municipality",
            ),
            models.CheckConstraint(
                condition=Q(followup_at__isnull=True) | ~Q(followup_destination=""),
                name="kyoryokutai_settlement_followup_has_destination",
            ),
        ]
        indexes = [models.Index(fields=["followup_due_on"], name="kyoryokutai_followup_due")]

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.get_destination_display()}"

    @property
    def stayed_in_hokkaido(self) -> bool:
        return self.destination in (Destination.SAME, Destination.NEARBY, Destination.HOKKAIDO)
