"""Where cached pages live: the generation of public content, the shared cache (Redis) and
each process's own copy of the pages of the current generation (a small LRU)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.http import http_date

GENERATION_KEY = "pagecache:generation"
PAGE_KEY = "pagecache:page"
PAGE_TIMEOUT = 15 * 60  # pages sorted by views drift; a quarter of an hour is fine
LOCAL_SECONDS = 1.0  # how long a process trusts its copy of the generation
LOCAL_BYTES = 32 * 1024 * 1024  # pages kept in each process

_local: dict = {"generation": None, "checked": 0.0}
_pages: OrderedDict = OrderedDict()
_pages_lock = threading.Lock()
_pages_size = [0]


def reset_local() -> None:
    """Forget what this process remembers of the shared state (tests; after a cache clear)."""
    _local.update(generation=None, checked=0.0)
    with _pages_lock:
        _pages.clear()
        _pages_size[0] = 0


def invalidate() -> None:
    """Public content changed: every cached page is stale from now on."""
    cache.set(GENERATION_KEY, time.time(), None)
    reset_local()


def invalidate_on_commit() -> None:
    """Invalidate once the current transaction commits (what services and the admin call)."""
    transaction.on_commit(invalidate)


def current_generation() -> float:
    """The generation of public content: read from the shared cache at most once a second in
    each process, so a change reaches every process within a second at no cost per hit."""
    now = time.monotonic()
    if _local["generation"] is not None and now - _local["checked"] < LOCAL_SECONDS:
        return _local["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time()
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    if generation != _local["generation"]:
        reset_local()  # another process published: this one's pages are stale
    _local.update(generation=generation, checked=now)
    return generation


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    content_type: str
    etag: str
    last_modified: float
    headers: tuple = ()
    expires: float = 0.0  # wall-clock time it goes stale by itself (0: with its generation)

    @property
    def last_modified_http(self) -> str:
        return http_date(int(self.last_modified))

    def is_fresh(self) -> bool:
        return not self.expires or time.time() < self.expires


@dataclass(frozen=True)
class Ready:
    """A page as a hit sends it: its headers rendered once, and, per https or http, the whole
    header set a hit carries (filled by the middleware on the first hit of each)."""

    page: CachedPage
    headers: tuple  # what the page adds to a 304 as well as to a 200
    stamped: dict = field(default_factory=dict, compare=False)


def _ready(page: CachedPage) -> Ready:
    headers = (
        *page.headers,
        ("ETag", page.etag),
        ("Last-Modified", page.last_modified_http),
        # Stored by browsers, always revalidated: a publication is visible at once.
        ("Cache-Control", "no-cache"),
        ("Vary", "Cookie"),  # signed-in people get another page
    )
    return Ready(page, headers)


@dataclass(frozen=True)
class Entry:
    generation: float
    ready: Ready
    stale_at: float  # time.monotonic()
    size: int
    on_hit: tuple | None = None  # (callable, args, kwargs) of the view that stored it


def cookie_language(request) -> str:
    """The page's language, as PortalLocaleMiddleware chooses it: the switch's cookie only."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_key(request) -> tuple:
    """(language, path and query string as sent) in this process; the entry remembers its
    generation. (``get_full_path`` would quote the path again: a tenth of a hit's cost.)"""
    query = request.META.get("QUERY_STRING")
    return (cookie_language(request), f"{request.path}?{query}" if query else request.path)


def shared_key(key: tuple, generation: float) -> str:
    language, path = key
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:32]
    return f"{PAGE_KEY}:{generation!r}:{language}:{digest}"


def local_get(key: tuple) -> Entry | None:
    """This process's copy of a page, by (language, full path)."""
    with _pages_lock:
        entry = _pages.get(key)
        if entry is None:
            return None
        if entry.stale_at < time.monotonic() or not entry.ready.page.is_fresh():
            del _pages[key]
            _pages_size[0] -= entry.size
            return None
        _pages.move_to_end(key)
        return entry


def local_set(key: tuple, generation: float, page: CachedPage, on_hit: tuple | None) -> Ready:
    ready = _ready(page)
    size = len(page.body) + len(key[1])
    with _pages_lock:
        old = _pages.pop(key, None)
        if old is not None:
            _pages_size[0] -= old.size
        _pages[key] = Entry(generation, ready, time.monotonic() + PAGE_TIMEOUT, size, on_hit)
        _pages_size[0] += size
        while _pages_size[0] > LOCAL_BYTES and _pages:
            _old_key, old = _pages.popitem(last=False)
            _pages_size[0] -= old.size
    return ready
