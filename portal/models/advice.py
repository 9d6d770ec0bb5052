"""Structured advice (#21 point 2): a bureau officer advises on one section of a document
the municipality keeps — the document itself or one of its parts — with a kind (指摘,
提案, 確認) and a text; the municipality answers each piece of advice.

The document (``owner``) and the section are generic references (content type and id),
not a foreign key per model: a 総合戦略 and its goals, measures and KPIs use it today, and
a plan with its measures and KPIs (#22) registers as another owner without a migration
here (``portal.registry.register_advice_owner``). ``section_label`` keeps the section's
name as it was when the advice was written, so the advice still reads when the section
is renamed or removed.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdviceKind(models.TextChoices):
    POINT = "point", _("Point to address")  # 指摘
    SUGGESTION = "suggestion", _("Suggestion")  # 提案
    QUESTION = "question", _("Question to confirm")  # 確認


class Advice(models.Model):
    owner_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("document type")
    )
    owner_id = models.PositiveBigIntegerField(_("document"))
    section_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("section type")
    )
    section_id = models.PositiveBigIntegerField(_("section"))
    section_label = models.CharField(_("section"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=AdviceKind.choices)
    body = models.TextField(_("advice"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("advised by"),
    )
    author_bureau = models.ForeignKey(
        "portal.Bureau",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bureau"),
    )
    created_at = models.DateTimeField(_("advised at"), auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AdviceKind.values), name="portal_advice_kind_valid"
            )
        ]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="portal_advice_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:40]}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answered_at)
