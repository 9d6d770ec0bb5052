"""What a public view does to be cached: ``@public_page()``, and the admin mixin that makes a
change of public data show at once."""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.template.response import SimpleTemplateResponse
from django.utils import translation

from .respond import respond
from .store import (
    PAGE_TIMEOUT,
    CachedPage,
    current_generation,
    invalidate_on_commit,
    local_get,
    local_set,
    page_key,
    shared_key,
)

logger = logging.getLogger(__name__)

MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage.cookie_name
KEPT = frozenset({"link", "x-robots-tag"})  # headers of the view's response kept with the page

# Indentation between tags (a quarter of a page): collapsed to one newline, which renders
# exactly as before (browsers collapse white space; public pages have no <pre>).
_INDENTATION = re.compile(rb">[ \t]*\n\s*<")


def next_minute() -> float:
    """For ``public_page(expires=...)``: a page that shows a time window (a call opening at
    09:00) is rendered again at the start of each minute."""
    return float(math.floor(time.time() / 60) * 60 + 60)


def rendering_for_cache(request) -> bool:
    """True while the view renders the page that will be stored (e.g. so that a view whose
    ``on_hit`` counts it does not count the rendering too)."""
    return getattr(request, "page_cache_render", False)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or MESSAGES_COOKIE in request.COOKIES:
        return False
    # Signed-in people see their own header; a pending message belongs to one visitor.
    if request.user.is_authenticated:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        from django.contrib.messages import get_messages

        return not len(get_messages(request))  # messages kept in the session
    return True


def _store(response, generation: float, expires: float) -> CachedPage:
    body = bytes(response.content)
    if response["Content-Type"].startswith("text/html"):
        body = _INDENTATION.sub(b">\n<", body)
    etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # The locale middleware adds Content-Language on the way out, after the view: a hit that
    # skips it carries the language the page was rendered in.
    kept = [(name, value) for name, value in response.headers.items() if name.lower() in KEPT]
    headers = (("Content-Language", translation.get_language()), *kept)
    # A page that goes stale by itself changed when it was rendered, not with its generation.
    modified = time.time() if expires else generation
    return CachedPage(body, response["Content-Type"], etag, modified, headers, expires)


def _storable(response, key: tuple) -> bool:
    """A 200 for everyone, in the language of its key (a view that declares its response
    private, or sets a cookie, keeps it out of the cache)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return bool(response.get("Content-Type")) and translation.get_language() == key[0]


def _render_for_cache(view, request, args, kwargs):
    """The view's response, and whether it used the visitor's CSRF token (a page with a POST
    form is the visitor's own and is not stored; the language switch needs no token)."""
    needs_update = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    request.page_cache_render = True
    try:
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.render()
    finally:
        request.page_cache_render = False
        token_used = request.META["CSRF_COOKIE_NEEDS_UPDATE"]
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = needs_update or token_used
    if token_used:
        logger.warning("%s rendered a CSRF token: not cached", request.path)
    return response, token_used


def public_page(on_hit: Callable | None = None, *, expires: Callable[[], float] | None = None):
    """Serve the decorated view's 200 responses from the cache for anonymous visitors.

    ``on_hit(request, *args, **kwargs)`` runs for every page served, also by the middleware
    (e.g. to count views). ``expires()`` gives the time a stored page goes stale by itself.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            generation = current_generation()
            key = page_key(request)
            hit = (on_hit, args, kwargs) if on_hit is not None else None
            entry = local_get(key)
            ready = entry.ready if entry is not None and entry.generation == generation else None
            if ready is None:
                page = cache.get(shared_key(key, generation))
                if page is not None and page.is_fresh():
                    ready = local_set(key, generation, page, hit)
            if ready is None:
                response, token_used = _render_for_cache(view, request, args, kwargs)
                if token_used or not _storable(response, key):
                    return response
                page = _store(response, generation, expires() if expires else 0.0)
                timeout = PAGE_TIMEOUT
                if page.expires:
                    timeout = max(1, min(timeout, math.ceil(page.expires - time.time())))
                cache.set(shared_key(key, generation), page, timeout)
                ready = local_set(key, generation, page, hit)
            if on_hit is not None:
                on_hit(request, *args, **kwargs)
            return respond(request, ready)

        return wrapper

    return decorator


class PublicPagesAdminMixin:
    """For the admin of data shown on cached public pages (calls, municipalities …): a save
    or a delete makes the cached pages stale once it commits."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invalidate_on_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate_on_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidate_on_commit()
