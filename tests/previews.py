"""Helpers for the preview → confirm → number tests: read a draft PDF back, and count what
an act leaves behind (numbers, documents, notifications, mails)."""

from __future__ import annotations

import io
import re

from django.core import mail
from pypdf import PdfReader

from portal.models import Document, DocumentIssue, Notification, NumberSequence

CONFIRMED = {"preview-confirmed": "on"}
# A drawn 文書番号 looks like 石振地第1号 / 地政第3号; the draft shows the placeholder instead.
DOCUMENT_NUMBER = re.compile(r"第\s*\d+\s*号")


def draft_text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    data = response.content
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text.replace("\n", "")


def assert_is_draft(text: str) -> None:
    assert "案" in text
    assert "番号は決定時に付番" in text
    assert not DOCUMENT_NUMBER.search(text), DOCUMENT_NUMBER.search(text)


def traces() -> tuple[int, int, int, int, int]:
    """Numbers drawn, documents stored, issues claimed, notifications and mails sent."""
    drawn = sum(NumberSequence.objects.values_list("last_number", flat=True))
    return (
        drawn,
        Document.objects.count(),
        DocumentIssue.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
    )
