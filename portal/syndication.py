"""The portal's public address (``PORTAL_SITE_URL``, settings.SITE_URL) for what is read away
from the page it came from: sitemaps, Atom feeds, robots.txt and the Sites row.

Django builds these absolute URLs from the Sites framework (a database row a migration set to
``127.0.0.1:8000``) and the request's scheme (``http`` behind a proxy that does not say
otherwise), so in production sitemap.xml and the feeds pointed at https://127.0.0.1:8000/.
Every sitemap and every feed of the portal derives from the two base classes here instead,
which take the scheme and host from the setting; the Sites row itself is brought in line with
the setting after each ``migrate`` (allauth names its domain in the mails it sends).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed


def site_origin() -> str:
    """``https://portal.example.jp`` (no trailing slash), as the rest of the portal joins it."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(url: str) -> str:
    """``url`` (a path from ``reverse()``, or already absolute) on the portal's address."""
    if urlsplit(url).scheme:
        return url
    return site_origin() + (url if url.startswith("/") else f"/{url}")


class SiteSitemap(Sitemap):
    """A sitemap section whose ``<loc>``s are on settings.SITE_URL, whatever host the Sites
    row names or the scheme the request came by. Every sitemap of the portal derives from it
    (tests/portal/test_robots_sitemap.py checks that)."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        parts = urlsplit(site_origin())
        return parts.netloc + parts.path


# The feed attributes that hold a URL; the syndication framework reads them all through
# Feed._get_dynamic_attr, then puts the Sites row's domain before any that is relative.
_URL_ATTRIBUTES = frozenset(
    {"link", "feed_url", "author_link", "item_link", "item_author_link", "item_comments"}
)


class SiteFeed(Feed):
    """An Atom/RSS feed whose links are on settings.SITE_URL. Subclasses keep Django's API
    (``link``, ``feed_url``, ``item_link`` … returning paths) and must give ``feed_url``,
    the feed's own address. Every feed of the portal derives from it."""

    def _get_dynamic_attr(self, attname, obj, default=None):
        # Django has no public hook for the domain of a feed's links: it takes the Sites row
        # (get_current_site) and request.is_secure(). An absolute URL it leaves alone, so
        # each link is made absolute here, where all of them pass.
        value = super()._get_dynamic_attr(attname, obj, default)
        if attname in _URL_ATTRIBUTES and isinstance(value, str) and value:
            return absolute_url(value)
        return value


def site_domain() -> str:
    """The host (and port) of settings.SITE_URL, as the Sites row holds it."""
    return urlsplit(settings.SITE_URL).netloc


def sync_site_domain(*, using: str = "default", **_kwargs) -> None:
    """Bring the Sites row (SITE_ID) in line with settings.SITE_URL; connected to
    ``post_migrate``, so each deployment's ``migrate`` corrects it."""
    from django.contrib.sites.models import Site

    domain = site_domain()
    if not domain:
        return
    site = Site.objects.using(using).filter(pk=settings.SITE_ID).first()
    if site is not None and site.domain != domain:
        site.domain = domain
        site.save(using=using, update_fields=["domain"])
    Site.objects.clear_cache()


# robots.txt: what crawlers should leave alone. Signed-in areas answer a crawler with the
# sign-in page anyway; listing them keeps those redirects (and the 協力隊 register, the
# calendar tokens, the downloads) out of search engines' queues. Allow lines come first, so
# that crawlers reading the rules in order (not by the longest match) agree.
ROBOTS_ALLOW = ["/grants/projects/results/"]
ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/i18n/",
    "/mypage/",
    "/notifications/",
    "/consultations/",
    "/files/",
    "/regions/",
    "/registrations/",
    "/strategies/manage/",
    "/organisation/",
    "/kessai/",
    "/grants/calls/*/apply/",
    "/grants/applications/",
    "/grants/notices/",
    "/grants/dashboard/",
    "/grants/overdue/",
    "/grants/projects/",
    "/grants/national/ask/",
    "/grants/national/consultations/",
    "/grants/furusato/company/",
    "/grants/furusato/companies/",
    "/grants/furusato/projects/",
    "/grants/furusato/interests/",
    "/grants/furusato/pipeline/",
    "/grants/furusato/report",
    "/grants/furusato/statistics/",
    "/grants/furusato/consultations/",
    "/grants/furusato/bookings/",
    "/grants/furusato/sites/",
    "/grants/furusato/donations/",
    "/dispatch/requests/",
    "/dispatch/assignments/",
    "/dispatch/notices/",
    "/dispatch/sessions/",
    "/dispatch/reports/",
    "/dispatch/people/",
    "/dispatch/me/",
    "/dispatch/municipalities/",
    "/dispatch/figures",
    "/dispatch/dashboard/",
    "/dispatch/calendar/",
    "/dispatch/kyoryokutai/manage/",
    "/dispatch/kyoryokutai/volunteers/",
    "/dispatch/kyoryokutai/me/",
    "/dispatch/kyoryokutai/reports/",
    "/dispatch/kyoryokutai/figures",
    "/casebook/propose/",
    "/casebook/proposals/",
    "/casebook/challenges/",
    "/casebook/meetings/",
    "/casebook/action-items/",
    "/casebook/plans/",
    "/casebook/notices/inbox/",
    "/casebook/notices/*/confirm/",
    "/casebook/cooperatives/mine/",
    "/casebook/cooperatives/applications/",
    "/casebook/cooperatives/notifications/",
    "/casebook/surveys/",
]
# The site's sitemap (with the casebook's sections) and the volunteers' portal's own.
ROBOTS_SITEMAPS = ["sitemap", "dispatch:kyoryokutai_sitemap"]


def robots_txt() -> str:
    from django.urls import NoReverseMatch, reverse

    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in ROBOTS_ALLOW]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append("")
    for name in ROBOTS_SITEMAPS:
        try:
            lines.append(f"Sitemap: {absolute_url(reverse(name))}")
        except NoReverseMatch:  # a pillar that is not installed
            continue
    return "\n".join(lines) + "\n"
