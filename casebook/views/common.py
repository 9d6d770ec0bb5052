"""Helpers shared by the casebook's views."""

from __future__ import annotations


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
