import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portal.models import Document, Municipality
from portal.services.documents import ProjectOnlyURLFetcher, document_render, document_request

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _get_pdf(client, url, capture):
    """First request schedules the rendering (after commit) and shows the progress page."""
    with capture(execute=True):
        first = client.get(url)
    if first["Content-Type"] == "application/pdf":
        return first
    assert "準備しています" in first.content.decode()
    return client.get(url)


def test_municipality_profile_sheet_is_a_pdf_with_japanese_text(
    client, django_capture_on_commit_callbacks
):
    response = _get_pdf(
        client,
        reverse("portal:municipality_profile_pdf", args=["011002"]),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for words in ("札幌市", "市町村概要", "石狩振興局", "道央広域連携地域", "011002", "江別市"):
        assert words in text
    # The font is embedded, so every machine renders the same glyphs.
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        for font in [font.get_object()]
    }
    assert any("IPAex" in f for f in fonts)


def test_same_inputs_reuse_the_document(client, django_capture_on_commit_callbacks):
    url = reverse("portal:municipality_profile_pdf", args=["012025"])
    _get_pdf(client, url, django_capture_on_commit_callbacks)
    assert client.get(url)["Content-Type"] == "application/pdf"
    assert Document.objects.count() == 1
    document = Document.objects.get()
    assert document.status == "done"
    assert len(document.checksum) == 64
    # A change of the data gives a new document.
    Municipality.objects.filter(code="012025").update(population=248000)
    _get_pdf(client, url, django_capture_on_commit_callbacks)
    assert Document.objects.count() == 2


def test_a_pending_document_shows_a_progress_page(client, django_capture_on_commit_callbacks):
    municipality = Municipality.objects.get(code="011002")
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(
            owner=municipality,
            kind="test",
            title="試験",
            template_name="portal/pdf/base.html",
            context={},
        )
    assert document.status == "pending"
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from portal.views.files import document_response

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = document_response(request, document, back_url="/")
    assert response.status_code == 200
    assert "準備しています" in response.content.decode()
    assert document_render(document_id=document.pk) is True
    assert document_render(document_id=document.pk) is False  # second run: nothing to do


def test_the_url_fetcher_serves_only_project_files():
    fetcher = ProjectOnlyURLFetcher()
    assert fetcher.resolve("http://127.0.0.1:8000/static/fonts/ipaexm.ttf").name == "ipaexm.ttf"
    assert fetcher.resolve("/static/css/portal.css") is not None
    assert fetcher.resolve("https://example.com/static/css/portal.css") is None
    assert fetcher.resolve("file:///etc/passwd") is None
    assert fetcher.resolve("/static/../../etc/passwd") is None
    assert fetcher.resolve("/admin/") is None
    with pytest.raises(ValueError, match="outside the project"):
        fetcher.fetch("https://example.com/tracker.png")


def test_a_document_that_references_the_network_still_renders_without_fetching(
    django_capture_on_commit_callbacks,
):
    from portal.services.documents import html_to_pdf

    pdf = html_to_pdf('<p>外部画像</p><img src="https://example.com/x.png">')
    assert "外部画像" in _pdf_text(pdf) or pdf.startswith(b"%PDF")
