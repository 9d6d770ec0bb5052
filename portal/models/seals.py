"""The official seal (公印) of each bureau's notices: HQ decides, per bureau, whether its
notices print 「公印省略」 or carry the seal's image stamped over the issuer's name."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .documents import private_storage

# A seal is a small stamp: a few tens of kilobytes. The image travels inside each notice's
# HTML (a data: URL, so the document's hash changes with the seal), so keep it small.
SEAL_MAX_BYTES = 300 * 1024


def seal_path(instance, filename):
    return f"seals/{instance.bureau.code}/{filename}"


class SealMode(models.TextChoices):
    OMITTED = "omitted", _("Print 「公印省略」 (seal omitted)")
    IMAGE = "image", _("Stamp the seal image over the issuer's name")


class OfficialSeal(models.Model):
    """How a bureau's notices show the 公印. A bureau with no row prints 「公印省略」."""

    Mode = SealMode

    bureau = models.OneToOneField(
        "portal.Bureau", on_delete=models.CASCADE, related_name="seal", verbose_name=_("bureau")
    )
    mode = models.CharField(
        _("official seal"), max_length=10, choices=Mode.choices, default=Mode.OMITTED
    )
    # Private: an official seal's image must not be fetchable by anyone who guesses a URL.
    image = models.ImageField(
        _("seal image"),
        storage=private_storage,
        upload_to=seal_path,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
        help_text=_(
            "A PNG or JPEG of the seal, square, on a transparent or white background, "
            "at most 300 KB."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["bureau__order"]
        verbose_name = _("official seal")
        verbose_name_plural = _("official seals")
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=SealMode.values), name="official_seal_mode_valid"
            ),
            models.CheckConstraint(
                condition=~Q(mode=SealMode.IMAGE) | ~Q(image=""),
                name="official_seal_image_when_stamped",
            ),
        ]

    def __str__(self) -> str:
        return str(self.bureau)
