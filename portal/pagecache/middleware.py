"""The page cache's middleware: first in MIDDLEWARE, it answers an anonymous GET of a page
this process holds before anything else runs (see ``portal.pagecache``)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.module_loading import import_string

from .respond import conditional, respond, stamped
from .store import (
    Entry,
    current_generation,
    local_get,
    page_key,
)
from .views import MESSAGES_COOKIE

request_logger = logging.getLogger("portal.requests")

MIDDLEWARE = "portal.pagecache.middleware.PageCacheMiddleware"
# Middleware after the page cache whose only work on a hit is adding headers that depend on
# nothing but the settings and whether the request came over https. Their headers are worked
# out once per process (for https and for http) by running them over a blank response, and
# each hit carries them.
HEADER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",  # HSTS, nosniff, Referrer-Policy, COOP
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
)
# Middleware after the page cache that a hit skips, and why that changes nothing for an
# anonymous GET with no session and no messages cookie. A new middleware must be added to
# HEADER_MIDDLEWARE or here (a test checks it).
SKIPPED_ON_HIT = {
    "whitenoise.middleware.WhiteNoiseMiddleware": "serves files under STATIC_URL only; a "
    "cached page is never one",
    "django.contrib.sessions.middleware.SessionMiddleware": "no session cookie: none to load "
    "or save",
    "portal.middleware.PortalLocaleMiddleware": "the language cookie is part of the key; the "
    "stored page keeps its Content-Language",
    "django.middleware.common.CommonMiddleware": "the page is a 200 at its canonical URL "
    "(no slash or www redirect); Content-Length is set on the hit",
    "django.middleware.csrf.CsrfViewMiddleware": "a cached page holds no CSRF token (a page "
    "that renders one is not stored; the language switch needs none): no cookie to set",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "no session: anonymous",
    "portal.middleware.RotationMiddleware": "applies a signed-in person's due move (人事異動): "
    "anonymous, nobody to move",
    "django.contrib.messages.middleware.MessageMiddleware": "no messages cookie, no session",
    "allauth.account.middleware.AccountMiddleware": "acts on 404s and sign-in flows only",
    "portal.middleware.StaffMFARequiredMiddleware": "signed-in staff only",
    "portal.middleware.PrivateResponseMiddleware": "signed-in people only",
    "portal.middleware.RequestLogMiddleware": "writing its line cost a fifth of a hit; nginx "
    "logs every request, and the hits are counted in one line a minute (HIT_LOG_SECONDS)",
}
HIT_LOG_SECONDS = 60
# What HttpRequest.get_host reads to name the host.
_HOST_META = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT")

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


def _without_session(request) -> bool:
    """A GET or HEAD the fast path may answer: no session (so anonymous, nothing saved) and
    no pending message in a cookie."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and MESSAGES_COOKIE not in cookies
    )


def _header_chain():
    """The HEADER_MIDDLEWARE of the settings, in their order, over a handler that returns the
    response being built."""
    names = [name for name in settings.MIDDLEWARE if name in HEADER_MIDDLEWARE]
    handler = _the_response
    for name in reversed(names):
        handler = import_string(name)(handler)
    return handler


def _the_response(request):
    return request.page_cache_response


class PageCacheMiddleware:
    """Answer an anonymous GET of a page this process has cached, before the session, the
    user, the messages and the URL resolver (see the package's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.add_headers = _header_chain()
        self.redirect_http = settings.SECURE_SSL_REDIRECT
        self.hosts_seen: set[tuple] = set()

    def check_host(self, request) -> None:
        """An unknown Host is refused (400) as the full stack would. What ``get_host`` reads
        is remembered once it passed (a few host names), so a hit does not check it again."""
        meta = request.META
        sent = tuple(meta.get(name) for name in _HOST_META)
        if sent not in self.hosts_seen:
            request.get_host()
            if len(self.hosts_seen) < 32:
                self.hosts_seen.add(sent)

    def __call__(self, request):
        if _without_session(request):
            entry = local_get(page_key(request))
            # Only a page cached here costs a look at the generation: other URLs (the health
            # check, static files …) go down the stack untouched.
            if entry is not None and entry.generation == current_generation():
                self.check_host(request)
                secure = request.is_secure()
                if secure or not self.redirect_http:  # else SecurityMiddleware redirects
                    return self.serve_hit(request, entry, secure)
        return self.get_response(request)

    def serve_hit(self, request, entry: Entry, secure: bool) -> HttpResponse:
        ready = entry.ready
        if entry.on_hit is not None:
            on_hit, args, kwargs = entry.on_hit
            on_hit(request, *args, **kwargs)
        _count_hit()
        response = conditional(request, ready)
        if response is not None:  # a 304: headers added as the middleware would
            request.page_cache_response = response
            for name, value in ready.headers:
                response[name] = value
            return self.add_headers(request)
        # Worked out by this middleware's own chain (its settings), once for https and http.
        headers = ready.stamped.get((self, secure))
        if headers is None:
            request.page_cache_response = respond(request, ready)
            headers = ready.stamped[(self, secure)] = self.add_headers(request).headers
        body = ready.page.body
        return stamped(HttpResponse(body, content_type=ready.page.content_type), headers)
