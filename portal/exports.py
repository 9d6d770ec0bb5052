"""CSV exports for Excel: every CSV the portal offers is written here.

UTF-8 with a byte order mark (Excel then reads UTF-8, not Shift_JIS), one header row, and
every text cell made safe: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is run by Excel or LibreOffice as a formula (CSV injection, OWASP), so such
text gets a leading apostrophe, which the spreadsheet shows as plain text. Numbers (int,
Decimal, float, negative ones included) are written as they are, so they stay numbers: pass
numbers as numbers, not as text formatted beforehand.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse

from .filechecks import sanitise_filename

# The licence of the portal's open data (every CSV and JSON of public lists) and of the
# public pages' text: stated in each file, in a Link header and on the page.
OPEN_DATA_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.ja",
    "attribution": "北海道 市町村戦略支援ポータル（北海道）",
}
LICENCE_LINK = f'<{OPEN_DATA_LICENCE["url"]}>; rel="license"'

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 500


def safe_cell(value):
    """``value`` as a CSV cell a spreadsheet will not run: text starting like a formula gets
    a leading ``'``; numbers and ``None`` are returned unchanged."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    # Anything else is written as its text (a lazy label, a date, a model), so check that.
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class _Echo:
    """A file that hands back what is written to it, for csv.writer to make lines with."""

    def write(self, value):
        return value


def csv_chunks(
    header: Sequence, rows: Iterable[Iterable], *, rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The BOM and the header, then the rows as CSV text in chunks of ``rows_per_chunk``
    lines: with a lazy ``rows`` (``.iterator()``) memory stays flat however many rows."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(safe_row(header))
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow(safe_row(row)))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def csv_response(
    filename: str,
    header: Sequence,
    rows: Iterable[Iterable],
    *,
    stream: bool = False,
    rows_per_chunk: int = ROWS_PER_CHUNK,
    download_name: str = "",
) -> HttpResponse | StreamingHttpResponse:
    """A download of ``rows`` under ``header`` named ``filename`` (ASCII). ``stream=True``
    for exports that can be long: the rows are then read while the response is sent.
    ``download_name``: the name people see (Japanese), ``filename`` then its fallback."""
    chunks = csv_chunks(header, rows, rows_per_chunk=rows_per_chunk)
    if stream:
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
    else:
        response = HttpResponse("".join(chunks), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(download_name, fallback=filename)
    return response


def attachment_header(name: str, *, fallback: str) -> str:
    """The Content-Disposition of a download named ``name`` (Japanese allowed): the name as
    ``filename*`` (RFC 5987/6266, which every current browser reads) after the ASCII
    ``fallback`` as ``filename`` for the clients that do not. No name: the fallback alone."""
    if not name:
        return f'attachment; filename="{fallback}"'
    # A slash in a title is part of the name, not a folder: keep the whole title.
    safe = sanitise_filename(name.replace("/", "_").replace("\\", "_"))
    encoded = quote(safe, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def absolute_url(url: str) -> str:
    """The address of a page of this site as the open data give it (PORTAL_SITE_URL)."""
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
