"""Uploaded files, stored privately and served only through a scope-checking view.

A file that passed the upload checks on a form that then came back with errors is kept as
a *draft*: no owner object yet, only its uploader (or, for someone not signed in, their
session) and an expiry. The form carries the drafts' ids, signed; when it is finally sent
the service that creates the object adopts them (``services.attachments``)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import private_storage


def attachment_path(instance, filename):
    # The stored name is ours (a UUID); the user's name is kept only as data.
    return f"attachments/{instance.id.hex[:2]}/{instance.id.hex}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # Empty while the file is a draft (kept from a form that came back with errors).
    owner_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    owner_id = models.CharField(max_length=64, blank=True, default="")
    owner = GenericForeignKey("owner_type", "owner_id")
    label = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # A draft belongs to its uploader, or to the session of someone not signed in.
    draft_session_key = models.CharField(max_length=40, blank=True, default="")
    draft_expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["owner_type", "owner_id"]),
            models.Index(fields=["draft_expires_at"], name="portal_attachment_draft_idx"),
        ]
        constraints = [
            # Every file has an owner object, or is a draft that expires.
            models.CheckConstraint(
                condition=models.Q(owner_type__isnull=False, draft_expires_at__isnull=True)
                | models.Q(owner_type__isnull=True, draft_expires_at__isnull=False),
                name="attachment_owned_or_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_draft(self) -> bool:
        return self.draft_expires_at is not None
