"""Cached public pages for anonymous visitors, answered before most of the middleware.

A public view opts in with ``@public_page()``. Its 200 responses for anonymous visitors are
stored under a *generation* that every change of public content replaces (services and the
admin call ``invalidate`` on commit), with a weak ETag and a Last-Modified, so browsers
revalidate with a 304 and nobody sees a page older than the last change. Private pages never
opt in, and nothing is stored for a signed-in person.

Where the cost goes, and how a hit avoids it:
- the generation is read from the shared cache (Redis) at most once a second per process, and
  the pages of the current generation are also kept in the process (a small LRU): a hit
  costs no round trip, and a change reaches every process within a second;
- ``PageCacheMiddleware`` sits right after SecurityMiddleware and WhiteNoise. A GET or HEAD
  with no session cookie and no messages cookie is looked up in the process's LRU by
  (language cookie, full path) and, if the page is of the current generation, answered at
  once, without the session, the user, the messages or the URL resolver. A miss goes down the
  normal stack to the view, whose decorator renders and stores the page (or takes it from the
  shared cache, keyed by generation, language and path);
- of the middleware below it, a hit still goes through those that only add to a response and
  cost no query (``HIT_MIDDLEWARE``): the CSRF cookie, X-Frame-Options, the CSP and
  Permissions-Policy. The others have nothing to do for an anonymous visitor without a
  session (``SKIPPED_ON_HIT`` says why for each); the request log gets one line a minute with
  the number of hits instead of a line for each.

A cached page's one form (the language switch in the header) needs the visitor's own CSRF
token: pages are rendered with a placeholder that is replaced on the way out, and the CSRF
middleware then sets or renews the visitor's cookie as it would for a rendered page.

Some public content changes by itself at a known time (a scheduled publication): a pillar
registers it with ``register_schedule``; the first request after that time makes the change
(a safety net beside the pillar's beat task) and starts a new generation.
"""

from __future__ import annotations

import hashlib
import logging
import math
import operator
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("portal.requests")

GENERATION_KEY = "pagecache:generation"
DUE_KEY = "pagecache:next-due"
DUE_LOCK_KEY = "pagecache:due-lock"
PAGE_KEY = "pagecache:page"
PAGE_TIMEOUT = 15 * 60  # pages sorted by views drift; a quarter of an hour is fine
LOCAL_SECONDS = 1.0
LOCAL_BYTES = 32 * 1024 * 1024  # pages kept in each process
DUE_RETRY_SECONDS = 60  # a scheduled change that failed is tried again after this
CSRF_PLACEHOLDER = "pagecache-csrf-placeholder-0f3c"
NO_DUE = 0.0
KEPT = frozenset({"link", "x-robots-tag"})  # headers of the view's response kept with the page
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage.cookie_name

MIDDLEWARE = "portal.pagecache.PageCacheMiddleware"
# Middleware placed after the page cache that still runs on a hit: each only reads the request
# and adds to the response, without a query.
HIT_MIDDLEWARE = frozenset(
    {
        "django.middleware.csrf.CsrfViewMiddleware",  # reads, sets or renews the CSRF cookie
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "portal.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    }
)
# Middleware placed after the page cache that a hit skips, and why that changes nothing for
# an anonymous GET with no session and no messages cookie. A new middleware must be added to
# one of the two sets (a test checks it).
SKIPPED_ON_HIT = {
    "django.contrib.sessions.middleware.SessionMiddleware": "no session cookie: none to load "
    "or save",
    "portal.middleware.PortalLocaleMiddleware": "the language cookie is part of the key; the "
    "stored page keeps its Content-Language",
    "django.middleware.common.CommonMiddleware": "the page is a 200 at its canonical URL "
    "(no slash or www redirect); Content-Length is set on the hit",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "no session: anonymous",
    "django.contrib.messages.middleware.MessageMiddleware": "no messages cookie, no session",
    "allauth.account.middleware.AccountMiddleware": "acts on 404s and sign-in flows only",
    "portal.middleware.StaffMFARequiredMiddleware": "signed-in staff only",
    "portal.middleware.PrivateResponseMiddleware": "signed-in people only",
    "portal.middleware.RequestLogMiddleware": "writing its line cost a fifth of a hit; nginx "
    "logs every request, and the hits are counted in one line a minute (HIT_LOG_SECONDS)",
}
HIT_LOG_SECONDS = 60


# --- Shared state: the generation and the next scheduled change --------------------------

_local: dict = {"generation": None, "due": None, "checked": 0.0}
_pages: OrderedDict = OrderedDict()
_pages_lock = threading.Lock()
_pages_size = [0]


@dataclass(frozen=True)
class Schedule:
    next_due: Callable[[], float | None]  # timestamp of the next change, or None
    make_due: Callable[[], object]  # makes the changes whose time has come


_schedules: list[Schedule] = []


def register_schedule(*, next_due: Callable[[], float | None], make_due: Callable[[], object]):
    """Public content that changes by itself at a known time (called from ``ready()``).

    ``next_due()`` returns the timestamp of the next change (or None); once it has passed,
    the first request calls ``make_due()`` and a new generation starts.
    """
    schedule = Schedule(next_due, make_due)
    if schedule not in _schedules:
        _schedules.append(schedule)


def reset_local() -> None:
    """Forget what this process remembers of the shared state (tests; after a cache clear)."""
    _local.update(generation=None, due=None, checked=0.0)
    with _pages_lock:
        _pages.clear()
        _pages_size[0] = 0


def invalidate() -> None:
    """Public content changed: every cached page is stale from now on."""
    cache.set(GENERATION_KEY, time.time(), None)
    cache.delete(DUE_KEY)
    reset_local()


def invalidate_on_commit() -> None:
    """Invalidate once the current transaction commits (what services and the admin call)."""
    transaction.on_commit(invalidate)


def _next_due() -> float | None:
    """The earliest scheduled change, NO_DUE if none, None if it cannot be known now (the
    database is down: cached pages are still served, and it is asked again a second later)."""
    try:
        dues = [due for due in (schedule.next_due() for schedule in _schedules) if due]
    except Exception:
        logger.exception("the next scheduled change of public content is unknown")
        return None
    return min(dues, default=NO_DUE)


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
        due = _next_due()
        if due is None:
            due = NO_DUE  # unknown for now: not stored, asked again after LOCAL_SECONDS
        else:
            cache.set(DUE_KEY, due, None)
    if generation != _local["generation"]:
        reset_local()  # another process published: this one's pages are stale
    _local.update(generation=generation, due=due, checked=now)
    return generation, due


def current_generation() -> float:
    """The generation of public content, after making any scheduled change that is due."""
    generation, due = _shared_state()
    if due and due <= time.time() and cache.add(DUE_LOCK_KEY, 1, 30):
        try:
            _make_due()
        finally:
            cache.delete(DUE_LOCK_KEY)
        generation, _due = _shared_state()
    return generation


def _make_due() -> None:
    for schedule in _schedules:
        try:
            schedule.make_due()
        except Exception:  # the pillar's beat task will retry; never fail a page for it
            logger.exception("making a scheduled change of public content failed")
    invalidate()
    due = _next_due()
    if due is None or (due and due <= time.time()):  # it failed: try again later
        due = time.time() + DUE_RETRY_SECONDS
    cache.set(DUE_KEY, due, None)


# --- The pages of this process (LRU) ------------------------------------------------------


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
class _Ready:
    """A page as a hit sends it: its body cut at the CSRF placeholder, its headers rendered."""

    page: CachedPage
    parts: tuple
    headers: tuple


def _ready(page: CachedPage) -> _Ready:
    headers = (
        *page.headers,
        ("ETag", page.etag),
        ("Last-Modified", page.last_modified_http),
        # Stored by browsers, always revalidated: a publication is visible at once.
        ("Cache-Control", "no-cache"),
        ("Vary", "Cookie"),  # the CSRF middleware keeps it when it renews the cookie
    )
    return _Ready(page, tuple(page.body.split(CSRF_PLACEHOLDER.encode())), headers)


@dataclass(frozen=True)
class _Entry:
    generation: float
    ready: _Ready
    stale_at: float  # time.monotonic()
    size: int
    on_hit: tuple | None = None  # (callable, args, kwargs) of the view that stored it


def _local_get(key: tuple) -> _Entry | None:
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


def _local_set(key: tuple, generation: float, page: CachedPage, on_hit: tuple | None) -> _Ready:
    ready = _ready(page)
    size = len(page.body) + len(key[1])
    with _pages_lock:
        old = _pages.pop(key, None)
        if old is not None:
            _pages_size[0] -= old.size
        _pages[key] = _Entry(generation, ready, time.monotonic() + PAGE_TIMEOUT, size, on_hit)
        _pages_size[0] += size
        while _pages_size[0] > LOCAL_BYTES and _pages:
            _old_key, old = _pages.popitem(last=False)
            _pages_size[0] -= old.size
    return ready


# --- Keys and what may be cached ----------------------------------------------------------


def cookie_language(request) -> str:
    """The page's language, as PortalLocaleMiddleware chooses it: the switch's cookie only."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _key(request) -> tuple:
    """(language, full path) in this process; the entry remembers its generation."""
    return (cookie_language(request), request.get_full_path())


def _shared_key(key: tuple, generation: float) -> str:
    language, path = key
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:32]
    return f"{PAGE_KEY}:{generation!r}:{language}:{digest}"


def _without_session(request) -> bool:
    """A GET or HEAD the fast path may answer: no session (so anonymous, nothing saved) and
    no pending message in a cookie."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and MESSAGES_COOKIE not in cookies
    )


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


# Indentation between tags (a quarter of a page): collapsed to one newline, which renders
# exactly as before (browsers collapse white space; public pages have no <pre>).
_INDENTATION = re.compile(rb">[ \t]*\n\s*<")


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


# --- CSRF: each visitor's own token in a cached page --------------------------------------

_CSRF_CHARS = CSRF_ALLOWED_CHARS.encode("ascii")
_CSRF_BASE = len(_CSRF_CHARS)
_CSRF_UNBIASED = 256 - 256 % _CSRF_BASE
# Random byte b < _CSRF_UNBIASED becomes the index b % 62; the others are deleted (bias).
_CSRF_RANDOM_INDEX = bytes(b % _CSRF_BASE for b in range(256))
_CSRF_BIASED = bytes(range(_CSRF_UNBIASED, 256))
_CSRF_TO_INDEX = bytes.maketrans(_CSRF_CHARS, bytes(range(_CSRF_BASE)))
# An index, or the sum of two (Django's mask is a per-character addition modulo 62), as a char.
_CSRF_TO_CHAR = bytes(_CSRF_CHARS[value % _CSRF_BASE] for value in range(256))


def _csrf_indexes() -> bytes:
    """CSRF_SECRET_LENGTH random indexes into CSRF_ALLOWED_CHARS from one read of the
    system's random source (Django's get_random_string reads it once per character, which
    was the largest cost of serving a cached page)."""
    indexes = b""
    while len(indexes) < CSRF_SECRET_LENGTH:
        random = secrets.token_bytes(2 * CSRF_SECRET_LENGTH)
        indexes += random.translate(_CSRF_RANDOM_INDEX, _CSRF_BIASED)
    return indexes[:CSRF_SECRET_LENGTH]


def visitor_csrf_token(request) -> str:
    """What ``django.middleware.csrf.get_token`` returns (the visitor's secret masked with a
    new random mask, which the middleware then sets or renews as the cookie), made cheaply:
    the characters are added as byte strings, not one by one."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        secret = _csrf_indexes().translate(_CSRF_TO_CHAR).decode("ascii")
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _csrf_indexes()
    cipher = bytes(map(operator.add, secret.encode("ascii").translate(_CSRF_TO_INDEX), mask))
    return (mask + cipher).translate(_CSRF_TO_CHAR).decode("ascii")


def rendering_for_cache(request) -> bool:
    return getattr(request, "page_cache_render", False)


def render_context(request, context: dict) -> dict:
    """The view's context, with the CSRF placeholder when the page is being cached."""
    if rendering_for_cache(request):
        return {**context, "csrf_token": CSRF_PLACEHOLDER}
    return context


_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _respond(request, ready: _Ready) -> HttpResponse:
    page = ready.page
    response = None
    if any(name in request.META for name in _CONDITIONAL):
        response = get_conditional_response(
            request, etag=page.etag, last_modified=int(page.last_modified)
        )
    if response is None:
        parts = ready.parts
        body = visitor_csrf_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
        response = HttpResponse(body, content_type=page.content_type)
        response["Content-Length"] = str(len(body))
    for name, value in ready.headers:
        response[name] = value
    return response


# --- The view decorator and the middleware ------------------------------------------------


def next_minute() -> float:
    """For ``public_page(expires=...)``: a page that shows a time window (a call opening at
    09:00) is rendered again at the start of each minute."""
    return float(math.floor(time.time() / 60) * 60 + 60)


def _render_for_cache(view, request, args, kwargs):
    """The view's response with the CSRF placeholder in place of a token, and whether a real
    token was used anyway (the page then belongs to this visitor and is not stored)."""
    needs_update = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    request.page_cache_render = True
    try:
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            context = response.context_data or {}
            response.context_data = {**context, "csrf_token": CSRF_PLACEHOLDER}
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

    A function view renders with ``render_context`` (a class-based view's TemplateResponse
    gets the placeholder by itself) so that its CSRF token is the placeholder.
    ``on_hit(request, *args, **kwargs)`` runs for every page served, also by the middleware
    (e.g. to count views). ``expires()`` gives the time a stored page goes stale by itself.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            generation = current_generation()
            key = _key(request)
            hit = (on_hit, args, kwargs) if on_hit is not None else None
            entry = _local_get(key)
            fresh = entry is not None and entry.generation == generation
            ready = entry.ready if fresh else None
            if ready is None:
                page = cache.get(_shared_key(key, generation))
                if page is not None and page.is_fresh():
                    ready = _local_set(key, generation, page, hit)
            if ready is None:
                response, token_used = _render_for_cache(view, request, args, kwargs)
                if token_used or not _storable(response, key):
                    return response
                page = _store(response, generation, expires() if expires else 0.0)
                timeout = PAGE_TIMEOUT
                if page.expires:
                    timeout = max(1, min(timeout, math.ceil(page.expires - time.time())))
                cache.set(_shared_key(key, generation), page, timeout)
                ready = _local_set(key, generation, page, hit)
            if on_hit is not None:
                on_hit(request, *args, **kwargs)
            return _respond(request, ready)

        return wrapper

    return decorator


_hits = {"count": 0, "since": time.monotonic()}


def _count_hit() -> None:
    """The portal's request log gets one line a minute (per process) with the number of pages
    served by the middleware, instead of a line for each."""
    _hits["count"] += 1
    now = time.monotonic()
    if now - _hits["since"] >= HIT_LOG_SECONDS:
        seconds = round(now - _hits["since"], 1)
        request_logger.info(
            "page cache", extra={"http": {"cache_hits": _hits["count"], "seconds": seconds}}
        )
        _hits.update(count=0, since=now)


def _serve_hit(request):
    entry = request.page_cache_entry
    if entry.on_hit is not None:
        on_hit, args, kwargs = entry.on_hit
        on_hit(request, *args, **kwargs)
    _count_hit()
    return _respond(request, entry.ready)


def _hit_chain():
    """``_serve_hit`` wrapped in the middleware of HIT_MIDDLEWARE, in the settings' order."""
    names = list(settings.MIDDLEWARE)
    below = names[names.index(MIDDLEWARE) + 1 :] if MIDDLEWARE in names else []
    handler = _serve_hit
    for name in reversed([name for name in below if name in HIT_MIDDLEWARE]):
        handler = import_string(name)(handler)
    return handler


class PageCacheMiddleware:
    """Answer an anonymous GET of a page this process has cached, before the session, the
    user, the messages and the URL resolver (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.serve_hit = _hit_chain()

    def __call__(self, request):
        if _without_session(request):
            request.get_host()  # an unknown Host is refused (400) as the full stack would
            entry = _local_get(_key(request))
            # Only a page cached here costs a look at the generation: other URLs (the health
            # check …) go down the stack untouched.
            if entry is not None and entry.generation == current_generation():
                request.page_cache_entry = entry
                return self.serve_hit(request)
        return self.get_response(request)


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
