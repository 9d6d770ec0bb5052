"""地域おこし協力隊 support (H3), the public side: the missions taxonomy, open positions that
municipalities post, and short "try it" programmes (おためし協力隊, internships).

Nothing here is personal data: these rows are published on the volunteers' portal. The
register of serving volunteers lives in ``volunteers.py`` and is never public.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Mission(models.Model):
    """An area of activity (観光, 農業, 移住支援 …): curated by HQ, seeded by a migration."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("Retired missions stay on existing records but are no longer offered."),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("volunteer mission")
        verbose_name_plural = _("volunteer missions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Recruitment closed")


class Housing(models.TextChoices):
    FREE = "free", _("Housing provided free of charge")
    SUBSIDISED = "subsidised", _("Housing provided or rent subsidised")
    HELP = "help", _("Help finding housing")
    NONE = "none", _("No housing support")


class Vehicle(models.TextChoices):
    PROVIDED = "provided", _("A vehicle is provided for the activities")
    ALLOWANCE = "allowance", _("An allowance for using your own car")
    NONE = "none", _("No vehicle")


class Posting(models.Model):
    """What positions and programmes share: the municipality, its contact and the status
    (下書き → 公開 → 募集終了) that only the services change."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # Denormalised from the municipality for scoping and the filters.
    bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    title = models.CharField(_("title"), max_length=200)
    missions = models.ManyToManyField(Mission, related_name="+", verbose_name=_("missions"))
    description = models.TextField(_("description"), max_length=6000)
    how_to_apply = models.TextField(_("how to apply"), max_length=3000)
    contact_name = models.CharField(_("contact (section)"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email address"), blank=True)
    url = models.URLField(_("web page with the details"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PostingStatus.choices,
        default=PostingStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic concurrency (portal.concurrency): a save based on a page someone else has
    # saved since is refused with what changed.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in (PostingStatus.PUBLISHED, PostingStatus.CLOSED)


class Position(Posting):
    """An open position (協力隊の募集) posted by a municipality on the volunteers' portal."""

    activity = models.TextField(
        _("mission and activities"),
        max_length=4000,
        help_text=_("What the volunteer will do, e.g. 観光協会と連携した体験型観光の企画."),
    )
    openings = models.PositiveSmallIntegerField(_("people wanted"), default=1)
    term_years = models.PositiveSmallIntegerField(
        _("term (years, at most)"),
        default=3,
        help_text=_("Volunteers are commissioned for one to three years."),
    )
    pay_min = models.PositiveIntegerField(_("monthly pay from (yen)"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(_("monthly pay up to (yen)"), null=True, blank=True)
    housing = models.CharField(_("housing"), max_length=12, choices=Housing.choices)
    vehicle = models.CharField(_("vehicle"), max_length=12, choices=Vehicle.choices)
    conditions = models.TextField(
        _("other conditions"),
        max_length=3000,
        blank=True,
        help_text=_("Working hours, side jobs, social insurance, help to start a business …"),
    )
    applications_open = models.DateField(_("applications open"))
    applications_close = models.DateField(_("applications close"))
    # NFKC-normalised, case-folded title, activities, description and missions: the
    # Japanese search matches substrings of it (written by the services on every save).
    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("volunteer position")
        verbose_name_plural = _("volunteer positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PostingStatus]),
                name="kyoryokutai_position_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(term_years__gte=1, term_years__lte=3),
                name="kyoryokutai_position_term_1_to_3_years",
            ),
            models.CheckConstraint(
                condition=Q(openings__gte=1), name="kyoryokutai_position_openings_positive"
            ),
            models.CheckConstraint(
                condition=Q(applications_close__gte=F("applications_open")),
                name="kyoryokutai_position_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_max__gte=F("pay_min")),
                name="kyoryokutai_position_pay_ordered",
            ),
            models.CheckConstraint(
                condition=Q(housing__in=[h.value for h in Housing]),
                name="kyoryokutai_position_housing_valid",
            ),
            models.CheckConstraint(
                condition=Q(vehicle__in=[v.value for v in Vehicle]),
                name="kyoryokutai_position_vehicle_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "applications_close"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["bureau", "status"]),
        ]


class TrialKind(models.TextChoices):
    TRIAL = "trial", _("Trial programme (おためし地域おこし協力隊)")
    INTERNSHIP = "internship", _("Internship (地域おこし協力隊インターン)")


class TrialProgramme(Posting):
    """A short programme to try the work and the town before applying: a few days
    (おためし) or two weeks to three months (インターン)."""

    kind = models.CharField(_("kind"), max_length=12, choices=TrialKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    applications_close = models.DateField(_("applications close"), null=True, blank=True)
    costs = models.CharField(
        _("costs and support"),
        max_length=300,
        blank=True,
        help_text=_("For example: 交通費・宿泊費は町が負担、食費は自己負担."),
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("trial programme")
        verbose_name_plural = _("trial programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PostingStatus]),
                name="kyoryokutai_trial_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in TrialKind]),
                name="kyoryokutai_trial_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="kyoryokutai_trial_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="kyoryokutai_trial_capacity_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "ends_on"]),
            models.Index(fields=["municipality", "status"]),
        ]
