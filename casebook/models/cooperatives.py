"""I3 特定地域づくり事業協同組合: certification of cooperatives by the governor.

A cooperative's account registers the cooperative (the bureau of its office's area or HQ
approves it, which gives the account the cooperative role, as companies are approved in
grants). It then applies for certification (認定) or, once certified, for a change
certification (変更認定) through a task list; the bureau reviews, HQ certifies or refuses.
After certification it files notifications (届出) of name, officer or office changes within
30 days of the change, and an annual report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Changes of name, officers or office are notified within this many days (法第6条).
NOTIFICATION_DAYS = 30


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Cooperative(models.Model):
    """A 事業協同組合 using the portal; once certified, its entry in the public register."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cooperative_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("cooperative name"), max_length=200)
    name_kana = models.CharField(_("cooperative name (kana)"), max_length=200)
    corporate_number = models.CharField(
        _("corporate number (法人番号)"),
        max_length=13,
        blank=True,
        help_text=_("The 13-digit number the National Tax Agency assigned, once registered."),
    )
    address = models.CharField(_("address of the principal office"), max_length=300)
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality of the principal office"),
        help_text=_("Its bureau follows the cooperative and its notifications."),
    )
    representative = models.CharField(_("representative"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    status = models.CharField(
        _("registration status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=2000, blank=True)
    # The certified particulars (set by the certification and its changes, and by 届出).
    certified_on = models.DateField(_("certification date"), null=True, blank=True, db_index=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    officers = models.TextField(_("officers"), max_length=4000, blank=True)
    office = models.CharField(_("office"), max_length=300, blank=True)
    business = models.TextField(_("business"), max_length=8000, blank=True)
    dispatches_workers = models.BooleanField(_("dispatches workers"), default=False)
    area = models.ManyToManyField(
        "portal.Municipality",
        blank=True,
        related_name="certified_cooperatives",
        verbose_name=_("area (地区)"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="cooperative_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(corporate_number="") | Q(corporate_number__regex=r"^[0-9]{13}$"),
                name="cooperative_corporate_number_13_digits",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "approved"]),
                name="one_active_cooperative_per_account",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_certified(self) -> bool:
        return self.certified_on is not None
