"""Programmes, calls and their rules: data HQ keeps in the admin, never constants in code."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A grant programme (地域づくり総合交付金) or a sub-programme (デジタルチャレンジ推進事業)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_programmes",
        verbose_name=_("parent programme"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name if self.parent_id is None else f"{self.parent.name}（{self.name}）"


class GrantCategory(models.Model):
    """ハード系 / ソフト系 and the like."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("grant category")
        verbose_name_plural = _("grant categories")

    def __str__(self) -> str:
        return self.name


class ApplicantKind(models.Model):
    """市町村, 一部事務組合, 広域連合, 協議会, 団体 …"""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    via_municipality = models.BooleanField(
        _("applies through the municipality"),
        default=False,
        help_text=_("Local groups send their application to the municipality, which forwards it."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("applicant kind")
        verbose_name_plural = _("applicant kinds")

    def __str__(self) -> str:
        return self.name


class CostCategory(models.Model):
    """経費区分: 報償費, 旅費, 需用費 … and 賃金・職員費, 食料費 … which calls may exclude."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(is_published=True, opens_at__lte=now, closes_at__gt=now)


class Call(models.Model):
    """A 募集: one programme and category, one bureau, one 年度, with its window and rules."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    category = models.ForeignKey(
        GrantCategory, on_delete=models.PROTECT, related_name="calls", verbose_name=_("category")
    )
    bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, related_name="calls", verbose_name=_("bureau")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        help_text=_("The calendar year the 年度 starts in, e.g. 2025 for 令和7年度."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    is_published = models.BooleanField(_("published"), default=False)
    rate_numerator = models.PositiveSmallIntegerField(_("subsidy rate (numerator)"), default=1)
    rate_denominator = models.PositiveSmallIntegerField(_("subsidy rate (denominator)"), default=2)
    upper_limit = models.PositiveBigIntegerField(_("upper limit (yen)"), null=True, blank=True)
    lower_limit = models.PositiveBigIntegerField(_("lower limit (yen)"), null=True, blank=True)
    rounding_unit = models.PositiveIntegerField(
        _("rounding unit (yen)"),
        default=1000,
        help_text=_("The maximum subsidy is rounded down to a multiple of this amount."),
    )
    eligible_applicant_kinds = models.ManyToManyField(
        ApplicantKind, related_name="calls", verbose_name=_("eligible applicants")
    )
    ineligible_cost_categories = models.ManyToManyField(
        CostCategory,
        blank=True,
        related_name="excluded_by_calls",
        verbose_name=_("ineligible cost categories"),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after completion)"), default=30
    )
    report_due_date = models.DateField(
        _("report due date"),
        null=True,
        blank=True,
        help_text=_("If set, reports are due by this date at the latest."),
    )
    allows_advance_payment = models.BooleanField(
        _("advance payment (概算払) allowed"), default=False
    )
    project_end_limit = models.DateField(_("projects must finish by"), null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "bureau__order", "programme__code"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_window_is_positive"
            ),
            models.CheckConstraint(
                condition=Q(rate_numerator__gt=0)
                & Q(rate_denominator__gt=0)
                & Q(rate_numerator__lte=models.F("rate_denominator")),
                name="call_rate_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(upper_limit__isnull=True)
                | Q(lower_limit__isnull=True)
                | Q(upper_limit__gte=models.F("lower_limit")),
                name="call_limits_ordered",
            ),
            models.CheckConstraint(condition=Q(rounding_unit__gt=0), name="call_unit_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rate(self) -> Decimal:
        return Decimal(self.rate_numerator) / Decimal(self.rate_denominator)

    @property
    def rate_label(self) -> str:
        return f"{self.rate_numerator}/{self.rate_denominator}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at


class RequiredAttachment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_attachments")
    name = models.CharField(_("document"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")

    def __str__(self) -> str:
        return self.name


class RubricCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """配当額: the money a bureau may grant in a 年度. Approvals never exceed it."""

    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("bureau"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount = models.PositiveBigIntegerField(_("allocated amount (yen)"))

    class Meta:
        ordering = ["-fiscal_year", "bureau__order"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "fiscal_year"], name="one_allocation_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bureau} {self.fiscal_year}"
