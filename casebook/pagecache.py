"""Cached public pages with conditional GET.

Anonymous visitors get the public pages from the cache: the rendered HTML is stored under a
*generation* that every change of public content replaces (services call ``invalidate`` on
commit), with a weak ETag and a Last-Modified equal to the generation's time, so browsers
revalidate with a 304 and nobody sees a page older than the last publication.

Two details keep a cached page correct for everyone:
- the page's one form (the language switch in the header) needs the visitor's own CSRF
  token: pages are rendered with a placeholder that is replaced on the way out;
- the generation is read from the shared cache at most once a second per process, and the
  pages of the current generation are also kept in the process (a small LRU), so a hit
  usually costs no cache round trip at all; a publication reaches every process within a
  second.

Scheduled publications are made by a beat task every minute; as a safety net (first run
has no beat) the request that first notices a due publication makes it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "casebook:generation"
DUE_KEY = "casebook:next-due"
DUE_LOCK_KEY = "casebook:due-lock"
PAGE_KEY = "casebook:page"
PAGE_TIMEOUT = 15 * 60  # pages sorted by views drift; a quarter of an hour is fine
LOCAL_SECONDS = 1.0
CSRF_PLACEHOLDER = "casebook-csrf-placeholder-0f3c"
NO_DUE = 0.0

LOCAL_BYTES = 32 * 1024 * 1024  # pages kept in each process

_local: dict = {"generation": None, "due": None, "checked": 0.0}
_pages: OrderedDict = OrderedDict()
_pages_lock = threading.Lock()
_pages_size = [0]


def reset_local() -> None:
    """Forget what this process remembers of the shared state (tests; after a cache clear)."""
    _local.update(generation=None, due=None, checked=0.0)
    with _pages_lock:
        _pages.clear()
        _pages_size[0] = 0


def _local_get(key: str):
    with _pages_lock:
        entry = _pages.get(key)
        if entry is None:
            return None
        page, expires = entry
        if expires < time.monotonic():
            del _pages[key]
            _pages_size[0] -= len(page.body)
            return None
        _pages.move_to_end(key)
        return page


def _local_set(key: str, page) -> None:
    with _pages_lock:
        if key in _pages:
            return
        _pages[key] = (page, time.monotonic() + PAGE_TIMEOUT)
        _pages_size[0] += len(page.body)
        while _pages_size[0] > LOCAL_BYTES and _pages:
            _old_key, (old, _expires) = _pages.popitem(last=False)
            _pages_size[0] -= len(old.body)


def invalidate() -> None:
    """Public content changed: every cached page is stale from now on."""
    generation = time.time()
    cache.set(GENERATION_KEY, generation, None)
    cache.delete(DUE_KEY)
    reset_local()
    _local.update(generation=generation)


def _shared_state() -> tuple[float, float]:
    now = time.monotonic()
    if _local["generation"] is not None and now - _local["checked"] < LOCAL_SECONDS:
        return _local["generation"], _local["due"]
    values = cache.get_many([GENERATION_KEY, DUE_KEY])
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = time.time()
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    due = values.get(DUE_KEY)
    if due is None:
        from .selectors.case_studies import next_scheduled_timestamp

        due = next_scheduled_timestamp() or NO_DUE
        cache.set(DUE_KEY, due, None)
    if generation != _local["generation"]:
        reset_local()  # another process published: this one's pages are stale
    _local.update(generation=generation, due=due, checked=now)
    return generation, due


def current_generation() -> float:
    generation, due = _shared_state()
    if due and due <= time.time() and cache.add(DUE_LOCK_KEY, 1, 30):
        try:
            from .services.case_studies import case_studies_publish_due

            case_studies_publish_due()
        except Exception:  # the beat task will retry; never fail a page for it
            logger.exception("publishing due case studies failed")
        finally:
            cache.delete(DUE_LOCK_KEY)
        generation, _due = _shared_state()
    return generation


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    content_type: str
    etag: str
    last_modified: float
    headers: tuple = ()

    @property
    def last_modified_http(self) -> str:
        return http_date(int(self.last_modified))


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # Signed-in people see their own header; a pending message belongs to one visitor.
    if "messages" in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _key(request, generation: float) -> str:
    path = hashlib.sha256(request.get_full_path().encode("utf-8")).hexdigest()[:32]
    return f"{PAGE_KEY}:{generation!r}:{translation.get_language()}:{path}"


# Indentation between tags (a quarter of a page): collapsed to one newline, which renders
# exactly as before (browsers collapse white space; public pages have no <pre>).
_INDENTATION = re.compile(rb">[ \t]*\n\s*<")


def _store(response, generation: float) -> CachedPage:
    body = bytes(response.content)
    if response["Content-Type"].startswith("text/html"):
        body = _INDENTATION.sub(b">\n<", body)
    etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() in ("content-language", "link", "x-robots-tag")
    )
    return CachedPage(body, response["Content-Type"], etag, generation, headers)


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_CSRF_BASE = len(CSRF_ALLOWED_CHARS)
_CSRF_UNBIASED = 256 - 256 % _CSRF_BASE
# Byte b < _CSRF_UNBIASED becomes CSRF_ALLOWED_CHARS[b % 62]; the others are deleted.
_CSRF_TABLE = bytes(ord(CSRF_ALLOWED_CHARS[b % _CSRF_BASE]) for b in range(256))
_CSRF_BIASED = bytes(range(_CSRF_UNBIASED, 256))


def _csrf_string() -> str:
    """CSRF_SECRET_LENGTH random characters of CSRF_ALLOWED_CHARS from one read of the
    system's random source (Django's get_random_string reads it once per character, which
    was the largest cost of serving a cached page). Bytes that would bias the choice are
    skipped."""
    chars = b""
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += secrets.token_bytes(2 * CSRF_SECRET_LENGTH).translate(_CSRF_TABLE, _CSRF_BIASED)
    return chars[:CSRF_SECRET_LENGTH].decode("ascii")


def visitor_csrf_token(request) -> str:
    """What ``django.middleware.csrf.get_token`` returns (a masked token of the visitor's
    secret, which the middleware then sets or renews as the cookie), made cheaply."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        secret = _csrf_string()
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _csrf_string()
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % _CSRF_BASE]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _respond(request, page: CachedPage) -> HttpResponse:
    last_modified = int(page.last_modified)
    not_modified = get_conditional_response(request, etag=page.etag, last_modified=last_modified)
    if not_modified is None:
        body = page.body
        if CSRF_PLACEHOLDER.encode() in body:
            body = body.replace(CSRF_PLACEHOLDER.encode(), visitor_csrf_token(request).encode())
        response = HttpResponse(body, content_type=page.content_type)
        for name, value in page.headers:
            response[name] = value
    else:
        response = not_modified
    response["ETag"] = page.etag
    response["Last-Modified"] = page.last_modified_http
    # Stored by browsers, always revalidated: a publication is visible at once.
    response["Cache-Control"] = "no-cache"
    response["Vary"] = "Cookie"  # the CSRF middleware keeps it when it renews the cookie
    return response


def public_page(on_hit: Callable | None = None):
    """Serve the decorated view's 200 responses from the cache for anonymous visitors.

    The view must render with ``render_public`` so that its CSRF token is the placeholder.
    ``on_hit(request, *args, **kwargs)`` runs for every page served (e.g. to count views).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            generation = current_generation()
            key = _key(request, generation)
            page = _local_get(key)
            if page is None:
                page = cache.get(key)
                if page is not None:
                    _local_set(key, page)
            if page is None:
                request.casebook_cache_render = True
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                if response.cookies or not response.get("Content-Type"):
                    return response
                page = _store(response, generation)
                cache.set(key, page, PAGE_TIMEOUT)
                _local_set(key, page)
            if on_hit is not None:
                on_hit(request, *args, **kwargs)
            return _respond(request, page)

        return wrapper

    return decorator


def render_context(request, context: dict) -> dict:
    """The view's context, with the CSRF placeholder when the page is being cached."""
    if getattr(request, "casebook_cache_render", False):
        return {**context, "csrf_token": CSRF_PLACEHOLDER}
    return context
