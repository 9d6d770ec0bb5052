"""Events with registration: seminars, consultation sessions, briefings, training.

Used by several pillars (ふるさと納税 seminars, 協力隊 briefings and training …), so it lives
in the kernel; a pillar marks its events with a category code and lists them itself.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    category = models.SlugField(
        _("category"), help_text=_("Which programme the event belongs to, e.g. furusato.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_details = models.CharField(
        _("how to join online"),
        max_length=300,
        blank=True,
        help_text=_("Sent to registered participants only."),
    )
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising bureau"),
        help_text=_("Empty when HQ organises the event."),
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    open_to_public = models.BooleanField(
        _("open to people without an account"),
        default=False,
        help_text=_("Otherwise only signed-in municipal staff can register."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["category", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


def _token() -> str:
    # 32 random bytes: the link is the only key to a registration made without an account.
    return secrets.token_urlsafe(32)


class RegistrationStatus(models.TextChoices):
    # Made through the public form: no seat until the address is confirmed from the mail.
    PENDING = "pending", _("Waiting for email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    Status = RegistrationStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("email address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    attended = models.BooleanField(_("attended"), default=False)
    # The private link (with the pk) that lets someone without an account confirm and cancel.
    token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    # When the seat or the place on the waiting list was taken; the waiting list moves up
    # in this order, so a hold confirmed late does not overtake people who confirmed first.
    # Empty on rows written directly (fixtures, the shell): their creation time stands in.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.name}"
