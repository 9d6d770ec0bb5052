"""A survey's collation (照会・調査) as a workbook and as CSV, for the sender to work on in Excel.

The workbook: a sheet 「回答一覧」 with one row per respondent and one column per question (a
table question gives its number of rows there), then one sheet per table question with the
rows of every respondent, the respondent's name, code and bureau first. Headers in Japanese,
numbers as numbers, dates as Excel dates (shown in 和暦). Written by the kernel
(portal.excel.workbooks, write-only; portal.exports for CSV: UTF-8 with a BOM, formulas made
text), downloaded under the survey's title.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from portal.excel.workbooks import Sheet, xlsx_response
from portal.exports import csv_response

from ..models.survey_questions import QuestionKind
from ..selectors.survey_collation import Collation, Respondent

MAIN_SHEET = "回答一覧"
RESPONDENT_HEADERS = ("回答者", "コード", "振興局", "提出日時", "期限後提出")
TABLE_HEADERS = ("回答者", "コード", "振興局", "期限後提出", "行")
LATE = "期限後"
YES, NO = "はい", "いいえ"
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def question_header(number: int, question) -> str:
    text = f"問{number} {question.text}"
    if question.kind == QuestionKind.NUMBER and question.unit:
        return f"{text}（{question.unit}）"
    if question.kind == QuestionKind.TABLE:
        return f"{text}（行数）"
    if question.kind == QuestionKind.FILE:
        return f"{text}（ファイル数）"
    return text


def _cell(value, *, for_csv: bool):
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, list):
        if value and isinstance(value[0], list):  # a table: its number of rows
            return len(value)
        return "、".join(value)
    if for_csv and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _submitted(respondent: Respondent, *, for_csv: bool):
    when = respondent.submitted_at
    if when is None:
        return ""
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if for_csv else when


def main_header(collation: Collation) -> list[str]:
    return [
        *RESPONDENT_HEADERS,
        *(question_header(n, q) for n, q in enumerate(collation.questions, start=1)),
    ]


def main_rows(collation: Collation, *, for_csv: bool = False):
    for row in collation.rows:
        who = row.respondent
        yield [
            who.name,
            who.code,
            who.bureau,
            _submitted(who, for_csv=for_csv),
            LATE if who.is_late else "",
            *(_cell(value, for_csv=for_csv) for value in row.cells),
        ]


def table_header(question) -> list[str]:
    return [*TABLE_HEADERS, *question.column_names]


def table_rows(collation: Collation, question):
    for who, number, cells in collation.table_rows(question):
        yield [
            who.name,
            who.code,
            who.bureau,
            LATE if who.is_late else "",
            number,
            *("" if c is None else c for c in cells),
        ]


def sheet_title(number: int, question, taken: set[str]) -> str:
    """「問5 事業一覧」: Excel's rules for a sheet name (31 characters, no []:*?/\\), unique."""
    base = _SHEET_UNSAFE.sub("_", f"問{number} {question.text}")[:31].strip()
    title, extra = base, 2
    while title in taken:
        suffix = f"_{extra}"
        title, extra = base[: 31 - len(suffix)] + suffix, extra + 1
    taken.add(title)
    return title


def download_name(collation: Collation, suffix: str, extension: str) -> str:
    stamp = timezone.localdate().strftime("%Y%m%d")
    return f"{collation.survey.title}_{suffix}_{stamp}.{extension}"


def collation_xlsx_response(collation: Collation):
    taken = {MAIN_SHEET}
    sheets = [Sheet(MAIN_SHEET, main_header(collation), main_rows(collation), dates_as_dates=True)]
    for number, question in enumerate(collation.questions, start=1):
        if question.kind == QuestionKind.TABLE:
            sheets.append(
                Sheet(
                    sheet_title(number, question, taken),
                    table_header(question),
                    table_rows(collation, question),
                )
            )
    return xlsx_response(
        f"survey-{collation.survey.pk}-collation.xlsx",
        sheets,
        download_name=download_name(collation, "集計", "xlsx"),
        write_only=True,
    )


def collation_csv_response(collation: Collation):
    return csv_response(
        f"survey-{collation.survey.pk}-collation.csv",
        main_header(collation),
        main_rows(collation, for_csv=True),
        download_name=download_name(collation, "集計", "csv"),
    )


def table_csv_response(collation: Collation, question):
    number = collation.number_of(question)
    return csv_response(
        f"survey-{collation.survey.pk}-q{number}.csv",
        table_header(question),
        table_rows(collation, question),
        download_name=download_name(collation, f"問{number}", "csv"),
    )
