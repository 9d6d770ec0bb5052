"""お知らせ・事務連絡 (I2): HQ or a bureau informs municipalities (or cooperatives) of the
prefecture's measures. A notice is written as a draft, sent to an audience (portal.audiences)
which makes one receipt per recipient, and may be withdrawn. Each receipt records when the
recipient first opened the notice (既読) and, for a notice that must be confirmed (要確認),
when and by whom it was confirmed. Public notices are also read on the public site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.audiences import AudienceFields


class NoticeCategory(models.TextChoices):
    ADMINISTRATIVE = "administrative", pgettext_lazy("notice category", "Administrative notice")
    MEASURES = "measures", pgettext_lazy("notice category", "Programmes and measures")
    EVENTS = "events", pgettext_lazy("notice category", "Events and training")
    CALLS = "calls", pgettext_lazy("notice category", "Calls for applications")
    OTHER = "other", pgettext_lazy("notice category", "Other")


class NoticeVisibility(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("notice visibility", "Public")
    INTERNAL = (
        "internal",
        pgettext_lazy("notice visibility", "Internal (the prefecture and municipalities only)"),
    )


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("notice status", "Draft")
    SENT = "sent", pgettext_lazy("notice status", "Sent")
    WITHDRAWN = "withdrawn", pgettext_lazy("notice status", "Withdrawn")


class Notice(AudienceFields):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), max_length=20000)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=NoticeCategory.choices,
        default=NoticeCategory.ADMINISTRATIVE,
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=NoticeVisibility.choices,
        default=NoticeVisibility.INTERNAL,
        help_text=_("A public notice is also shown on the public site and in its feed once sent."),
    )
    requires_confirmation = models.BooleanField(
        _("must be confirmed"),
        default=False,
        help_text=_("Recipients are asked to confirm that they have read it (要確認)."),
    )
    # The sending bureau; empty for HQ (本庁).
    sender_bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("sender"),
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
        editable=False,
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        editable=False,
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
        ordering = ["-sent_at", "-id"]
        verbose_name = _("notice to municipalities")
        verbose_name_plural = _("notices to municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NoticeStatus.values), name="casebook_notice_status"
            ),
            models.CheckConstraint(
                condition=Q(category__in=NoticeCategory.values), name="casebook_notice_category"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=NoticeVisibility.values),
                name="casebook_notice_visibility",
            ),
            models.CheckConstraint(
                condition=Q(status=NoticeStatus.DRAFT) | Q(sent_at__isnull=False),
                name="casebook_notice_sent_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["sender_bureau", "-created_at"], name="casebook_notice_sender_idx"
            ),
            models.Index(
                fields=["-sent_at", "-id"],
                condition=Q(status="sent", visibility="public"),
                name="casebook_notice_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casebook:notice_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == NoticeStatus.SENT and self.visibility == NoticeVisibility.PUBLIC

    def sender_label(self) -> str:
        return self.sender_bureau.name if self.sender_bureau_id else str(_("Hokkaido HQ"))


class NoticeReceipt(models.Model):
    """One recipient of a sent notice: a municipality or a cooperative (exactly one)."""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("notice")
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    cooperative = models.ForeignKey(
        "casebook.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notice_receipts",
        verbose_name=_("cooperative"),
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("notice receipt")
        verbose_name_plural = _("notice receipts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, cooperative__isnull=True)
                    | Q(municipality__isnull=True, cooperative__isnull=False)
                ),
                name="casebook_receipt_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["notice", "municipality"],
                condition=Q(municipality__isnull=False),
                name="casebook_receipt_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["notice", "cooperative"],
                condition=Q(cooperative__isnull=False),
                name="casebook_receipt_unique_cooperative",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(read_at__isnull=False),
                name="casebook_receipt_confirmed_was_read",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "notice"], name="casebook_receipt_muni_idx"),
        ]

    def __str__(self) -> str:
        return self.recipient_name

    @property
    def recipient_name(self) -> str:
        if self.municipality_id:
            return self.municipality.name
        return self.cooperative.name if self.cooperative_id else ""
