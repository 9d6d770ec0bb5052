"""The plans registry (各種計画, I4): municipalities register their plans (地域公共交通計画,
総合戦略 and the other types HQ configures); bureau officers comment and advise.

Status moves only through ``services.plans`` and the table in ``workflows/plans.py``:
策定中 drafting → 策定済 adopted → 改定中 revising → 策定済 adopted.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Days before a plan's revision date that its staff are reminded, furthest first.
REVISION_REMINDER_DAYS = (90, 30)


class PlanType(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=120)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    revision_notice_years = models.PositiveSmallIntegerField(
        _("flag for revision (years before the end)"),
        default=1,
        help_text=_(
            "A plan is due for revision when its period ends within this many fiscal years "
            "(0: only in its last year)."
        ),
    )
    revision_cycle_years = models.PositiveSmallIntegerField(
        _("statutory revision cycle (years)"),
        null=True,
        blank=True,
        help_text=_(
            "When the law or guidance asks for a revision every so many years; empty if not."
        ),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("offered for new plans"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("plan type")
        verbose_name_plural = _("plan types")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", _("Being drawn up")
    ADOPTED = "adopted", _("Adopted")
    REVISING = "revising", _("Being revised")


class Plan(models.Model):
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("municipality"),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("bureau"),
        editable=False,
    )
    plan_type = models.ForeignKey(
        PlanType, on_delete=models.PROTECT, related_name="plans", verbose_name=_("plan type")
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    end_year = models.PositiveSmallIntegerField(_("last fiscal year"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFTING,
        editable=False,
    )
    summary = models.TextField(_("summary"), max_length=5000)
    url = models.URLField(_("web page"), blank=True)
    # A 総合戦略 plan is the registry entry of the municipality's kernel strategy: its
    # goals, measures and KPIs live there once (#22 point 2), never copied here.
    strategy = models.ForeignKey(
        "portal.Strategy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("comprehensive strategy"),
    )
    next_revision_due = models.DateField(
        _("next revision due"),
        null=True,
        blank=True,
        help_text=_("The date by which the plan must be revised; its staff are reminded."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic concurrency (portal.concurrency): a save based on a page someone else has
    # saved since is refused with what changed.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["municipality_id", "plan_type__order", "-start_year", "-id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PlanStatus]),
                name="casebook_plan_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year"))
                & Q(start_year__gte=1989)
                & Q(end_year__lte=2100),
                name="casebook_plan_period_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "plan_type"], name="casebook_plan_bureau_idx"),
            models.Index(fields=["municipality", "plan_type"], name="casebook_plan_muni_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casebook:plan_detail", args=[self.pk])

    def due_for_revision(self, current_year: int) -> bool:
        if self.status == PlanStatus.REVISING:
            return False
        return self.end_year - current_year <= self.plan_type.revision_notice_years

    def revision_overdue(self, today) -> bool:
        return bool(
            self.next_revision_due
            and self.next_revision_due < today
            and self.status != PlanStatus.REVISING
        )


class PlanRevisionReminder(models.Model):
    """One reminder of a plan's revision date sent ``days_before`` it: recorded so that a
    rerun of the daily task sends nothing twice, and a new due date starts afresh."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="revision_reminders", verbose_name=_("plan")
    )
    due_date = models.DateField(_("revision due"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("plan revision reminder")
        verbose_name_plural = _("plan revision reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "due_date", "days_before"], name="casebook_plan_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.due_date} -{self.days_before}"


class PlanComment(models.Model):
    """Advice on a plan, threaded: a reply points at the comment it answers."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on a plan")
        verbose_name_plural = _("comments on plans")

    def __str__(self) -> str:
        return self.body[:40]
