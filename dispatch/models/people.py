"""The roster (人材名簿): prefectural staff available for dispatch and external advisors, with
their skills, the area they cover and when they are available; and each bureau's desk:
who holds the bureau chief's authority, and the 地域創生枠 of each 年度."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.japanese import wareki_date


class PersonKind(models.TextChoices):
    STAFF = "staff", _("Prefectural staff")
    ADVISOR = "advisor", _("External advisor")


class Person(models.Model):
    """Someone who can be dispatched. Advisors sign in with the advisor role through the
    linked account; prefectural staff may or may not have an account."""

    kind = models.CharField(_("kind"), max_length=10, choices=PersonKind.choices)
    name = models.CharField(_("name"), max_length=100)
    kana = models.CharField(_("reading"), max_length=100, blank=True)
    organisation = models.CharField(
        _("organisation and title"),
        max_length=200,
        blank=True,
        help_text=_("For example: 総合政策部 デジタル推進課 主査, or the advisor's company."),
    )
    email = models.EmailField(_("email address"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatch_person",
        verbose_name=_("portal account"),
        help_text=_("Advisors need an account with the advisor role to see their assignments."),
    )
    home_bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home bureau"),
        help_text=_("The bureau that keeps this entry; empty for HQ and external advisors."),
    )
    areas = models.ManyToManyField(
        "portal.Bureau",
        blank=True,
        related_name="+",
        verbose_name=_("areas covered"),
        help_text=_("Bureaus whose municipalities this person covers; none means all Hokkaido."),
    )
    skills = models.ManyToManyField("dispatch.Skill", blank=True, verbose_name=_("skills"))
    profile = models.TextField(_("profile"), max_length=2000, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("assignments at a time"),
        default=3,
        help_text=_("How many current or coming assignments this person can carry."),
    )
    is_active = models.BooleanField(_("available for dispatch"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kana", "name", "pk"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PersonKind]), name="person_kind_valid"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="person_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Availability(models.Model):
    """A period in which the person can be dispatched."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="availabilities")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="availability_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{wareki_date(self.starts_on)} – {wareki_date(self.ends_on)}"


class DispatchDesk(models.Model):
    """A bureau's settings for dispatch: whose approval stands for the bureau chief's
    (振興局長の決裁) on 地域振興派遣, and the prefix of its dispatch notices' numbers."""

    bureau = models.OneToOneField(
        "portal.Bureau",
        on_delete=models.PROTECT,
        related_name="dispatch_desk",
        verbose_name=_("bureau"),
    )
    chief_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("officers holding the bureau chief's authority"),
        help_text=_(
            "Only these officers may approve 地域振興派遣 requests (the bureau chief's "
            "discretion within the 地域創生枠). Other requests are approved by any officer."
        ),
    )
    notice_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        blank=True,
        help_text=_("Prefix of dispatch notices' numbers, e.g. 石振地派 gives 石振地派第1号."),
    )

    class Meta:
        ordering = ["bureau__order"]
        verbose_name = _("bureau dispatch desk")
        verbose_name_plural = _("bureau dispatch desks")

    def __str__(self) -> str:
        return str(self.bureau)

    @property
    def prefix(self) -> str:
        return self.notice_prefix or f"{self.bureau.notice_prefix or self.bureau.short_name}派"


class RegionalFrame(models.Model):
    """地域創生枠: how many 地域振興派遣 the bureau chief may approve in a 年度."""

    bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    places = models.PositiveSmallIntegerField(_("staff dispatches"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "bureau__order"]
        verbose_name = _("regional revitalisation frame (地域創生枠)")
        verbose_name_plural = _("regional revitalisation frames (地域創生枠)")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "fiscal_year"], name="one_regional_frame_per_bureau_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bureau} {self.fiscal_year}"


def _token() -> str:
    """The shared per-municipality token of the old CalendarFeed; migration 0001 names it."""
    return secrets.token_urlsafe(24)


class CalendarFeedToken(models.Model):
    """A user's private iCal subscription URL. Calendar apps cannot sign in, so the URL
    carries a secret; only its SHA-256 is stored, and the owner sees the URL once, when it
    is issued. It speaks for its owner only while they are active and hold the role and the
    scope (municipality, bureau, roster entry) it was issued for: the feed checks that on
    every request, so a role change or a deactivation revokes it without anyone having to
    remember the link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dispatch_calendar_token",
        verbose_name=_("portal account"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_role = models.CharField(max_length=20, editable=False)
    issued_municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    issued_bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    issued_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("reissued at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar subscription URL")
        verbose_name_plural = _("calendar subscription URLs")

    def __str__(self) -> str:
        return str(self.user)
