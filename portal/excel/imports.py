"""Importing what officers keep in Excel: the one engine every pillar's importer runs on.

A pillar declares an ``Importer`` (the columns with their Japanese headers, a Django form that
checks one row, the bureau a row belongs to, and the service that saves the rows) and
registers it for its model from ``plugins.py``. The engine reads the workbook, maps the header
row to the columns, checks every row with the form and the officer's scope, and saves only
when every row is right, all in one transaction: if one row fails, nothing is saved.

Bad files (not an .xlsx, empty, the wrong headers, too large) raise ``ImportFileError`` with a
message for the officer, never a 500.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .. import permissions
from ..models import Role

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
# What the workbook may hold once unzipped: a small file that inflates to gigabytes (a zip
# bomb) is refused before openpyxl reads it.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
# Excel stores a workbook as a zip: a file of other bytes is not one, whatever its name.
ZIP_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file cannot be read as the expected sheet; ``message`` says why, in Japanese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    """A column of the sheet: the row form's field ``name`` and the header officers see."""

    name: str
    header: Any  # a lazy translated label
    required: bool = True
    example: Any = ""
    # Other headers officers' own sheets use for this column (配当額 for 配当額（円）).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Importer:
    """What a pillar declares. ``form`` checks one row (its fields are the columns' names,
    it gets ``actor`` as a keyword); ``bureau_of(cleaned_data)`` the bureau id a row belongs
    to (None for rows of no bureau); ``save(actor=..., rows=[cleaned_data, ...])`` writes all
    rows and returns how many it saved; ``key(cleaned_data)`` what may appear once per file."""

    columns: Sequence[Column]
    form: type[forms.Form]
    save: Callable[..., int]
    bureau_of: Callable[[dict], int | None]
    scope_column: str
    roles: frozenset = frozenset({Role.HQ})
    key: Callable[[dict], Any] | None = None
    key_column: str = ""
    filename: str = "template.xlsx"

    def may_import(self, user) -> bool:
        if not permissions.can_use_admin(user):
            return False
        return user.is_superuser or user.role in self.roles

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]


_importers: dict[str, Importer] = {}


def register_importer(model, importer: Importer) -> None:
    _importers[model._meta.label_lower] = importer


def importer_for(model) -> Importer | None:
    return _importers.get(model._meta.label_lower)


@dataclass
class RowError:
    column: str  # the header, as the officer sees it
    message: str


@dataclass
class Row:
    number: int  # the row's number in Excel (the header is row 1)
    values: list[str]
    cleaned: dict | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Preview:
    headers: list[str]
    rows: list[Row]
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_count and not self.problems


def _normalise(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).lower()


def _as_text(value) -> str:
    """A cell as the text a form field reads: dates as ISO, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def read_rows(
    importer: Importer, content: bytes
) -> tuple[list[int | None], list[tuple[int, list]]]:
    """The column order the file uses and its data rows (row number, cells). Raises
    ``ImportFileError`` for anything that is not a sheet of these columns."""
    from openpyxl import load_workbook

    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    if not content.startswith(ZIP_MAGIC):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx). Save it as .xlsx."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportFileError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": MAX_BYTES // 1024 // 1024}
            )
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        body = []
        for number, cells in enumerate(rows, start=2):
            if all(_as_text(cell) == "" for cell in cells):
                continue
            body.append((number, list(cells)))
            if len(body) > MAX_ROWS:
                break
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as error:
        raise ImportFileError(
            _("The workbook could not be read. Save it again as .xlsx and upload it.")
        ) from error
    if header is None or all(_as_text(cell) == "" for cell in header):
        raise ImportFileError(_("The file is empty."))
    positions = _map_header(importer, header)
    if not body:
        raise ImportFileError(_("The sheet has headers but no rows to import."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The sheet has more than %(count)s rows: split it into several files.")
            % {"count": MAX_ROWS}
        )
    return positions, body


def read_csv_rows(
    importer: Importer, content: bytes
) -> tuple[list[int | None], list[tuple[int, list]]]:
    """The same as ``read_rows`` for a CSV file: UTF-8 (with or without BOM) or Shift_JIS,
    which is what Excel writes on a Japanese PC."""
    import csv

    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file could not be read: save it as UTF-8 or Shift_JIS."))
    try:
        records = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read.")) from error
    records = [(n, r) for n, r in enumerate(records, 1) if any(_as_text(c) for c in r)]
    if not records:
        raise ImportFileError(_("The file is empty."))
    (_n, header), body = records[0], records[1:]
    positions = _map_header(importer, header)
    if not body:
        raise ImportFileError(_("The sheet has headers but no rows to import."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The sheet has more than %(count)s rows: split it into several files.")
            % {"count": MAX_ROWS}
        )
    return positions, body


def read_any(importer: Importer, content: bytes, filename: str = ""):
    """An .xlsx workbook or a CSV file, told apart by their bytes (not by the name)."""
    if content.startswith(ZIP_MAGIC) or filename.lower().endswith(".xlsx"):
        return read_rows(importer, content)
    return read_csv_rows(importer, content)


def _map_header(importer: Importer, header: Sequence) -> list[int | None]:
    """Where each column is in the file; None for an optional column the file leaves out."""
    found = {_normalise(cell): index for index, cell in enumerate(header) if _as_text(cell)}
    positions, missing = [], []
    for column in importer.columns:
        with translation.override("ja"):
            names = {_normalise(column.header), _normalise(column.name)}
        names.add(_normalise(str(column.header)))
        names.update(_normalise(alias) for alias in column.aliases)
        index = next((found[name] for name in names if name in found), None)
        if index is None and column.required:
            missing.append(str(column.header))
        positions.append(index)
    if missing:
        raise ImportFileError(
            _(
                "The header row does not match the template: missing %(columns)s. Download the "
                "template and keep its first row."
            )
            % {"columns": "、".join(missing)}
        )
    return positions


def preview(importer: Importer, content: bytes, *, actor) -> Preview:
    """Every row checked, nothing saved."""
    positions, body = read_rows(importer, content)
    headers = importer.headers()
    labels = {column.name: str(column.header) for column in importer.columns}
    seen: dict[Any, int] = {}
    rows = []
    for number, cells in body:
        values = [
            _as_text(cells[index]) if index is not None and index < len(cells) else ""
            for index in positions
        ]
        row = Row(number=number, values=values)
        form = importer.form(
            data={c.name: v for c, v in zip(importer.columns, values, strict=True)}, actor=actor
        )
        if form.is_valid():
            row.cleaned = form.cleaned_data
            _check_scope(importer, row, actor, labels)
            _check_unique(importer, row, seen, labels)
        else:
            for name, messages in form.errors.items():
                column = labels.get(name, _("whole row"))
                row.errors.extend(RowError(column, message) for message in messages)
        rows.append(row)
    return Preview(headers=headers, rows=rows)


def _check_scope(importer: Importer, row: Row, actor, labels) -> None:
    if actor.is_superuser or permissions.is_hq(actor):
        return
    bureau_id = importer.bureau_of(row.cleaned)
    if actor.role != Role.BUREAU or bureau_id is None or bureau_id != actor.bureau_id:
        row.errors.append(
            RowError(
                labels[importer.scope_column],
                _("This row belongs to another bureau: you may import rows of your bureau only."),
            )
        )


def _check_unique(importer: Importer, row: Row, seen: dict, labels) -> None:
    if importer.key is None or row.errors:
        return
    key = importer.key(row.cleaned)
    if key in seen:
        row.errors.append(
            RowError(
                labels[importer.key_column],
                _("The same entry is already in row %(row)s of this file.") % {"row": seen[key]},
            )
        )
    else:
        seen[key] = row.number


def run_import(importer: Importer, content: bytes, *, actor) -> tuple[Preview, int]:
    """Check the rows again and, if every one is right, save them all in one transaction.
    Returns the preview and the number saved (0 when anything was wrong)."""
    if not importer.may_import(actor):
        raise PermissionDenied
    result = preview(importer, content, actor=actor)
    if not result.ok:
        return result, 0
    try:
        with transaction.atomic():
            saved = importer.save(actor=actor, rows=[row.cleaned for row in result.rows])
    except ValidationError as error:
        result.problems.extend(error.messages)
        return result, 0
    except IntegrityError:
        # Someone saved the same entry between the check and the save: nothing was saved.
        result.problems.append(_("The data changed while saving. Check the file again."))
        return result, 0
    return result, saved


def template_rows(importer: Importer) -> list[list]:
    return [[column.example for column in importer.columns]]
