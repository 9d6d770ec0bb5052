"""Every PDF the portal issues is tagged (PDF/UA-1), in Japanese, with its title: the
kernel's render function asks for it, and every document template inherits the base that
sets ``<html lang="ja">`` and ``<title>``."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.services.documents import html_to_pdf
from tests.pdf_checks import assert_tagged, pdf_text

TEMPLATES = Path(settings.BASE_DIR) / "templates"
BASE = "portal/pdf/base.html"


def _pdf_templates() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("**/pdf/**/*.html")
        if "includes" not in path.parts
    )


def _chain(name: str) -> list[str]:
    """The template and those it extends, up to the one that extends nothing."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    parent = re.search(r'{%\s*extends\s+"([^"]+)"\s*%}', text)
    return [name, *_chain(parent.group(1))] if parent else [name]


def test_the_base_declares_the_language_and_the_title():
    base = (TEMPLATES / BASE).read_text(encoding="utf-8")
    assert '<html lang="ja">' in base
    assert "<title>{% block title %}" in base


@pytest.mark.parametrize("name", [n for n in _pdf_templates() if n != BASE])
def test_every_pdf_template_extends_the_base_and_names_its_title(name):
    chain = _chain(name)
    assert chain[-1] == BASE
    titles = [
        re.search(r"{%\s*block title\s*%}(.*?){%\s*endblock", (TEMPLATES / n).read_text())
        for n in chain[:-1]
    ]
    assert any(t and t.group(1).strip() for t in titles), f"{name} has no title"


def test_the_kernel_renders_a_tagged_pdf():
    data = html_to_pdf(
        '<!DOCTYPE html><html lang="ja"><head><title>試験の文書</title></head>'
        "<body><h1>見出し</h1><p>本文</p></body></html>"
    )
    assert_tagged(data, title="試験の文書")


@pytest.mark.django_db
def test_the_public_municipality_profile_is_tagged(client, django_capture_on_commit_callbacks):
    url = reverse("portal:municipality_profile_pdf", args=["011002"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    response = first if first["Content-Type"] == "application/pdf" else client.get(url)
    data = b"".join(response.streaming_content)
    assert_tagged(data, title="札幌市 市町村概要")
    assert "札幌市" in pdf_text(data)
