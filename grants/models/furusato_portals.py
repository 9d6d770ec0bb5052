"""ふるさと納税 portal sites (F4, #22): the private portal sites a municipality lists its
return gifts on, the joint campaigns municipalities run together, and the donations each
municipality received in a 年度 (受入額, 件数), which the regional view sums up."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PortalSite(models.TextChoices):
    """The common private portal sites; anything else is その他 with its name typed."""

    FURUNAVI = "furunavi", "ふるなび"
    FURUSATO_CHOICE = "choice", "ふるさとチョイス"
    RAKUTEN = "rakuten", "楽天ふるさと納税"
    SATOFULL = "satofull", "さとふる"
    ANA = "ana", "ANAのふるさと納税"
    AU = "au", "auPAY ふるさと納税"
    FURUPO = "furupo", "ふるぽ"
    YAHOO = "yahoo", "Yahoo!ふるさと納税"
    OTHER = "other", _("Other (その他)")


class PortalSiteListing(models.Model):
    """A municipality's listing on one portal site, with its period and what it offers."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="furusato_listings",
        verbose_name=_("municipality"),
    )
    site = models.CharField(_("portal site"), max_length=20, choices=PortalSite.choices)
    other_name = models.CharField(
        _("name of the site"),
        max_length=100,
        blank=True,
        help_text=_("Only for a site not in the list (その他)."),
    )
    url = models.URLField(_("URL of the municipality's page"), blank=True)
    starts_on = models.DateField(_("listed from"))
    ends_on = models.DateField(_("listed until"), null=True, blank=True)
    content = models.TextField(
        _("content"),
        max_length=2000,
        blank=True,
        help_text=_("What the municipality offers there: return gifts, uses of the money."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["municipality", "starts_on", "pk"]
        verbose_name = _("portal site listing")
        verbose_name_plural = _("portal site listings")
        constraints = [
            models.CheckConstraint(
                condition=Q(site__in=PortalSite.values), name="portal_listing_site_valid"
            ),
            models.CheckConstraint(
                condition=~Q(site="other") | ~Q(other_name=""),
                name="portal_listing_other_has_name",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="portal_listing_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.site_name

    @property
    def site_name(self) -> str:
        return self.other_name if self.site == PortalSite.OTHER else self.get_site_display()


class JointCampaign(models.Model):
    """A campaign several municipalities run together (a shared feature page on a portal
    site, a regional fair). The bureau (or HQ) that coordinates it records it."""

    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="furusato_campaigns",
        verbose_name=_("coordinating bureau"),
        help_text=_("Empty when HQ coordinates the campaign."),
    )
    name = models.CharField(_("campaign name"), max_length=200)
    site = models.CharField(_("portal site"), max_length=20, choices=PortalSite.choices, blank=True)
    municipalities = models.ManyToManyField(
        "portal.Municipality",
        related_name="furusato_campaigns",
        verbose_name=_("participating municipalities"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    content = models.TextField(_("content"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("joint campaign")
        verbose_name_plural = _("joint campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="joint_campaign_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(site="") | Q(site__in=PortalSite.values),
                name="joint_campaign_site_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DonationFigure(models.Model):
    """What a municipality received in ふるさと納税 in a 年度, across all sites: 受入額 and 件数,
    as reported to the 総務省 survey (現況調査)."""

    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="furusato_figures",
        verbose_name=_("municipality"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount = models.PositiveBigIntegerField(_("donations received (yen)"))
    count = models.PositiveIntegerField(_("number of donations"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "municipality"]
        verbose_name = _("donations received")
        verbose_name_plural = _("donations received")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year"], name="one_donation_figure_per_year"
            ),
            # A donation is at least one yen: no amount without a count, nor a count without.
            models.CheckConstraint(
                condition=Q(amount=0, count=0) | Q(amount__gte=F("count"), count__gt=0),
                name="donation_figure_amount_matches_count",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "municipality"])]

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}"
