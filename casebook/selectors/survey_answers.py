"""A response's answers as rows to read: the check-answers page, the answer's page, the
admin. One query for the questions and one for the files, whatever their number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from portal.japanese import wareki_date
from portal.models import AuditEvent
from portal.services.attachments import attachments_of

from ..forms.survey_answers import question_label
from ..models import SurveyResponse
from ..models.survey_questions import QuestionKind


def response_events(response: SurveyResponse):
    return AuditEvent.objects.for_object(response).select_related("actor")


def files_by_question(response: SurveyResponse) -> dict[int, list]:
    """The files attached to the response, by question id (label ``q<id>``)."""
    found: dict[int, list] = {}
    for attachment in attachments_of(response).order_by("created_at"):
        label = attachment.label or ""
        if label.startswith("q") and label[1:].isdigit():
            found.setdefault(int(label[1:]), []).append(attachment)
    return found


def number_text(value) -> str:
    """A kept number as people read it: 1,200 / 3.5 (the answers keep "1200")."""
    try:
        return f"{Decimal(str(value)):,}"
    except (InvalidOperation, ValueError):
        return str(value)


def _text(question, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return "、".join(value)
    if kind == QuestionKind.NUMBER:
        number = number_text(value)
        return f"{number} {question.unit}" if question.unit else number
    if kind == QuestionKind.DATE:
        try:
            return wareki_date(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def answer_rows(response: SurveyResponse, questions=None, files=None) -> list[dict]:
    """Each question with its answer: ``text`` (plain), ``table`` (columns and rows) or
    ``files``; ``html`` for the admin's read-only field."""
    if questions is None:
        questions = list(response.survey.questions.order_by("order", "pk"))
    if files is None:
        files = files_by_question(response)
    answers = response.answers or {}
    rows = []
    for question in questions:
        value = answers.get(str(question.pk))
        row = {
            "question": question,
            "label": question_label(question),
            "text": "",
            "table": None,
            "files": [],
            "answered": value not in (None, "", []),
        }
        if question.kind == QuestionKind.TABLE:
            names = question.column_names
            numeric = [c.get("kind") == "number" for c in question.columns]
            row["table"] = {
                "columns": names,
                "rows": [
                    [
                        number_text(r[name]) if is_number and r.get(name) else r.get(name, "")
                        for name, is_number in zip(names, numeric, strict=True)
                    ]
                    for r in value or []
                ],
            }
            row["html"] = (
                format_html(
                    "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                    format_html_join("", "<th scope='col'>{}</th>", ((n,) for n in names)),
                    format_html_join(
                        "",
                        "<tr>{}</tr>",
                        (
                            (format_html_join("", "<td>{}</td>", ((c,) for c in cells)),)
                            for cells in row["table"]["rows"]
                        ),
                    ),
                )
                if row["table"]["rows"]
                else "—"
            )
        elif question.kind == QuestionKind.FILE:
            wanted = {str(pk) for pk in value or []}
            row["files"] = [f for f in files.get(question.pk, []) if str(f.pk) in wanted]
            row["html"] = (
                format_html_join("、", "{}", ((f.original_name,) for f in row["files"])) or "—"
            )
        else:
            row["text"] = _text(question, value)
            row["html"] = row["text"] or "—"
        rows.append(row)
    return rows
