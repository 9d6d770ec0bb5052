"""Gap-free numbers (reference numbers, 文書番号): one row per sequence and scope."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number handed out in one sequence.

    ``key`` names the sequence ("grants.application", "dispatch.request",
    "casebook.certificate"…); ``scope`` is what restarts it, e.g. "<bureau id>:<fiscal year>"
    or "<fiscal year>". The row is locked and incremented in the transaction that uses the
    number (``portal.services.numbering.next_number``), so a rolled-back decision rolls its
    number back too.
    """

    key = models.CharField(max_length=60)
    scope = models.CharField(max_length=100, blank=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["key", "scope"], name="one_number_sequence_per_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.scope}: {self.last_number}"
