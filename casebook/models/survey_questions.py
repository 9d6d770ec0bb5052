"""The questions of a survey (照会・調査), written in the admin's builder.

A question has a kind; choices (single and multiple choice) and columns (a repeating table)
are kept as JSON, validated by the builder's form (``forms.survey_questions``) and again by
the services before publication. The answer form is built from these rows
(``forms.survey_answers``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", pgettext_lazy("question kind", "Number")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    DATE = "date", _("Date")
    FILE = "file", _("File")
    TABLE = "table", _("Table (rows of named columns)")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class ColumnKind(models.TextChoices):
    TEXT = "text", pgettext_lazy("question kind", "Text")
    NUMBER = "number", pgettext_lazy("question kind", "Number")


# Limits of what a respondent may type when the author sets none.
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
TABLE_MAX_ROWS = 100


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(
        "casebook.Survey",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("survey"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("For a number: 人, 円, 件 …")
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(
        _("maximum length"),
        null=True,
        blank=True,
        help_text=_("For a text: the most characters an answer may have."),
    )
    # ["choice", …] for single and multiple choice.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # [{"name": "…", "kind": "text" | "number"}, …] for a table.
    columns = models.JSONField(_("columns"), default=list, blank=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values),
                name="casebook_survey_question_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="casebook_survey_question_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def text_limit(self) -> int:
        default = LONG_TEXT_MAX if self.kind == QuestionKind.LONG_TEXT else SHORT_TEXT_MAX
        return min(self.max_length, default) if self.max_length else default

    @property
    def column_names(self) -> list[str]:
        return [c.get("name", "") for c in self.columns or []]
