"""Cached public pages for anonymous visitors, answered before any other middleware.

A public view opts in with ``@public_page()``. Its 200 responses for anonymous visitors are
stored under a *generation* that every change of public content replaces (services and the
admin call ``invalidate`` on commit), with a weak ETag and a Last-Modified, so browsers
revalidate with a 304 and nobody sees a page older than the last change. Private pages never
opt in, and nothing is stored for a signed-in person.

Where the cost goes, and how a hit avoids it (``store``, ``middleware``):
- the generation is read from the shared cache (Redis) at most once a second per process, and
  the pages of the current generation are also kept in the process (a small LRU): a hit
  costs no round trip, and a change reaches every process within a second;
- ``PageCacheMiddleware`` comes first in MIDDLEWARE. A GET or HEAD with no session cookie and
  no messages cookie is looked up in the process's LRU by (language cookie, full path) and,
  if the page is of the current generation, answered at once, without the session, the user,
  the messages or the URL resolver. A miss goes down the normal stack to the view, whose
  decorator renders and stores the page (or takes it from the shared cache, keyed by
  generation, language and path);
- the security headers (HSTS, CSP, X-Frame-Options …) come from the same middleware as on a
  rendered page, run once per page and process for https and for http; later hits copy the
  checked headers. The other middleware has nothing to do for an anonymous visitor without a
  session (``middleware.SKIPPED_ON_HIT`` says why for each); the request log gets one line a
  minute with the number of hits instead of a line for each.

Cached pages hold no CSRF token: the one form on them, the language switch, is exempt (it
only sets the visitor's language cookie), and a page that renders a token anyway is served
but not stored. Content that changes by itself at a known time is either published by a
beat task (which invalidates on commit) or declared with ``public_page(expires=...)``.
"""

from .middleware import HEADER_MIDDLEWARE, MIDDLEWARE, SKIPPED_ON_HIT, PageCacheMiddleware
from .store import GENERATION_KEY, current_generation, invalidate, invalidate_on_commit, reset_local
from .views import PublicPagesAdminMixin, next_minute, public_page, rendering_for_cache

__all__ = [
    "GENERATION_KEY",
    "HEADER_MIDDLEWARE",
    "MIDDLEWARE",
    "SKIPPED_ON_HIT",
    "PageCacheMiddleware",
    "PublicPagesAdminMixin",
    "current_generation",
    "invalidate",
    "invalidate_on_commit",
    "next_minute",
    "public_page",
    "rendering_for_cache",
    "reset_local",
]
