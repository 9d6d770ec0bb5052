"""Reference data: collaboration regions, bureaus and municipalities (loaded by migration)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


class Region(models.Model):
    """A 連携地域: groups bureaus for wide-area policy (seed chapter V)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("collaboration region")
        verbose_name_plural = _("collaboration regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if _english() else self.name


class Bureau(models.Model):
    """A 総合振興局 or 振興局: reviews, approves and supports the municipalities of its area."""

    class Kind(models.TextChoices):
        GENERAL = "総合振興局", _("general subprefectural bureau")
        SUBPREFECTURAL = "振興局", _("subprefectural bureau")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="bureaus", verbose_name=_("region")
    )
    seat = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("seat"),
        null=True,
    )
    chief_title = models.CharField(
        _("chief's title"),
        max_length=60,
        blank=True,
        help_text=_("Shown as the issuer of official notices, e.g. 石狩振興局長."),
    )
    chief_name = models.CharField(_("chief's name"), max_length=60, blank=True)
    notice_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        blank=True,
        help_text=_("Prefix of official document numbers, e.g. 石振地 gives 石振地第123号."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if _english() else self.name

    @property
    def short_name(self) -> str:
        """石狩 for 石狩振興局, オホーツク for オホーツク総合振興局."""
        return self.name.removesuffix("総合振興局").removesuffix("振興局")

    @property
    def issuer_title(self) -> str:
        """The issuer as official notices name it: 「北海道石狩振興局長」,
        「北海道空知総合振興局長」. The chief's title is kept without the prefecture (as the
        admin shows it); the notice names the prefecture, as the prefecture's notices do."""
        title = self.chief_title or f"{self.name}長"
        return title if title.startswith("北海道") else f"北海道{title}"


class Municipality(models.Model):
    """One of the 179 市町村, keyed by its 全国地方公共団体コード (6 digits with check digit)."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        TOWN = "town", _("town")
        VILLAGE = "village", _("village")

    code = models.CharField(_("local government code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=20)
    kana = models.CharField(_("reading"), max_length=40)
    romaji = models.CharField(_("romanised name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("bureau"),
    )
    mayor_title = models.CharField(
        _("head's title"),
        max_length=40,
        blank=True,
        help_text=_("Addressee of official notices, e.g. 札幌市長."),
    )
    mayor_name = models.CharField(_("head's name"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^01[0-9]{4}$"),
                name="municipality_code_is_hokkaido",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if _english():
            suffix = {"city": "City", "town": "Town", "village": "Village"}[self.kind]
            return f"{self.romaji} {suffix}"
        return self.name

    @property
    def addressee_title(self) -> str:
        suffix = {"city": "市長", "town": "町長", "village": "村長"}[self.kind]
        return self.mayor_title or f"{self.name[:-1]}{suffix}"


def check_digit(code5: str) -> str:
    """The 全国地方公共団体コード check digit for a 5-digit JIS X 0402 code."""
    weights = (6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(code5, weights, strict=True))
    return str((11 - total % 11) % 10)
