"""The consultation desk: questions from municipalities (and others) answered by the bureau."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationCategory(models.Model):
    """Data, not code: pillars add their categories (国の交付金, DX, 協力隊 …) by migration."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    # Some desks are run by HQ rather than the municipality's bureau (e.g. 協力隊 support).
    routed_to_hq = models.BooleanField(_("answered by HQ"), default=False)
    is_active = models.BooleanField(_("open for new questions"), default=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("consultation category")
        verbose_name_plural = _("consultation categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "ja").startswith("en") else self.name


def _token() -> str:
    return secrets.token_urlsafe(24)


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Consultation(models.Model):
    Status = ConsultationStatus

    category = models.ForeignKey(
        ConsultationCategory,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("category"),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("municipality"),
    )
    # The answering bureau; empty means HQ answers.
    bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("bureau"),
    )
    # A municipality that answers besides the desk: a 協力隊 inquiry about one of its
    # positions, or one the desk handed over. Its staff see and answer the thread; the
    # asker's private link stays the same.
    answering_municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality answering"),
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("asked by"),
    )
    asker_name = models.CharField(_("full name"), max_length=100, blank=True)
    asker_email = models.EmailField(_("email address"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"), max_length=10000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_consultations",
        verbose_name=_("assigned officer"),
    )
    # What the question is about (an application, a project …), set by the pillar that links it.
    related_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    access_token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ConsultationStatus.values),
                name="consultation_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(asker__isnull=False) | ~models.Q(asker_email=""),
                name="consultation_has_someone_to_answer",
            ),
        ]
        indexes = [models.Index(fields=["bureau", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def asker_label(self) -> str:
        """Who asked, as the desk reads it: the municipality, else the person (a visitor or a
        prospective 協力隊 member asks without one)."""
        if self.municipality_id:
            return self.municipality.name
        name = self.asker_name or (self.asker.name if self.asker_id else "")
        return name or str(_("A visitor"))

    @property
    def reference(self) -> str:
        """The number people quote on the phone, e.g. C2026-00012."""
        from django.utils import timezone

        year = timezone.localtime(self.created_at).year if self.created_at else ""
        return f"C{year}-{self.pk or 0:05d}"


class ConsultationReply(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    from_desk = models.BooleanField(_("answer from the desk"), default=False)
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.consultation.reference} #{self.pk}"
