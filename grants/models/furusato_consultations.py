"""ふるさと納税 1:1 consultations (F4, #22): a bureau or HQ publishes time slots; municipal
staff book one with a topic. One active booking per slot is kept by the database."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.japanese import wareki_date


class ConsultationSlot(models.Model):
    """A time an officer of a bureau (or HQ) keeps free for one municipality's questions."""

    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="furusato_slots",
        verbose_name=_("publishing bureau"),
        help_text=_("Empty when HQ holds the consultation."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(
        _("online meeting URL"),
        blank=True,
        help_text=_("Shown only to the municipality that booked the slot."),
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="consultation_slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="consultation_slot_has_place_or_url",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "starts_at"])]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{wareki_date(start.date())} {start:%H:%M}–{end:%H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class SlotBooking(models.Model):
    """A municipality's booking of a slot, with what they want to talk about."""

    slot = models.ForeignKey(
        ConsultationSlot,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("slot"),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="furusato_bookings",
        verbose_name=_("municipality"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )
    topic = models.TextField(_("topic"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation booking")
        verbose_name_plural = _("consultation bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="slot_booking_status_valid"
            ),
            # The second wall behind the service: a slot is never booked twice, whatever
            # races past the service (a partial unique index on SQLite and PostgreSQL).
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status="booked"),
                name="one_active_booking_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.municipality}"
