"""The answer sheet of a survey: the form of its plain questions and a formset per table
question, handled as one form (fields in ``survey_answers``)."""

from __future__ import annotations

from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext_lazy as _

from ..models.survey_questions import TABLE_MAX_ROWS, QuestionKind
from .survey_answers import ADD_ROW, AnswerForm, TableFormSet, to_answer, to_initial


class AnswerSheet:
    """The answer form and the table formsets of one survey, handled as one form.

    ``data`` is the POST (or a kept draft); without it, ``answers`` fill the fields. A
    posted ``add_row`` (a table question's id) adds one empty row to that table."""

    def __init__(
        self,
        questions,
        *,
        data=None,
        files=None,
        answers=None,
        strict=True,
        existing_files=None,
    ):
        self.questions = list(questions)
        answers = answers or {}
        if data is not None and hasattr(data, "copy"):
            data = data.copy()
        add_row = str(data.get(ADD_ROW, "")) if data is not None else ""
        initial = None
        if data is None:
            initial = {
                q.field_name: to_initial(q, answers.get(str(q.pk)))
                for q in self.questions
                if q.kind not in (QuestionKind.TABLE, QuestionKind.FILE)
            }
        self.form = AnswerForm(
            data,
            files,
            initial=initial,
            questions=self.questions,
            strict=strict,
            existing_files=existing_files,
        )
        self.tables = []
        for question in self.questions:
            if question.kind != QuestionKind.TABLE:
                continue
            if data is not None:
                key = f"{question.field_name}-TOTAL_FORMS"
                if add_row == str(question.pk) and key in data:
                    try:
                        total = min(int(data.get(key, 0)) + 1, TABLE_MAX_ROWS)
                    except (TypeError, ValueError):
                        total = 1
                    data[key] = str(total)
                if key not in data:
                    # A draft or a page of an older survey: no rows yet.
                    data[key] = "0"
                    data[f"{question.field_name}-INITIAL_FORMS"] = "0"
                formset = TableFormSet(data, question=question, strict=strict)
            else:
                rows = answers.get(str(question.pk)) or []
                names = question.column_names
                formset = TableFormSet(
                    initial=[
                        {f"c{i}": row.get(name, "") for i, name in enumerate(names)} for row in rows
                    ]
                    or [{}],
                    question=question,
                    strict=strict,
                )
                formset.extra = 0
            self.tables.append((question, formset))
        self.adding_row = bool(add_row)

    def is_valid(self) -> bool:
        checks = [self.form.is_valid(), *[formset.is_valid() for _q, formset in self.tables]]
        return all(checks)

    def quiet(self) -> None:
        """Show what was typed without errors (after adding a row, nothing was checked)."""
        self.form._errors = ErrorDict()
        for _question, formset in self.tables:
            formset._errors = [ErrorDict() for _f in formset.forms]
            formset._non_form_errors = ErrorList()
            for form in formset.forms:
                form._errors = ErrorDict()

    @property
    def has_errors(self) -> bool:
        if self.form.errors:
            return True
        return any(formset.total_error_count() for _q, formset in self.tables)

    def answers(self) -> dict:
        """The valid answers, keyed by question id (files: the uploads, attached by the
        service)."""
        result = {}
        for question in self.questions:
            if question.kind in (QuestionKind.TABLE, QuestionKind.FILE):
                continue
            result[str(question.pk)] = to_answer(
                question, self.form.cleaned_data.get(question.field_name)
            )
        for question, formset in self.tables:
            result[str(question.pk)] = formset.rows() or None
        return result

    def uploads(self) -> dict:
        """New files and files to remove, by question id."""
        return {
            question.pk: {
                "add": self.form.cleaned_data.get(question.field_name) or [],
                "remove": self.form.cleaned_data.get(f"{question.field_name}_remove") or [],
            }
            for question in self.questions
            if question.kind == QuestionKind.FILE
        }

    def table_errors(self) -> list[tuple]:
        """(question, message, anchor) for the error summary."""
        found = []
        for question, formset in self.tables:
            for message in formset.non_form_errors():
                found.append((question, message, f"table-{question.pk}"))
            for index, errors in enumerate(formset.errors):
                for name, messages in errors.items():
                    for message in messages:
                        label = (
                            formset.forms[index].fields[name].label
                            if name in formset.forms[index].fields
                            else ""
                        )
                        found.append(
                            (
                                question,
                                f"{_('Row %(n)s') % {'n': index + 1}} {label}: {message}",
                                f"id_{question.field_name}-{index}-{name}",
                            )
                        )
        return found

    def items(self) -> list[dict]:
        """The questions in order, each with its field, or its table's formset."""
        tables = {q.pk: f for q, f in self.tables}
        result = []
        for number, question in enumerate(self.questions, start=1):
            item = {"number": number, "question": question, "formset": tables.get(question.pk)}
            if item["formset"] is None:
                item["field"] = self.form[question.field_name]
                remove = f"{question.field_name}_remove"
                item["remove"] = self.form[remove] if remove in self.form.fields else None
            result.append(item)
        return result
