"""Liaison meetings (地域づくり連携会議, I1): a bureau meets its municipalities and local
organisations; the minutes may be made public; action items sit on their owner's to-do
list until closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LiaisonMeeting(models.Model):
    title = models.CharField(_("title"), max_length=200)
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="liaison_meetings",
        verbose_name=_("bureau"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    invited_municipalities = models.ManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="liaison_meetings",
        verbose_name=_("invited municipalities"),
    )
    invited_organisations = models.TextField(
        _("invited organisations"),
        max_length=3000,
        blank=True,
        help_text=_("One per line, e.g. 商工会, 観光協会, 金融機関."),
    )
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    attended_municipalities = models.ManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("municipalities that attended"),
    )
    attendance = models.TextField(
        _("attendance"),
        max_length=3000,
        blank=True,
        help_text=_("Who attended, one per line (organisation and title)."),
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    minutes_public = models.BooleanField(
        _("minutes are public"),
        default=False,
        editable=False,
        help_text=_("Public minutes are shown on the public site."),
    )
    minutes_published_at = models.DateTimeField(
        _("minutes published at"), null=True, blank=True, editable=False
    )
    challenges = models.ManyToManyField(
        "casebook.Challenge",
        blank=True,
        related_name="meetings",
        verbose_name=_("challenges discussed"),
    )
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

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("liaison meeting")
        verbose_name_plural = _("liaison meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_public=False) | Q(minutes_published_at__isnull=False),
                name="casebook_meeting_public_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "-date"], name="casebook_meeting_bureau_idx"),
            models.Index(
                fields=["-date", "-id"],
                condition=Q(minutes_public=True),
                name="casebook_meeting_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casebook:meeting_detail", args=[self.pk])

    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.invited_organisations.splitlines() if line.strip()]


class ActionItem(models.Model):
    meeting = models.ForeignKey(
        LiaisonMeeting,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="casebook_action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            models.Index(
                fields=["owner", "due_date"],
                condition=Q(closed_at__isnull=True),
                name="casebook_action_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class StrategyMeetingAttendance(models.Model):
    """A bureau officer's attendance at a municipality's own strategy meeting (総合戦略推進会議,
    効果検証会議 …), with notes the municipality reads (#22 point 3). Not public."""

    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bureau"),
        editable=False,
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="strategy_meeting_attendances",
        verbose_name=_("municipality"),
    )
    date = models.DateField(_("date"))
    meeting_name = models.CharField(
        _("meeting"),
        max_length=200,
        help_text=_("The meeting's name, e.g. 総合戦略推進会議 or 効果検証会議."),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("officers who attended"),
    )
    notes = models.TextField(
        _("notes"),
        max_length=5000,
        blank=True,
        help_text=_(
            "What was discussed and what the bureau follows up. The municipality reads it."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("attendance at a strategy meeting")
        verbose_name_plural = _("attendance at strategy meetings")
        indexes = [
            models.Index(fields=["municipality", "-date"], name="casebook_strat_muni_idx"),
            models.Index(fields=["bureau", "-date"], name="casebook_strat_bureau_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_name}（{self.date:%Y-%m-%d}）"
