"""Helpers shared by the casebook's views."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.ja",
    "attribution": "北海道 市町村戦略支援ポータル（北海道）",
}


def render_public(request, template: str, context: dict, *, status: int = 200):
    """Render a public page (cached pages hold no CSRF token: see ``portal.pagecache``)."""
    return render(request, template, context, status=status)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
