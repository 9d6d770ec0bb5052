"""The April rotation (人事異動): a roster change applied as one batch on its effective date.

A batch is prepared by an organisation's administrator (a municipality's, for its own staff)
or by HQ (for bureau and HQ staff). Each row is a move: a person, by email address, to an
organisation, a unit and a position, or leaving (退職・転出). Rows keep what was typed, so a
wrong row is corrected on the page instead of uploading the file again, and what it resolved
to; the row's problems are stored as codes (``portal.services.rotation_rows``) and shown in
the reader's language.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .units import Position


class RosterBatchStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("rotation", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("rotation", "Scheduled")
    APPLIED = "applied", pgettext_lazy("rotation", "Applied")


class RosterBatch(models.Model):
    Status = RosterBatchStatus

    # The organisation whose staff the batch moves: a municipality, or none for HQ's batches
    # (bureau and HQ staff).
    municipality = models.ForeignKey(
        "portal.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roster_batches",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    effective_date = models.DateField(_("effective date"))
    status = models.CharField(
        _("status"), max_length=10, choices=RosterBatchStatus.choices, default="draft"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    source_name = models.CharField(_("uploaded file"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-effective_date", "-pk"]
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RosterBatchStatus.values),
                name="roster_batch_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.effective_date)


class MoveKind(models.TextChoices):
    MOVE = "move", pgettext_lazy("rotation", "Move")
    RETIRE = "retire", pgettext_lazy("rotation", "Retirement")
    TRANSFER_OUT = "transfer_out", pgettext_lazy("rotation", "Transfer out")


LEAVING = frozenset({MoveKind.RETIRE, MoveKind.TRANSFER_OUT})


class RosterMove(models.Model):
    Kind = MoveKind

    batch = models.ForeignKey(RosterBatch, on_delete=models.CASCADE, related_name="moves")
    row_number = models.PositiveIntegerField(_("row"), default=0)
    # What was typed or read from the file, kept as it was.
    email = models.CharField(_("email address"), max_length=254, blank=True)
    kind_text = models.CharField(_("kind of move"), max_length=20, blank=True)
    organisation_text = models.CharField(_("new organisation"), max_length=40, blank=True)
    unit_text = models.CharField(_("new unit"), max_length=130, blank=True)
    position_text = models.CharField(_("new position"), max_length=20, blank=True)
    # [{"field": ..., "code": ..., "params": {...}}]; empty when the row is right.
    problems = models.JSONField(default=list, blank=True)
    # What the row resolved to (set when it is right).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roster_moves",
        verbose_name=_("person"),
    )
    kind = models.CharField(
        _("kind of move"), max_length=20, choices=MoveKind.choices, default="move"
    )
    to_role = models.CharField(_("new role"), max_length=20, blank=True)
    to_municipality = models.ForeignKey(
        "portal.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        "portal.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_position = models.PositiveSmallIntegerField(
        _("new position"), choices=Position.choices, null=True, blank=True
    )
    # Where the person was, recorded when the move is applied (the old unit's 引継ぎ list).
    from_role = models.CharField(max_length=20, blank=True)
    from_municipality = models.ForeignKey(
        "portal.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_bureau = models.ForeignKey(
        "portal.Bureau", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_unit = models.ForeignKey(
        "portal.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handed_over_moves",
    )
    from_position = models.PositiveSmallIntegerField(null=True, blank=True)
    # The open items the person left behind: [{"kind", "title", "url", "status", "released"}].
    handover = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number", "pk"]
        verbose_name = _("move")
        verbose_name_plural = _("moves")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MoveKind.values), name="roster_move_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_leaving(self) -> bool:
        return self.kind in LEAVING
