"""The rules of a survey's questions, as pure functions the builder, the services and the
tests share: what makes a question well defined, and which required answers are missing."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models.survey_questions import CHOICE_KINDS, TEXT_KINDS, ColumnKind, QuestionKind

MAX_CHOICES = 50
MAX_COLUMNS = 20
NUMBER_COLUMN_MARKS = ("number", "数値", "数")


def parse_choices(text: str) -> list[str]:
    """One choice per line, blank lines ignored, spaces trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def parse_columns(text: str) -> list[dict]:
    """One column per line: its name, then 「:数値」 for a number column (「事業費:数値」)."""
    columns = []
    for line in (text or "").splitlines():
        line = unicodedata.normalize("NFKC", line).strip()
        if not line:
            continue
        name, sep, mark = line.rpartition(":")
        if sep and mark.strip().lower() in NUMBER_COLUMN_MARKS:
            columns.append({"name": name.strip(), "kind": ColumnKind.NUMBER.value})
        else:
            columns.append({"name": line, "kind": ColumnKind.TEXT.value})
    return columns


def columns_text(columns) -> str:
    return "\n".join(
        f"{c['name']}:数値" if c.get("kind") == ColumnKind.NUMBER else c["name"]
        for c in columns or []
    )


def question_errors(question) -> dict[str, list]:
    """What is wrong with a question's definition, by field (empty: nothing)."""
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    kind = question.kind
    if kind in CHOICE_KINDS:
        choices = question.choices or []
        if len(choices) < 2:
            add("choices", _("Give at least two choices, one per line."))
        elif len(choices) > MAX_CHOICES:
            add("choices", _("Give at most %(n)s choices.") % {"n": MAX_CHOICES})
        if len(set(choices)) != len(choices):
            add("choices", _("Each choice must be different."))
        if any(len(c) > 200 for c in choices):
            add("choices", _("A choice may have at most 200 characters."))
    if kind == QuestionKind.TABLE:
        columns = question.columns or []
        names = [c.get("name", "") for c in columns]
        if not columns:
            add("columns", _("Give at least one column, one per line."))
        elif len(columns) > MAX_COLUMNS:
            add("columns", _("Give at most %(n)s columns.") % {"n": MAX_COLUMNS})
        if len(set(names)) != len(names):
            add("columns", _("Each column must have a different name."))
        if any(not n or len(n) > 100 for n in names):
            add("columns", _("A column name has 1 to 100 characters."))
        if any(c.get("kind") not in ColumnKind.values for c in columns):
            add("columns", _("A column is text or a number."))
    if (
        question.min_value is not None
        and question.max_value is not None
        and question.min_value > question.max_value
    ):
        add("max_value", _("The maximum must not be less than the minimum."))
    if kind != QuestionKind.NUMBER and (
        question.min_value is not None or question.max_value is not None or question.unit
    ):
        add("kind", _("A unit, a minimum and a maximum are for number questions only."))
    if kind not in TEXT_KINDS and question.max_length:
        add("max_length", _("A maximum length is for text questions only."))
    return errors


def survey_errors(survey, questions) -> list:
    """Why a survey cannot be published yet (empty: it can)."""
    problems = []
    if not questions:
        problems.append(_("Add at least one question before publishing."))
    for number, question in enumerate(questions, start=1):
        if question_errors(question):
            problems.append(
                _("Question %(number)s (%(text)s) is not complete: open it in the builder.")
                % {"number": number, "text": question.text}
            )
    return problems


def missing_answers(questions, answers: dict) -> list:
    """The required questions left unanswered."""
    missing = []
    for question in questions:
        if not question.required:
            continue
        value = (answers or {}).get(str(question.pk))
        if value is None or value == "" or value == []:
            missing.append(question)
    return missing


def validate_question(question) -> None:
    errors = question_errors(question)
    if errors:
        raise ValidationError(errors)
