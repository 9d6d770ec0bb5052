"""Photos of case studies and journal covers.

The upload is checked by content (portal.filechecks), its EXIF data (with any GPS position)
is removed before it is stored, and a task makes resized renditions that pages serve with
``srcset``. Alt text is required unless the photo is marked decorative.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models.documents import private_storage

# Widths of the renditions; an image is never enlarged, so small ones get fewer.
RENDITION_WIDTHS = (320, 640, 960, 1280)


def original_path(instance, filename):
    return f"casebook/originals/{instance.id.hex[:2]}/{instance.id.hex}"


class Photo(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_study = models.ForeignKey(
        "casebook.CaseStudy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("case study"),
    )
    issue = models.ForeignKey(
        "casebook.JournalIssue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("journal issue"),
    )
    original = models.FileField(
        _("image"), storage=private_storage, upload_to=original_path, editable=False
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt = models.CharField(
        _("alternative text"),
        max_length=200,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it. Required unless "
            "the photo is decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Adds nothing the text does not say; screen readers skip it."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    credit = models.CharField(_("credit"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # width (as a string) -> storage name of the rendition; filled by the rendition task.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt=""),
                name="casebook_photo_alt_or_decorative",
            ),
            models.CheckConstraint(
                condition=Q(case_study__isnull=True) | Q(issue__isnull=True),
                name="casebook_photo_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.alt or self.caption or str(self.id)

    @property
    def ready(self) -> bool:
        return bool(self.renditions)

    @property
    def widths(self) -> list[int]:
        return sorted(int(w) for w in self.renditions)

    def url(self, width: int) -> str:
        return reverse("casebook:photo", args=[self.id, width])

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self.url(w)} {w}w" for w in self.widths)

    def default_width(self, wanted: int = 640) -> int | None:
        widths = self.widths
        if not widths:
            return None
        fitting = [w for w in widths if w <= wanted]
        return fitting[-1] if fitting else widths[0]

    @property
    def src(self) -> str:
        width = self.default_width()
        return self.url(width) if width else ""

    def media_path(self, wanted: int = 960) -> str:
        """The rendition's path under MEDIA_URL, for the PDF (WeasyPrint reads it from disk)."""
        width = self.default_width(wanted)
        if width is None:
            return ""
        return f"{settings.MEDIA_URL}{self.renditions[str(width)]}"
