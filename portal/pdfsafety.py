"""Is an uploaded PDF safe to hand to other people? Scripts, launch actions and embedded files
are refused, however their names are spelled or compressed.

The document is parsed with pypdf (names arrive decoded, so ``/#4AavaScript`` is
``/JavaScript``), every object is visited within fixed bounds (objects, depth, seconds) so a
hostile file cannot hold a worker, and the old byte-level scan stays as a second line of
defence for objects no cross-reference lists.
"""

from __future__ import annotations

import io
import re
import time
from collections import deque

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Linear-time patterns only: an upload of repeated fragments must not make them backtrack.
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")
# Stream data is binary: "/JS" turns up by chance in about half of all 20 MB compressed
# files, so the byte-level check reads only what lies between streams.
_PDF_STREAM_START = re.compile(rb"(?<![A-Za-z])stream\r?\n")
_PDF_ESCAPED_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# What a PDF may not hold, by (normalised) name. pypdf decodes #xx escapes in names, so
# /#4AavaScript arrives here as /JavaScript.
PDF_ACTIVE_KEYS = frozenset(
    {
        "/JS",  # a script (JavaScript and rendition actions)
        "/JavaScript",  # the document's scripts in the /Names tree
        "/EmbeddedFiles",  # the document's attached files in the /Names tree
        "/EF",  # a file specification carrying the file itself
        "/RichMediaContent",  # Flash and other rich media
        "/OnInstantiate",  # the script of a 3D annotation
    }
)
PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/RichMediaExecute", "/GoToE"})
PDF_ACTIVE_TYPES = frozenset({"/EmbeddedFile"})
PDF_ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia"})
_XFA_SCRIPT = re.compile(rb"<(?:[\w.-]+:)?script\b", re.I)
# Bounds on the walk through a PDF's objects, so a hostile file cannot keep a worker busy:
# objects and containers visited, nesting of containers inside one object, XFA bytes read,
# and time (pypdf parses some 10,000 objects a second; a 300-page tagged report has ~100,000).
PDF_MAX_OBJECTS = 300_000
PDF_MAX_DEPTH = 100
PDF_MAX_XFA_BYTES = 10_000_000
PDF_MAX_SECONDS = 15.0


class _PdfTooComplex(Exception):
    pass


def _outside_streams(data: bytes):
    """The parts of ``data`` between ``stream`` ... ``endstream``; an unterminated stream
    is read as if it were not one."""
    position = 0
    while (start := _PDF_STREAM_START.search(data, position)) is not None:
        end = data.find(b"endstream", start.end())
        if end < 0:
            break
        yield data[position : start.start()]
        position = end + len(b"endstream")
    yield data[position:]


def _pdf_bytes_look_active(data: bytes) -> bool:
    """The old byte-level check, kept as a second line of defence: it also sees objects no
    cross-reference lists, which a PDF reader repairing the file might still pick up."""
    between_streams = b" ".join(_outside_streams(data))
    if PDF_ACTIVE_CONTENT.search(between_streams):
        return True
    for match in _PDF_ESCAPED_NAME.finditer(between_streams):
        name = _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), match[0])
        if PDF_ACTIVE_CONTENT.match(name + b" "):
            return True
    return False


def _xfa_has_script(value) -> bool:
    """XFA forms (a stream, or an array of part names and streams) can carry scripts."""
    from pypdf.generic import ArrayObject, StreamObject

    value = value.get_object()
    parts = value if isinstance(value, ArrayObject) else [value]
    read = 0
    for part in parts:
        part = part.get_object()
        if not isinstance(part, StreamObject):
            continue
        data = part.get_data()
        read += len(data)
        if read > PDF_MAX_XFA_BYTES:
            raise _PdfTooComplex
        if _XFA_SCRIPT.search(data):
            return True
    return False


def _pdf_name(dictionary, key: str) -> str:
    value = dictionary.get(key)
    return str(value) if isinstance(value, str) else ""


def _pdf_dictionary_is_active(dictionary) -> bool:
    if PDF_ACTIVE_KEYS.intersection(dictionary.keys()):
        return True
    if (
        _pdf_name(dictionary, "/S") in PDF_ACTIVE_ACTIONS
        or _pdf_name(dictionary, "/Type") in PDF_ACTIVE_TYPES
        or _pdf_name(dictionary, "/Subtype") in PDF_ACTIVE_SUBTYPES
    ):
        return True
    uri = dictionary.get("/URI")
    if isinstance(uri, str | bytes):
        scheme = (uri.decode("latin-1") if isinstance(uri, bytes) else uri).strip().lower()
        if scheme.startswith("javascript:"):
            return True
    return "/XFA" in dictionary and _xfa_has_script(dictionary.raw_get("/XFA"))


def _pdf_objects_are_active(reader) -> bool:
    """Visit every object of the PDF once, breadth first: those reachable from the trailer
    and every one its cross-reference lists (a reader may use those too)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    listed = [(idnum, generation) for generation, ids in reader.xref.items() for idnum in ids]
    listed += [(idnum, 0) for idnum in reader.xref_objStm]
    if len(listed) > PDF_MAX_OBJECTS:
        raise _PdfTooComplex
    queue = deque([(reader.trailer, 0)])
    queue.extend((IndirectObject(idnum, gen, reader), 0) for idnum, gen in listed)
    seen: set[tuple[int, int]] = set()
    visited = 0
    deadline = time.monotonic() + PDF_MAX_SECONDS
    while queue:
        obj, depth = queue.popleft()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            visited += 1
            obj, depth = obj.get_object(), 0
        visited += 1
        if visited > PDF_MAX_OBJECTS or depth > PDF_MAX_DEPTH or time.monotonic() > deadline:
            raise _PdfTooComplex
        if isinstance(obj, DictionaryObject):
            if _pdf_dictionary_is_active(obj):
                return True
            children = obj.values()
        elif isinstance(obj, ArrayObject):
            children = obj
        else:
            continue
        queue.extend(
            (child, depth + 1)
            for child in children
            if isinstance(child, IndirectObject | DictionaryObject | ArrayObject)
        )
    return False


def check_pdf(upload, *, name: str) -> None:
    """Refuse a PDF that could do something when opened: scripts, launching programs,
    embedded files, rich media. The PDF is parsed (pypdf), so names written with #xx
    escapes and objects compressed in object streams are seen as a reader sees them.
    ``name`` is the file's display name, for the messages."""
    from pypdf import PasswordType, PdfReader

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    active_error = ValidationError(
        _(
            "The PDF contains scripts or embedded files. Save it again without them "
            "(for example by printing it to PDF) and upload it again."
        ),
        code="pdf_active",
    )
    if _pdf_bytes_look_active(data):
        raise active_error
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ValidationError(
                _(
                    "The PDF %(name)s is protected by a password. Save it again without "
                    "the password and upload it again."
                ),
                code="pdf_encrypted",
                params={"name": name},
            )
        reader.root_object  # noqa: B018 - a PDF without a catalog is nothing a reader shows
        active = _pdf_objects_are_active(reader)
    except ValidationError:
        raise
    except _PdfTooComplex:
        raise ValidationError(
            _(
                "The PDF %(name)s is too complex to be checked. Save it again from the "
                "original software (for example by printing it to PDF) and upload it again."
            ),
            code="pdf_too_complex",
            params={"name": name},
        ) from None
    except Exception:  # pypdf raises many kinds of errors on broken or hostile files
        raise ValidationError(
            _(
                "The PDF %(name)s could not be read. Save it again from the original "
                "software and upload it again."
            ),
            code="pdf_unreadable",
            params={"name": name},
        ) from None
    if active:
        raise active_error
