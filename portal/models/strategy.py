"""Strategies as structure (#21, seeds V1 and V3): a 連携地域's 政策展開方針 and a
municipality's 総合戦略, with their goals, measures and KPIs, figure by 年度.

One structure serves both kinds, so that grant applications, policy projects, dispatch
requests, challenges and case studies can later be tagged with a measure whichever kind
it belongs to:

    Strategy (regional policy of a Region | 総合戦略 of a Municipality, period in 年度)
      └ StrategyGoal   基本目標 with its numerical target (a regional policy's 政策の柱)
          └ StrategyMeasure  施策 / 重点施策 (a regional measure may stand without a goal)
              └ Kpi  name, unit, baseline and its 年度, source
                  └ KpiYear  one row per 年度 of the period: target, result, evidence

Goals are optional in a regional policy: a 政策展開方針 lists its 重点的に推進する政策
directly, and some regions group them under a few pillars (食・観光, 暮らし …). A 総合戦略
always files its 施策 under a 基本目標 (the services enforce it), as the national guidance
asks.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FIRST_YEAR = 2015  # the first 総合戦略 (まち・ひと・しごと創生) began in 平成27年度
LAST_YEAR = 2100


class StrategyKind(models.TextChoices):
    REGIONAL = "regional", _("Regional policy")
    MUNICIPAL = "municipal", _("Comprehensive strategy")
    # A municipal plan's own measures and KPIs (#22 point 2: 地域公共交通計画 and the other
    # plan types of the casebook's registry): the same tree, owned by the municipality,
    # created from the plan's page only.
    PLAN = "plan", _("Measures of a plan")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("strategy status", "Draft")
    PUBLISHED = "published", pgettext_lazy("strategy status", "Published")


def _figure(verbose_name, **kwargs):
    """A KPI figure: people, yen, per cent, tonnes … up to 12 digits and 3 decimals (15
    significant digits: exact in every database the portal runs on, SQLite included)."""
    return models.DecimalField(
        verbose_name, max_digits=15, decimal_places=3, null=True, blank=True, **kwargs
    )


class Strategy(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=StrategyKind.choices)
    region = models.ForeignKey(
        "portal.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("collaboration region"),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    end_year = models.PositiveSmallIntegerField(_("last fiscal year"))
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    url = models.URLField(_("web page"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StrategyStatus.choices,
        default=StrategyStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["kind", "region__order", "municipality_id", "-start_year", "-id"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StrategyKind.values), name="portal_strategy_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StrategyStatus.values),
                name="portal_strategy_status_valid",
            ),
            # A regional policy belongs to a region, a 総合戦略 to a municipality: never both.
            models.CheckConstraint(
                condition=(
                    Q(kind=StrategyKind.REGIONAL, region__isnull=False, municipality__isnull=True)
                    | Q(
                        kind__in=[StrategyKind.MUNICIPAL, StrategyKind.PLAN],
                        municipality__isnull=False,
                        region__isnull=True,
                    )
                ),
                name="portal_strategy_owner_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year"))
                & Q(start_year__gte=FIRST_YEAR)
                & Q(end_year__lte=LAST_YEAR),
                name="portal_strategy_period_valid",
            ),
            models.UniqueConstraint(
                fields=["region", "start_year"],
                condition=Q(kind=StrategyKind.REGIONAL),
                name="portal_strategy_one_regional_per_start",
            ),
            models.UniqueConstraint(
                fields=["municipality", "start_year"],
                condition=Q(kind=StrategyKind.MUNICIPAL),
                name="portal_strategy_one_municipal_per_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="portal_strategy_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:strategy_work", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("portal:strategy_public", args=[self.pk])

    @property
    def owner_name(self) -> str:
        owner = self.region if self.kind == StrategyKind.REGIONAL else self.municipality
        return owner.display_name if owner is not None else ""

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def is_published(self) -> bool:
        return self.status == StrategyStatus.PUBLISHED


class StrategyGoal(models.Model):
    """基本目標 (a municipality's) or 政策の柱 (a region's), with its numerical target."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("goal"), max_length=200)
    numerical_target = models.TextField(
        _("numerical target"),
        max_length=1000,
        blank=True,
        help_text=_("The goal's numerical target as the strategy states it."),
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["strategy_id", "order", "id"]
        verbose_name = _("strategy goal")
        verbose_name_plural = _("strategy goals")

    def __str__(self) -> str:
        return self.title


class StrategyMeasure(models.Model):
    """施策 (重点施策 in a regional policy). ``strategy`` is kept beside ``goal`` so that a
    regional measure can stand without a goal and a whole strategy is read in one query."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="measures", verbose_name=_("strategy")
    )
    goal = models.ForeignKey(
        StrategyGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("goal"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["strategy_id", "goal__order", "goal_id", "order", "id"]
        verbose_name = _("strategy measure")
        verbose_name_plural = _("strategy measures")

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("strategy")
    )
    measure = models.ForeignKey(
        StrategyMeasure, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("measure")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("For example 人, 件, %, 千円."))
    baseline_value = _figure(_("baseline"))
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline fiscal year"), null=True, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figures come from, for example 住民基本台帳 or 観光入込客数調査."),
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["measure_id", "order", "id"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.name


class KpiYear(models.Model):
    """A KPI's figures for one 年度 of the strategy's period: the target set, the result
    measured, and where the result comes from (the evidence the 効果検証 reads)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="years", verbose_name="KPI")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    target = _figure(_("target"))
    result = _figure(_("result"))
    note = models.CharField(_("source or evidence"), max_length=300, blank=True)

    class Meta:
        ordering = ["kpi_id", "fiscal_year"]
        verbose_name = _("KPI figures of a fiscal year")
        verbose_name_plural = _("KPI figures by fiscal year")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "fiscal_year"], name="portal_kpi_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.fiscal_year}"
