"""Sharing challenges among neighbours (#22 point 3): a municipality that reads a
neighbour's shared challenge says 「同じ課題がある」, optionally naming one of its own
challenges. These marks join challenges into the clusters the bureau reads.

Not a ``ChallengeLink``: a link is what the bureau found to *answer* a challenge (a call, a
case study …), made by officers and resolved through other pillars; a mark is a
municipality's statement about itself, one per municipality and challenge, that it may take
back."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ChallengeEcho(models.Model):
    challenge = models.ForeignKey(
        "casebook.Challenge",
        on_delete=models.CASCADE,
        related_name="echoes",
        verbose_name=_("challenge"),
    )
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # The neighbour's own challenge that is the same one (optional): the edge of a cluster.
    own_challenge = models.ForeignKey(
        "casebook.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="echoed_as",
        verbose_name=_("our challenge"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("same challenge mark")
        verbose_name_plural = _("same challenge marks")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "municipality"], name="casebook_echo_one_per_municipality"
            ),
            models.CheckConstraint(
                condition=~Q(own_challenge=F("challenge")), name="casebook_echo_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} → {self.challenge_id}"
