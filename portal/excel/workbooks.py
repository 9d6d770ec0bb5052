""".xlsx downloads: every Excel workbook the portal offers is written here.

What an officer expects of a sheet from the prefecture: one header row in Japanese, frozen,
columns wide enough to read, dates in 和暦 (令和8年4月1日), money as numbers shown as yen
(so sums still work), and no cell that Excel would run: text starting like a formula gets the
same leading apostrophe the CSV exports use (portal.exports.safe_cell, one rule for both).
"""

from __future__ import annotations

import datetime as dt
import io
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
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..exports import safe_cell
from ..japanese import wareki

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEN_FORMAT = '#,##0"円"'
INTEGER_FORMAT = "#,##0"
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


def _width(text: str) -> int:
    # East Asian wide characters take two columns of Excel's width unit.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_value(value):
    """``value`` as something openpyxl writes well: (value, number_format or None)."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return (gettext("Yes") if value else gettext("No")), None
    if isinstance(value, int | Decimal | float):
        return value, None
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


def _write_sheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]
    widths = [_width(str(header)) for header in sheet.headers]
    bold = Font(bold=True)
    for col, header in enumerate(sheet.headers, start=1):
        cell = ws.cell(row=1, column=col, value=safe_cell(str(header)))
        cell.font = bold
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row_number, row in enumerate(sheet.rows, start=2):
        for col, raw in enumerate(row, start=1):
            value, number_format = cell_value(raw)
            if col - 1 in sheet.yen_columns and isinstance(value, int | Decimal):
                number_format = YEN_FORMAT
            elif number_format is None and isinstance(value, int) and abs(value) >= 1000:
                number_format = INTEGER_FORMAT
            value = safe_cell(value)
            cell = ws.cell(row=row_number, column=col, value=value)
            if isinstance(value, str):
                # Never a formula, whatever the text: a string cell is shown, not run.
                cell.data_type = TYPE_STRING
            if number_format:
                cell.number_format = number_format
            shown = f"{value:,}円" if number_format == YEN_FORMAT else str(value)
            if col - 1 < len(widths):
                widths[col - 1] = max(widths[col - 1], _width(shown.split("\n")[0]))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )
    ws.freeze_panes = "A2"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A download of ``sheets`` named ``filename`` (ASCII, ending in .xlsx)."""
    response = HttpResponse(workbook_bytes(sheets), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
