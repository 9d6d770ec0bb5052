"""The sender's collation of a survey (照会・調査): every submitted answer in one table, the
rows of each table question from every respondent, a summary of each question, and the
roll-up of the targets by bureau.

Answers are read typed (``SurveyResponse.answers`` keeps numbers as decimal strings and dates
as ISO text): numbers as ``Decimal``, dates as ``date``, yes/no as ``bool``, multiple choice
as a list, a file question as its number of files, a table as rows of typed cells. Two
queries whatever the number of respondents (the questions, the submitted responses with
their respondent and bureau); the roll-up is one grouped query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..models import ResponseStatus, Survey, SurveyQuestion
from ..models.survey_questions import ColumnKind, QuestionKind

CHOICE_COUNTED = frozenset(
    {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO}
)


@dataclass(frozen=True)
class Respondent:
    response_id: int
    name: str
    code: str  # 全国地方公共団体コード, or a cooperative's 法人番号
    bureau: str
    submitted_at: dt.datetime | None
    is_late: bool


@dataclass
class CollatedRow:
    respondent: Respondent
    # One typed answer per question, in the survey's order (None: not answered).
    cells: list


@dataclass
class NumberStats:
    count: int
    total: Decimal
    minimum: Decimal
    maximum: Decimal

    @property
    def mean(self) -> Decimal:
        return self.total / self.count


@dataclass
class ColumnSummary:
    name: str
    kind: str
    filled: int
    stats: NumberStats | None = None


@dataclass
class Summary:
    question: SurveyQuestion
    number: int  # 問1, 問2 … in the survey's order
    answered: int
    unanswered: int
    # (label, respondents) for choices and yes/no, in the question's order.
    counts: list[tuple[str, int]] = field(default_factory=list)
    stats: NumberStats | None = None  # a number question
    earliest: dt.date | None = None  # a date question
    latest: dt.date | None = None
    files: int = 0  # a file question: files in all
    rows: int = 0  # a table question: rows from every respondent
    columns: list[ColumnSummary] = field(default_factory=list)


@dataclass
class Collation:
    survey: Survey
    questions: list[SurveyQuestion]
    rows: list[CollatedRow]
    summaries: list[Summary]

    def number_of(self, question: SurveyQuestion) -> int:
        return self.questions.index(question) + 1

    def table_rows(self, question: SurveyQuestion) -> list[tuple[Respondent, int, list]]:
        """Every row of a table question: (respondent, row number from 1, cells)."""
        index = self.questions.index(question)
        return [
            (row.respondent, number, cells)
            for row in self.rows
            for number, cells in enumerate(row.cells[index] or [], start=1)
        ]


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def typed_answer(question: SurveyQuestion, value):
    """The stored answer as a value to count, sum or write in a spreadsheet."""
    if value is None or value == "" or value == []:
        return None
    kind = question.kind
    if kind == QuestionKind.NUMBER:
        return _decimal(value)
    if kind == QuestionKind.DATE:
        return _date(value)
    if kind == QuestionKind.YES_NO:
        return bool(value)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return [str(choice) for choice in value] if isinstance(value, list) else [str(value)]
    if kind == QuestionKind.FILE:
        return len(value) if isinstance(value, list) else None
    if kind == QuestionKind.TABLE:
        columns = question.columns or []
        return [
            [
                _decimal(row.get(c.get("name", "")))
                if c.get("kind") == ColumnKind.NUMBER
                else (row.get(c.get("name", "")) or "")
                for c in columns
            ]
            for row in value
            if isinstance(row, dict)
        ] or None
    return str(value)


def _respondent(response) -> Respondent:
    if response.municipality_id:
        name, code = response.municipality.name, response.municipality.code
    else:
        name, code = response.cooperative.name, response.cooperative.corporate_number or ""
    return Respondent(
        response_id=response.pk,
        name=name,
        code=code,
        bureau=response.bureau.name if response.bureau_id else "",
        submitted_at=response.submitted_at,
        is_late=response.is_late,
    )


def submitted_responses(survey: Survey, *, bureau_id: int | None = None, responses=None):
    """The submitted answers (of ``responses``, the targets the reader sees, if given), in
    bureau and code order, with what names the respondent."""
    targets = survey.responses.all() if responses is None else responses
    responses = (
        targets.filter(status=ResponseStatus.SUBMITTED)
        .select_related("municipality", "cooperative", "bureau")
        .only(
            "pk",
            "survey_id",  # the related manager sets ``survey`` on each row from it
            "answers",
            "submitted_at",
            "is_late",
            "municipality_id",
            "municipality__name",
            "municipality__code",
            "cooperative_id",
            "cooperative__name",
            "cooperative__corporate_number",
            "bureau_id",
            "bureau__name",
        )
        .order_by("bureau__order", "municipality__code", "cooperative__name_kana", "pk")
    )
    if bureau_id:
        responses = responses.filter(bureau_id=bureau_id)
    return responses


def collate(survey: Survey, *, bureau_id: int | None = None, responses=None) -> Collation:
    """Every submitted answer of ``survey`` (one bureau's targets with ``bureau_id``; only
    ``responses``, from ``surveys.responses_in_view``, if given) and the summaries of its
    questions. Two queries."""
    questions = list(survey.questions.order_by("order", "pk"))
    rows = []
    for response in submitted_responses(survey, bureau_id=bureau_id, responses=responses):
        answers = response.answers or {}
        rows.append(
            CollatedRow(
                respondent=_respondent(response),
                cells=[typed_answer(q, answers.get(str(q.pk))) for q in questions],
            )
        )
    summaries = [
        summarise(question, [row.cells[index] for row in rows], number=index + 1)
        for index, question in enumerate(questions)
    ]
    return Collation(survey=survey, questions=questions, rows=rows, summaries=summaries)


def _stats(values) -> NumberStats | None:
    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    return NumberStats(
        count=len(numbers),
        total=sum(numbers, Decimal(0)),
        minimum=min(numbers),
        maximum=max(numbers),
    )


def summarise(question: SurveyQuestion, values: list, *, number: int) -> Summary:
    """The summary of one question over the typed answers of every respondent."""
    answered = [v for v in values if v is not None]
    summary = Summary(
        question=question,
        number=number,
        answered=len(answered),
        unanswered=len(values) - len(answered),
    )
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        summary.counts = [
            (_("Yes"), sum(1 for v in answered if v)),
            (_("No"), sum(1 for v in answered if not v)),
        ]
    elif kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        chosen = [v if isinstance(v, list) else [v] for v in answered]
        choices = [str(c) for c in question.choices or []]
        counts = dict.fromkeys(choices, 0)
        for picked in chosen:
            for choice in set(picked):
                counts[choice] = counts.get(choice, 0) + 1
        summary.counts = list(counts.items())
    elif kind == QuestionKind.NUMBER:
        summary.stats = _stats(answered)
    elif kind == QuestionKind.DATE and answered:
        summary.earliest, summary.latest = min(answered), max(answered)
    elif kind == QuestionKind.FILE:
        summary.files = sum(answered)
    elif kind == QuestionKind.TABLE:
        table_rows = [cells for rows in answered for cells in rows]
        summary.rows = len(table_rows)
        for index, column in enumerate(question.columns or []):
            cells = [cells[index] for cells in table_rows]
            is_number = column.get("kind") == ColumnKind.NUMBER
            summary.columns.append(
                ColumnSummary(
                    name=column.get("name", ""),
                    kind=column.get("kind", ColumnKind.TEXT),
                    filled=sum(1 for c in cells if c not in (None, "")),
                    stats=_stats(cells) if is_number else None,
                )
            )
    return summary


# --- The roll-up by bureau (HQ) -----------------------------------------------------------------


@dataclass
class BureauRollup:
    bureau_id: int | None
    name: str
    targets: int
    unopened: int
    draft: int
    submitted: int
    late: int
    returned: int

    @property
    def opened(self) -> int:
        return self.targets - self.unopened

    @property
    def rate(self) -> Decimal | None:
        """The share of targets that submitted, in per cent with one decimal."""
        if not self.targets:
            return None
        return (Decimal(self.submitted * 100) / self.targets).quantize(Decimal("0.1"))


def rollup_by_bureau(survey: Survey) -> tuple[list[BureauRollup], BureauRollup]:
    """Each bureau's targets by state, in the bureaus' order (targets without a bureau
    last), and the total. One query."""
    counted = {
        "targets": Count("pk"),
        "late": Count("pk", filter=Q(status=ResponseStatus.SUBMITTED, is_late=True)),
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in ResponseStatus},
    }
    grouped = (
        survey.responses.order_by()
        .values("bureau_id", "bureau__name", "bureau__order")
        .annotate(**counted)
        .order_by("bureau__order")
    )
    rows = [
        BureauRollup(
            bureau_id=row["bureau_id"],
            name=row["bureau__name"] or "",
            targets=row["targets"],
            unopened=row[ResponseStatus.UNOPENED],
            draft=row[ResponseStatus.DRAFT],
            submitted=row[ResponseStatus.SUBMITTED],
            late=row["late"],
            returned=row[ResponseStatus.RETURNED],
        )
        for row in grouped
    ]
    rows.sort(key=lambda row: row.bureau_id is None)
    total = BureauRollup(
        bureau_id=None,
        name="",
        **{
            name: sum(getattr(row, name) for row in rows)
            for name in ("targets", "unopened", "draft", "submitted", "late", "returned")
        },
    )
    return rows, total
