""".xlsx downloads: every Excel workbook the portal offers is written here.

What an officer expects of a sheet from the prefecture: one header row in Japanese, frozen,
columns wide enough to read, dates in 和暦 (令和8年4月1日), money as numbers shown as yen
(so sums still work), and no cell that Excel would run: text starting like a formula gets the
same leading apostrophe the CSV exports use (portal.exports.safe_cell, one rule for both).

A sheet whose dates must stay dates (to sort or filter them in Excel) says
``dates_as_dates``: they are then written as Excel dates shown in 和暦. Large workbooks are
written with ``write_only=True`` (openpyxl's streaming writer: rows are not kept as cell
objects, several times faster; the column widths are then judged from the first rows).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape as unescape_entities

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..exports import attachment_header, safe_cell
from ..japanese import wareki

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEN_FORMAT = '#,##0"円"'
INTEGER_FORMAT = "#,##0"
# An Excel date shown in 和暦 (令和8年4月1日) by Excel's Japanese calendar.
WAREKI_DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"'
WAREKI_DATETIME_FORMAT = '[$-411]ggge"年"m"月"d"日" hh:mm'
# How many rows the write-only writer reads ahead to size the columns.
WIDTH_SAMPLE = 200
# A displayed amount such as "1,234,567円" (what the admin's yen() gives) is written back as
# the number it shows, so that a column of amounts can be summed in Excel.
_YEN_TEXT = re.compile(r"^(-?)([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)円$")
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass
class Sheet:
    """One worksheet: a title (31 characters at most, Excel's limit), headers and rows.
    ``yen_columns`` are indexes of columns holding integer yen."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]
    yen_columns: frozenset[int] = field(default_factory=frozenset)
    dates_as_dates: bool = False


def _width(text: str) -> int:
    # East Asian wide characters take two columns of Excel's width unit.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_value(value, *, dates_as_dates: bool = False):
    """``value`` as something openpyxl writes well: (value, number_format or None)."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return (gettext("Yes") if value else gettext("No")), None
    if isinstance(value, int | Decimal | float):
        return value, None
    if dates_as_dates and isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None), WAREKI_DATETIME_FORMAT
    if dates_as_dates and isinstance(value, dt.date):
        return value, WAREKI_DATE_FORMAT
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{wareki(local)} {local:%H:%M}", None
    if isinstance(value, dt.date):
        return wareki(value), None
    text = str(value)
    if isinstance(value, SafeData) or "<" in text:
        text = unescape_entities(strip_tags(text))
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    match = _YEN_TEXT.match(text)
    if match:
        return int(match.group(1) + match.group(2).replace(",", "")), YEN_FORMAT
    return text, None


def _cell(sheet: Sheet, col: int, raw):
    """The value to write in column ``col`` (0-based), its number format and its width."""
    value, number_format = cell_value(raw, dates_as_dates=sheet.dates_as_dates)
    if col in sheet.yen_columns and isinstance(value, int | Decimal):
        number_format = YEN_FORMAT
    elif number_format is None and isinstance(value, int) and abs(value) >= 1000:
        number_format = INTEGER_FORMAT
    if not isinstance(value, dt.date):
        value = safe_cell(value)
    if number_format == YEN_FORMAT:
        shown = f"{value:,}円"
    elif isinstance(value, dt.date):
        shown = "令和00年00月00日 00:00" if isinstance(value, dt.datetime) else "令和00年00月00日"
    else:
        shown = str(value)
    return value, number_format, _width(shown.split("\n")[0])


def _style_header(cell) -> None:
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)


def _set_widths(ws, widths: list[int]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )


def _write_sheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]
    widths = [_width(str(header)) for header in sheet.headers]
    for col, header in enumerate(sheet.headers, start=1):
        _style_header(ws.cell(row=1, column=col, value=safe_cell(str(header))))
    for row_number, row in enumerate(sheet.rows, start=2):
        for col, raw in enumerate(row, start=1):
            value, number_format, width = _cell(sheet, col - 1, raw)
            cell = ws.cell(row=row_number, column=col, value=value)
            if isinstance(value, str):
                # Never a formula, whatever the text: a string cell is shown, not run.
                cell.data_type = TYPE_STRING
            if number_format:
                cell.number_format = number_format
            if col - 1 < len(widths):
                widths[col - 1] = max(widths[col - 1], width)
    _set_widths(ws, widths)
    ws.freeze_panes = "A2"


def _write_only_sheet(workbook, sheet: Sheet) -> None:
    """The same sheet through openpyxl's streaming writer: the widths come from the headers
    and the first WIDTH_SAMPLE rows, since a written row cannot be revisited."""
    ws = workbook.create_sheet(sheet.title[:31])
    rows = iter(sheet.rows)
    head = [
        [_cell(sheet, col, raw) for col, raw in enumerate(row)]
        for row in itertools.islice(rows, WIDTH_SAMPLE)
    ]
    widths = [_width(str(header)) for header in sheet.headers]
    for row in head:
        for col, (_value, _format, width) in enumerate(row[: len(widths)]):
            widths[col] = max(widths[col], width)
    _set_widths(ws, widths)
    ws.freeze_panes = "A2"
    header_cells = []
    for header in sheet.headers:
        cell = WriteOnlyCell(ws, value=safe_cell(str(header)))
        _style_header(cell)
        header_cells.append(cell)
    ws.append(header_cells)
    rest = ([_cell(sheet, col, raw) for col, raw in enumerate(row)] for row in rows)
    for row in itertools.chain(head, rest):
        ws.append([_write_only_cell(ws, value, number_format) for value, number_format, _w in row])


def _write_only_cell(ws, value, number_format):
    if isinstance(value, str):
        # Never a formula, whatever the text: a string cell is shown, not run.
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = TYPE_STRING
        return cell
    if number_format:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
        return cell
    return value


def workbook_bytes(sheets: Sequence[Sheet], *, write_only: bool = False) -> bytes:
    workbook = Workbook(write_only=write_only)
    if write_only:
        for sheet in sheets:
            _write_only_sheet(workbook, sheet)
    else:
        workbook.remove(workbook.active)
        for sheet in sheets:
            _write_sheet(workbook.create_sheet(), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheets: Sequence[Sheet], *, download_name: str = "", write_only: bool = False
) -> HttpResponse:
    """A download of ``sheets`` named ``filename`` (ASCII, ending in .xlsx), or
    ``download_name`` (Japanese) with ``filename`` as its fallback."""
    response = HttpResponse(
        workbook_bytes(sheets, write_only=write_only), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = attachment_header(download_name, fallback=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
