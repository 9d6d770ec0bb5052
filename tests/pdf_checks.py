"""Reading PDFs back in tests: the text, the images and the accessibility structure."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from pypdf import PdfReader


def pdf_reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def response_bytes(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pdf_reader(data).pages)


def assert_tagged(data: bytes, *, title: str) -> None:
    """A tagged PDF/UA document: marked content with a structure tree, the language in the
    catalog, and a title that viewers show instead of the file name."""
    reader = pdf_reader(data)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "ja"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == title


def seal_png(size: int = 120) -> bytes:
    """A red round seal, as a PNG with a transparent background."""
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), outline=(200, 0, 0, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
