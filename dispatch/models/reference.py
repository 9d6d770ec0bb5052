"""Curated reference values of the human-support pillar (seeded by a data migration and
kept up to date by HQ in the admin)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    """One entry of the skills taxonomy used to describe people and what a request needs."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=80)
    description = models.CharField(_("description"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("Retired skills stay on existing records but are no longer offered."),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name
