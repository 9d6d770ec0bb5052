"""Benchmark of a survey's sender pages (not a test: `make bench-surveys`), #19 point 6.

A survey of 30 questions, one of them a table answered with 20 rows, sent by HQ to all 179
municipalities and answered by every one, in the PostgreSQL database `portal_perf_surveys`
on 127.0.0.1 (created and migrated if missing; each run adds its own survey). Measured in
process with Django's test client, so the figures are the server's own time:
- the response matrix (admin), p50/p95 of BENCH_REPEAT requests: target p95 < 150 ms;
- the collation page, p50/p95 (no target; for comparison);
- the .xlsx collation download (a sheet of 179 × 35 cells, a sheet of 3,580 table rows),
  median and slowest of BENCH_EXPORTS requests: target < 3 s;
and beside them, as the physical limits (CONVENTIONS §14): PostgreSQL's own execution time
of the matrix's query (EXPLAIN ANALYZE), and openpyxl's write-only writer given the same
cells as plain values, without Django.

Smaller runs to check that it works: BENCH_MUNICIPALITIES=5 BENCH_REPEAT=3 BENCH_EXPORTS=1.
BENCH_DATABASE_URL changes the database. Run it on a quiet machine; the load average is
printed with the figures.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf_surveys"
)

import django

django.setup()

import logging

# One JSON line per request would drown the results.
logging.getLogger("portal.requests").setLevel(logging.WARNING)
logging.getLogger("celery").setLevel(logging.WARNING)

from django.db import connection
from django.test import Client
from django.urls import reverse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_grants import ensure_database

MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "179"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))
EXPORTS = int(os.environ.get("BENCH_EXPORTS", "5"))
QUESTIONS = 30
TABLE_ROWS = 20
MATRIX_TARGET_MS = 150
EXPORT_TARGET_S = 3.0

# The 29 plain questions cycle through these kinds; the 30th is the table.
KINDS = ["short_text", "number", "single_choice", "yes_no", "multiple_choice", "date", "long_text"]
CHOICES = ["とても重要", "重要", "どちらとも言えない", "重要でない"]
COLUMNS = [
    {"name": "事業名", "kind": "text"},
    {"name": "担当課", "kind": "text"},
    {"name": "事業費（千円）", "kind": "number"},
    {"name": "うち一般財源（千円）", "kind": "number"},
    {"name": "備考", "kind": "text"},
]


def build_survey(hq):
    """The survey, published by HQ to the first MUNICIPALITIES municipalities (all of them
    by default), through the services as in the admin."""
    import datetime as dt

    from django.utils import timezone

    from casebook.models import Survey, SurveyQuestion
    from casebook.services.surveys import survey_publish
    from portal.audiences import AudienceKind
    from portal.models import Municipality

    chosen = Municipality.objects.count() > MUNICIPALITIES
    survey = Survey.objects.create(
        title=f"ベンチマーク 地域課題調査（{MUNICIPALITIES}市町村）",
        purpose="ベンチマーク",
        deadline=timezone.localdate() + dt.timedelta(days=14),
        audience_kind=AudienceKind.CHOSEN if chosen else AudienceKind.ALL,
        created_by=hq,
    )
    if chosen:
        survey.audience_municipalities.set(Municipality.objects.order_by("code")[:MUNICIPALITIES])
    questions = []
    for order in range(1, QUESTIONS):
        kind = KINDS[(order - 1) % len(KINDS)]
        questions.append(
            SurveyQuestion(
                survey=survey,
                order=order,
                kind=kind,
                text=f"設問{order}",
                unit="人" if kind == "number" else "",
                choices=CHOICES if kind in ("single_choice", "multiple_choice") else [],
            )
        )
    questions.append(
        SurveyQuestion(
            survey=survey, order=QUESTIONS, kind="table", text="主な事業", columns=COLUMNS
        )
    )
    SurveyQuestion.objects.bulk_create(questions)
    survey_publish(survey=survey, actor=hq)
    return survey


def _answer(question, index: int):
    kind = question.kind
    if kind == "short_text":
        return f"回答{index}"
    if kind == "long_text":
        return "地域の担い手の確保が課題である。" * 5
    if kind == "number":
        return str(100 + index * 7)
    if kind == "single_choice":
        return CHOICES[index % len(CHOICES)]
    if kind == "multiple_choice":
        return CHOICES[: 1 + index % 3]
    if kind == "yes_no":
        return index % 2 == 0
    if kind == "date":
        return f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}"
    return [
        {
            "事業名": f"事業{row}",
            "担当課": "企画課",
            "事業費（千円）": str(1000 + row * 10 + index),
            "うち一般財源（千円）": str(200 + row),
            "備考": "",
        }
        for row in range(1, TABLE_ROWS + 1)
    ]


def answer_all(survey) -> int:
    """Every target submits (one in ten after the deadline): written in bulk, as the
    respondents' services would leave the rows."""
    from django.utils import timezone

    from casebook.models import ResponseStatus

    questions = list(survey.questions.order_by("order"))
    responses = list(survey.responses.order_by("pk"))
    now = timezone.now()
    for index, response in enumerate(responses):
        response.answers = {str(q.pk): _answer(q, index) for q in questions}
        response.status = ResponseStatus.SUBMITTED
        response.opened_at = response.submitted_at = now
        response.is_late = index % 10 == 0
    type(responses[0]).objects.bulk_update(
        responses, ["answers", "status", "opened_at", "submitted_at", "is_late"], batch_size=500
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casebook_surveyresponse")
    return len(responses)


def timed(client, url, repeat: int) -> list[float]:
    client.get(url)  # warm up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(timings)


def p95(timings: list[float]) -> float:
    return timings[max(0, int(len(timings) * 0.95) - 1)]


def matrix_sql_ms(survey) -> float:
    """PostgreSQL's own time for the matrix's query (EXPLAIN ANALYZE, median of 5)."""
    from casebook.selectors.surveys import response_matrix

    sql, params = response_matrix(survey).query.sql_with_params()
    timings = []
    with connection.cursor() as cursor:
        for _ in range(5):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            timings.append(plan["Execution Time"])
    return statistics.median(timings)


def bare_workbook_s(survey) -> float:
    """openpyxl's write-only writer alone, given the collation's cells as plain values."""
    from openpyxl import Workbook

    from casebook.exports import survey_collation as exports
    from casebook.selectors.survey_collation import collate

    collation = collate(survey)
    main = [exports.main_header(collation), *exports.main_rows(collation, for_csv=True)]
    table = collation.questions[-1]
    rows = [exports.table_header(table), *exports.table_rows(collation, table)]
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    for title, content in (("回答一覧", main), ("主な事業", rows)):
        sheet = workbook.create_sheet(title)
        for row in content:
            sheet.append(row)
    workbook.save(io.BytesIO())
    return time.perf_counter() - started


def main() -> None:
    from openpyxl import load_workbook

    from portal.models import Role, User

    load = os.getloadavg()
    ensure_database()
    hq, _ = User.objects.get_or_create(
        email="bench-surveys-hq@example.jp",
        defaults={"role": Role.HQ, "is_staff": True, "name": "本庁 職員"},
    )
    started = time.perf_counter()
    survey = build_survey(hq)
    answered = answer_all(survey)
    print(
        f"survey ready: {QUESTIONS} questions, {answered} respondents, "
        f"{answered * TABLE_ROWS} table rows ({time.perf_counter() - started:.1f} s)"
    )
    client = Client()
    client.force_login(hq)
    args = [survey.pk]
    matrix = timed(client, reverse("admin:casebook_survey_responses", args=args), REPEAT)
    collation = timed(client, reverse("admin:casebook_survey_collation", args=args), REPEAT)
    xlsx_url = reverse("admin:casebook_survey_collation_xlsx", args=args)
    exports = timed(client, xlsx_url, EXPORTS)
    book = load_workbook(io.BytesIO(client.get(xlsx_url).content))
    sheets = {name: book[name].max_row - 1 for name in book.sheetnames}
    assert list(sheets.values()) == [answered, answered * TABLE_ROWS], sheets

    def verdict(value, target) -> str:
        if answered != 179:
            return "(not 179)"
        return "met" if value < target else "NOT met"

    print(f"{'measure':44} {'p50':>9} {'p95/max':>9}  target")
    print(
        f"{'response matrix (admin), ms':44} {statistics.median(matrix):9.1f} "
        f"{p95(matrix):9.1f}  < {MATRIX_TARGET_MS} ms p95: "
        f"{verdict(p95(matrix), MATRIX_TARGET_MS)}"
    )
    print(
        f"{'collation page (admin), ms':44} {statistics.median(collation):9.1f} "
        f"{p95(collation):9.1f}"
    )
    print(
        f"{'.xlsx collation download, s':44} {statistics.median(exports) / 1000:9.2f} "
        f"{exports[-1] / 1000:9.2f}  < {EXPORT_TARGET_S} s: "
        f"{verdict(exports[-1] / 1000, EXPORT_TARGET_S)}"
    )
    print("beside them (the physical limits):")
    print(f"  matrix query in PostgreSQL (EXPLAIN ANALYZE)  {matrix_sql_ms(survey):8.1f} ms")
    print(f"  openpyxl write-only, same cells, no Django    {bare_workbook_s(survey):8.2f} s")
    print(f"  workbook: {sheets}")
    end = os.getloadavg()
    print(
        f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"at the end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}"
    )


if __name__ == "__main__":
    main()
