"""HQ editors of the journal and the case-study library: a designation within casebook
(the kernel's roles know no editor). Only HQ staff can be designated; they review and
publish what bureau officers draft."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Editor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="casebook_editor",
        verbose_name=_("user"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("appointed at"), auto_now_add=True)

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("casebook editor")
        verbose_name_plural = _("casebook editors")

    def __str__(self) -> str:
        return str(self.user)
