"""The casebook's public pages in the kernel's page cache (``portal.pagecache``).

Anonymous visitors get the case studies, the journal and the casebook's landing pages from
the cache, with conditional GET, each visitor's own CSRF token, and a new generation on every
publication (services call ``invalidate`` on commit); the kernel's middleware answers a
cached page before the session and the user are looked at.

Nothing is written while a page is served: scheduled publications are made by the beat task
``casebook.tasks.publish_due_case_studies`` (every minute), whose publication starts a new
generation like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from portal import pagecache
from portal.pagecache import (  # noqa: F401 - the casebook's names for the kernel's cache
    GENERATION_KEY,
    current_generation,
    invalidate,
    render_context,
    reset_local,
    visitor_csrf_token,
)


def public_page(on_hit: Callable | None = None):
    """The kernel's ``public_page``; while the page is rendered for the cache the view sees
    ``request.casebook_cache_render`` (a view counted by ``on_hit`` is not counted twice)."""

    def decorator(view):
        @wraps(view)
        def flagged(request, *args, **kwargs):
            request.casebook_cache_render = pagecache.rendering_for_cache(request)
            return view(request, *args, **kwargs)

        return pagecache.public_page(on_hit)(flagged)

    return decorator
