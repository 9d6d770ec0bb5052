"""Issues of numbered documents: the database's guard that one act is issued once."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentIssue(models.Model):
    """One issue of a numbered document of one ``kind`` about one object.

    Edition 1 is the issue; 2, 3… are re-issues, each with its reason. The unique
    (object, kind, edition) is what stops a second click or a concurrent request from
    drawing a second number for the same act: the row is inserted in the transaction that
    draws the number, before the number is drawn. ``fingerprint`` is the hash of what the
    document states, so a re-issue is offered only when that has changed.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=60)
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    reason = models.TextField(_("reason for re-issue"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["content_type", "object_id", "kind", "edition"]
        verbose_name = _("document issue")
        verbose_name_plural = _("document issues")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "edition"],
                name="document_issued_once_per_edition",
            ),
            models.CheckConstraint(
                condition=models.Q(edition__gte=1), name="document_issue_edition_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} #{self.edition} {self.document_number}"
