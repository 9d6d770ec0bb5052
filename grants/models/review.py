"""Review (reviewers, conflict declarations, scores) and official notices with numbers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerAssignment(models.Model):
    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="reviewer_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_reviews",
        verbose_name=_("reviewer"),
    )
    no_conflict_declared_at = models.DateTimeField(
        _("no conflict of interest declared at"), null=True, blank=True
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_each"),
        ]

    def __str__(self) -> str:
        return str(self.reviewer)


class Score(models.Model):
    assignment = models.ForeignKey(
        ReviewerAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey("grants.RubricCriterion", on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_each"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Notice(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Notice of grant decision")
        REJECTION = "rejection", _("Notice of non-grant")
        CHANGE_APPROVAL = "change_approval", _("Notice of change approval")
        CHANGE_REJECTION = "change_rejection", _("Notice of change non-approval")
        AMOUNT_FIXED = "amount_fixed", _("Notice of the fixed amount")

    application = models.ForeignKey(
        "grants.Application", on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"))
    document_number = models.CharField(_("document number"), max_length=60)
    issued_on = models.DateField(_("date of issue"))
    document = models.ForeignKey(
        "portal.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "number"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "number"], name="notice_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.get_kind_display()}"
