"""PDF documents: the HTML is rendered when a document is requested (cheap, and its hash
decides reuse); a task typesets it with WeasyPrint and stores the file with its checksum."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Document
from ..queue import enqueue

logger = logging.getLogger(__name__)


def document_request(
    *, owner, kind: str, title: str, template_name: str, context: dict, requested_by=None
) -> Document:
    """Return the document for these inputs, scheduling its rendering if it is new.

    Official documents are in Japanese whatever the requester's UI language. The same
    inputs give the same HTML and therefore the existing (or in-progress) document.
    """
    with translation.override("ja"):
        html = render_to_string(template_name, context)
    content_hash = hashlib.sha256(html.encode("utf-8")).hexdigest()
    content_type = ContentType.objects.get_for_model(owner)
    with transaction.atomic():
        document, created = Document.objects.get_or_create(
            kind=kind,
            content_type=content_type,
            object_id=str(owner.pk),
            content_hash=content_hash,
            defaults={
                "title": title[:200],
                "html": html,
                "requested_by": requested_by
                if requested_by is not None and requested_by.is_authenticated
                else None,
            },
        )
        if not created and document.status == Document.Status.FAILED:
            Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING, error="")
            document.status = Document.Status.PENDING
            created = True
        if created:
            enqueue("portal.tasks.render_document", document.pk)
    if created:
        document.refresh_from_db()
    return document


def latest_document(owner, kind: str) -> Document | None:
    return (
        Document.objects.filter(
            content_type=ContentType.objects.get_for_model(owner),
            object_id=str(owner.pk),
            kind=kind,
            status=Document.Status.DONE,
        )
        .order_by("-finished_at")
        .first()
    )


_fonts = threading.local()


def _font_config():
    """One font configuration per thread, kept for the life of the process.

    A new one per document loads the project's Japanese fonts (@font-face, 6–8 MB each) into
    Fontconfig and Pango again every time, about half of a notice's typesetting; kept, they
    are loaded once per worker and a batch of 179 notices pays for them once (see README,
    "Bulk work at the 年度 peak"). Per thread, because Pango's font map is not thread-safe.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


# Every document the portal issues is a tagged PDF (PDF/UA-1): a structure tree a screen
# reader can follow, the language (<html lang="ja">) in the catalog and the <title> shown as
# the window title (JIS X 8341-3; issue #18). Set here once, so no template can forget it.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """Typeset HTML with WeasyPrint as a tagged PDF/UA-1, fetching only the project's
    static and media files."""
    from weasyprint import HTML  # imported here: needs Pango, only the worker must have it

    return HTML(
        string=html, base_url=settings.SITE_URL, url_fetcher=ProjectOnlyURLFetcher()
    ).write_pdf(font_config=_font_config(), pdf_variant=PDF_VARIANT)


def document_render(*, document_id: int) -> bool:
    """Render a pending document. Returns True if this call produced the file.

    Rendering happens outside any lock; the result is stored only if the row is still
    pending, so a redelivered task never leaves two files or a half-written one.
    """
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.status == Document.Status.DONE:
        return False
    try:
        pdf = html_to_pdf(document.html)
    except Exception as exc:
        logger.exception("rendering document %s failed", document_id)
        Document.objects.filter(pk=document_id, status=Document.Status.PENDING).update(
            status=Document.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    checksum = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document_id)
        if locked.status == Document.Status.DONE:
            return False
        locked.file.save(f"{checksum}.pdf", ContentFile(pdf), save=False)
        locked.checksum = checksum
        locked.status = Document.Status.DONE
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["file", "checksum", "status", "error", "finished_at"])
    return True


try:
    from weasyprint.urls import URLFetcher as _BaseFetcher
    from weasyprint.urls import URLFetcherResponse
except (ImportError, OSError):  # no Pango on this machine: the web process can still run
    _BaseFetcher = object
    URLFetcherResponse = None


class ProjectOnlyURLFetcher(_BaseFetcher):
    """Serves ``/static/…`` and ``/media/…`` from disk; refuses everything else (no network,
    no arbitrary local files), so a document can never fetch what the project did not ship."""

    def __init__(self):
        if _BaseFetcher is not object:
            super().__init__(allowed_protocols={"http", "https", "file", "data"})

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.resolve(url)
        if path is None:
            raise ValueError(f"refused to fetch {url!r}: outside the project")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime_type or "application/octet-stream"}
        )

    __call__ = fetch

    @staticmethod
    def resolve(url: str) -> Path | None:
        parts = urlsplit(url)
        site = urlsplit(settings.SITE_URL)
        if parts.scheme in {"http", "https"} and parts.netloc != site.netloc:
            return None
        if parts.scheme not in {"http", "https", ""}:
            return None
        path = unquote(parts.path)
        if ".." in Path(path).parts:
            return None
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path[len(settings.STATIC_URL) :])
            if found:
                return Path(found)
            candidate = Path(settings.STATIC_ROOT) / path[len(settings.STATIC_URL) :]
            return candidate if candidate.is_file() else None
        if path.startswith(settings.MEDIA_URL):
            root = Path(settings.MEDIA_ROOT).resolve()
            candidate = (root / path[len(settings.MEDIA_URL) :]).resolve()
            if root in candidate.parents and candidate.is_file():
                return candidate
        return None


# What a draft shows where the number will be: the number is drawn only on the decision.
DRAFT_NUMBER = "（番号は決定時に付番）"


@dataclass(frozen=True)
class DocumentDraft:
    """What a draft (案) of a document is made of: the issuing template and its context,
    built from the object and the values typed on the step, with ``DRAFT_NUMBER`` in place
    of the 文書番号."""

    template_name: str
    context: dict
    title: str


def document_draft_pdf(draft: DocumentDraft) -> bytes:
    """Typeset a draft at once: the issuing template with ``draft`` set (the PDF base marks
    it 「案」 on every page). Nothing is stored, numbered or sent."""
    with translation.override("ja"):
        html = render_to_string(draft.template_name, {**draft.context, "draft": True})
    return html_to_pdf(html)
