"""Helpers shared by the casebook's views."""

from __future__ import annotations

from django.shortcuts import render

from ..selectors.exports import LICENCE, absolute  # noqa: F401 - the views' names for them


def render_public(request, template: str, context: dict, *, status: int = 200):
    """Render a public page (cached pages hold no CSRF token: see ``portal.pagecache``)."""
    return render(request, template, context, status=status)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
