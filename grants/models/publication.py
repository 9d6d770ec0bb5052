"""Which fields of decided grants the public list (交付決定一覧) shows: one row HQ keeps in
the admin.

Always public, whatever is ticked: the 年度, the municipality and the amount decided
(交付決定額) — what the prefecture publishes of every grant it pays. HQ chooses the rest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SINGLETON_PK = 1


class DecisionPublication(models.Model):
    show_title = models.BooleanField(_("project title"), default=True)
    show_programme = models.BooleanField(_("programme"), default=True)
    show_bureau = models.BooleanField(_("bureau"), default=True)
    show_decided_on = models.BooleanField(_("date of the decision"), default=True)
    show_reference = models.BooleanField(_("reference number"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    # The optional fields, in the order of the columns.
    OPTIONAL = ("reference", "bureau", "programme", "title", "decided_on")

    class Meta:
        verbose_name = _("publication of grant decisions")
        verbose_name_plural = _("publication of grant decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=SINGLETON_PK), name="decision_publication_singleton"
            )
        ]

    def __str__(self) -> str:
        return str(_("Fields published in the list of grant decisions"))

    def shows(self, field: str) -> bool:
        return bool(getattr(self, f"show_{field}"))

    @property
    def public_fields(self) -> tuple[str, ...]:
        return tuple(field for field in self.OPTIONAL if self.shows(field))
