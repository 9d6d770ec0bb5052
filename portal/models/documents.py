"""Generated PDF documents (notices, profile sheets, reports)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    return storages["private"]


def document_path(instance, filename):
    return f"documents/{instance.kind}/{instance.content_hash[:2]}/{filename}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("being generated")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class Document(models.Model):
    Status = DocumentStatus

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    # The HTML is rendered when the document is requested, so the task only typesets it and
    # the same inputs (same hash) reuse the finished file.
    html = models.TextField()
    content_hash = models.CharField(max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "content_hash"],
                name="document_unique_per_inputs",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DocumentStatus.values),
                name="document_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return f"{self.title}.pdf"
