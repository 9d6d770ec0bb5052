"""The workbook kernel's options for large downloads: the write-only writer gives the same
cells as the ordinary one, dates can stay dates, and a download can carry a Japanese name."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

from openpyxl import load_workbook

from portal.excel.workbooks import WAREKI_DATE_FORMAT, Sheet, workbook_bytes, xlsx_response
from portal.exports import attachment_header, csv_response

ROWS = [
    ["札幌市", 1_234_567, Decimal("12.5"), dt.date(2026, 4, 1), "=1+1"],
    ["函館市", 0, None, None, "@SUM(A1)"],
]
HEADERS = ["市町村", "金額", "割合", "策定日", "備考"]


def _cells(data: bytes, sheet: str = "一覧"):
    book = load_workbook(io.BytesIO(data))
    return book[sheet]


def test_the_write_only_writer_writes_what_the_ordinary_one_writes():
    sheets = lambda: [Sheet("一覧", HEADERS, iter(ROWS), yen_columns=frozenset({1}))]  # noqa: E731
    ordinary = _cells(workbook_bytes(sheets()))
    fast = _cells(workbook_bytes(sheets(), write_only=True))
    read = lambda ws: [list(r) for r in ws.iter_rows(values_only=True)]  # noqa: E731
    assert read(fast) == read(ordinary)
    assert read(fast)[1][4] == "'=1+1"  # text, never a formula
    assert fast["B2"].number_format == ordinary["B2"].number_format == '#,##0"円"'
    assert fast.freeze_panes == "A2"
    assert fast.column_dimensions["A"].width >= 8


def test_dates_can_stay_dates_shown_in_wareki():
    sheet = Sheet("一覧", HEADERS, ROWS, dates_as_dates=True)
    for write_only in (False, True):
        ws = _cells(workbook_bytes([sheet], write_only=write_only))
        assert ws["D2"].value == dt.datetime(2026, 4, 1)
        assert ws["D2"].number_format == WAREKI_DATE_FORMAT
    # Without the option a date is the 和暦 text, as before.
    ws = _cells(workbook_bytes([Sheet("一覧", HEADERS, ROWS)]))
    assert ws["D2"].value == "令和8年4月1日"


def test_a_download_carries_its_japanese_name_and_an_ascii_fallback():
    header = attachment_header("令和8年度/調査_集計.xlsx", fallback="survey.xlsx")
    assert header == (
        "attachment; filename=\"survey.xlsx\"; filename*=UTF-8''"
        + quote("令和8年度_調査_集計.xlsx", safe="")
    )
    assert attachment_header("", fallback="a.csv") == 'attachment; filename="a.csv"'
    response = xlsx_response("a.xlsx", [Sheet("一覧", HEADERS, ROWS)], download_name="一覧.xlsx")
    assert "filename*=UTF-8''" + quote("一覧.xlsx") in response["Content-Disposition"]
    response = csv_response("a.csv", HEADERS, ROWS, download_name="一覧.csv")
    assert "filename*=UTF-8''" + quote("一覧.csv") in response["Content-Disposition"]
