"""Under production settings (PORTAL_SITE_URL=https://portal.example.jp) every sitemap
<loc> and every Atom feed link is on https://portal.example.jp/, not on the Sites row's
127.0.0.1:8000 nor on the scheme the request came by; /robots.txt names the sitemaps by
their absolute URL and keeps crawlers out of the admin, the accounts and the private areas."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.sites.models import Site
from django.contrib.syndication.views import Feed
from django.core import mail
from django.db.models.signals import post_migrate
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal import registry
from portal.syndication import SiteFeed, SiteSitemap

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.jp"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def production(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portal.example.jp"]
    return settings


@pytest.fixture
def content(db):
    """A published case study and journal issue, a published 協力隊 position."""
    from casebook.models.choices import IssueStatus
    from tests.casebook.factories import CaseStudyFactory, JournalIssueFactory
    from tests.dispatch.test_kyoryokutai_factories import load_missions, make_position

    load_missions()
    JournalIssueFactory(status=IssueStatus.PUBLISHED)
    return {
        "case_study": CaseStudyFactory(published=True, title="札幌の観光"),
        "position": make_position(title="観光の担い手"),
    }


def _locations(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own sitemap
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


SITEMAPS = ["sitemap", "casebook:sitemap", "dispatch:kyoryokutai_sitemap"]


@pytest.mark.parametrize("name", SITEMAPS)
def test_every_sitemap_lists_absolute_urls_on_the_site_url(client, production, content, name):
    # Even when the request itself came over plain http on another host name.
    locations = _locations(client.get(reverse(name)))
    assert locations
    assert all(loc.startswith(f"{SITE}/") for loc in locations), locations[:5]


def test_the_sitemap_has_the_published_pages(client, production, content):
    locations = _locations(client.get(reverse("sitemap")))
    assert f"{SITE}{content['case_study'].get_absolute_url()}" in locations
    assert f"{SITE}{reverse('portal:accessibility')}" in locations
    kyoryokutai = _locations(client.get(reverse("dispatch:kyoryokutai_sitemap")))
    position = reverse("dispatch:kyoryokutai_position_detail", args=[content["position"].pk])
    assert f"{SITE}{position}" in kyoryokutai


def _feed_links(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own feed
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    ids = [element.text for element in root.iter(f"{ATOM}id")]
    return links + ids


FEEDS = [
    ("casebook:feed", [], {}),
    ("casebook:feed_theme", ["tourism"], {}),
    ("casebook:feed_bureau", ["ishikari"], {}),
    ("dispatch:kyoryokutai_position_feed", [], {}),
    ("dispatch:kyoryokutai_position_feed", [], {"bureau": "kamikawa", "mission": "tourism"}),
]


@pytest.mark.parametrize(("name", "args", "query"), FEEDS)
def test_every_atom_feed_links_to_the_site_url(client, production, content, name, args, query):
    response = client.get(reverse(name, args=args), query)
    links = _feed_links(response)
    assert len(links) >= 4  # the page, the feed itself, and at least one entry
    assert all(link.startswith(f"{SITE}/") for link in links), links
    root = ET.fromstring(response.content)  # noqa: S314
    self_link = next(x for x in root.findall(f"{ATOM}link") if x.get("rel") == "self")
    assert urlsplit(self_link.get("href")).path == reverse(name, args=args)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        else:
            yield route, pattern


def test_every_feed_and_sitemap_goes_through_the_kernel_base_classes():
    feeds, sections = [], []
    for _route, pattern in _walk(get_resolver().url_patterns):
        assert isinstance(pattern, URLPattern)
        if isinstance(pattern.callback, Feed):
            feeds.append(pattern.callback)
        sections += list(pattern.default_args.get("sitemaps", {}).values())
    sections += list(registry.sitemap_sections().values())
    assert feeds and sections
    assert all(isinstance(feed, SiteFeed) for feed in feeds), feeds
    assert all(issubclass(section, SiteSitemap) for section in sections), sections


# --- robots.txt -------------------------------------------------------------------------------


class Robots:
    """The rules for every crawler (``User-agent: *``), read as RFC 9309 says: the longest
    matching path wins, ``Allow`` on a tie; ``*`` matches any characters, ``$`` the end."""

    def __init__(self, text: str):
        self.rules = []
        for line in text.splitlines():
            field, _sep, value = line.partition(":")
            if field.strip().lower() in ("allow", "disallow") and value.strip():
                path = value.strip()
                pattern = re.escape(path).replace(r"\*", ".*")
                if pattern.endswith(r"\$"):
                    pattern = pattern[:-2] + "$"
                self.rules.append((len(path), field.strip().lower() == "allow", pattern))

    def allows(self, path: str) -> bool:
        matching = [(length, allow) for length, allow, p in self.rules if re.match(p, path)]
        return max(matching, default=(0, True))[1]


def _robots(client) -> tuple[str, Robots]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    text = response.content.decode()
    assert text.startswith("User-agent: *\n")
    return text, Robots(text)


def test_robots_names_the_sitemaps_by_their_absolute_url(client, production):
    text, _robots_rules = _robots(client)
    sitemaps = re.findall(r"^Sitemap: (\S+)$", text, flags=re.MULTILINE)
    assert f"{SITE}/sitemap.xml" in sitemaps
    assert f"{SITE}{reverse('dispatch:kyoryokutai_sitemap')}" in sitemaps


PRIVATE = [
    "/admin/",
    "/accounts/login/",
    "/mypage/",
    "/notifications/",
    "/consultations/",
    "/files/00000000-0000-0000-0000-000000000000/",
    "/regions/",
    "/registrations/1/token/",
    "/grants/applications/",
    "/grants/dashboard/",
    "/grants/dashboard/export.csv",
    "/grants/calls/12/apply/",
    "/grants/projects/",
    "/grants/furusato/pipeline/",
    "/dispatch/requests/",
    "/dispatch/people/",
    "/dispatch/figures/",
    "/dispatch/calendar/secret.ics",
    "/dispatch/kyoryokutai/volunteers/",
    "/dispatch/kyoryokutai/manage/positions/",
    "/casebook/challenges/",
    "/casebook/plans/",
    "/casebook/meetings/",
    "/casebook/cooperatives/mine/",
    "/casebook/notices/inbox/",
    "/casebook/notices/12/confirm/",
]
PUBLIC = [
    "/",
    "/about/",
    "/municipalities/011002/",
    "/grants/calls/",
    "/grants/projects/results/",
    "/grants/national/",
    "/dispatch/kyoryokutai/positions/",
    "/dispatch/kyoryokutai/positions/feed/",
    "/casebook/cases/",
    "/casebook/feed/",
    "/casebook/minutes/",
    "/casebook/cooperatives/",
    "/casebook/notices/",
    "/casebook/notices/12/",
    "/casebook/notices/feed/",
    "/sitemap.xml",
]


def test_robots_keeps_crawlers_out_of_the_private_areas(client, production):
    _text, robots = _robots(client)
    for path in PRIVATE:
        assert not robots.allows(path), path
    for path in PUBLIC:
        assert robots.allows(path), path


def _sample(route: str) -> str:
    """A URL for ``route`` with made-up values: enough to see whether the view asks for a
    sign-in before it looks anything up."""
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<(?:str|slug|path):[^>]+>", "x", route)
    route = re.sub(r"<[^>]+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


def test_every_page_that_asks_for_a_sign_in_is_disallowed(client, production):
    """Found from the URL configuration, so a private page added later is covered."""
    _text, robots = _robots(client)
    client.raise_request_exception = False
    login = reverse("account_login")
    missed = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        path = _sample(route)
        if path.startswith(("/admin/", "/accounts/", "/i18n/", "/__")) or "(?P" in path:
            continue
        response = client.get(path)
        signs_in = response.status_code == 302 and response["Location"].startswith(login)
        if signs_in and robots.allows(path):
            missed.append(path)
    assert missed == []


# --- the Sites row --------------------------------------------------------------------------


def test_after_migrate_the_sites_row_names_the_site_url_host(client, production):
    assert Site.objects.get_current().domain == "127.0.0.1:8000"  # as the migration left it
    # What ``manage.py migrate`` sends once the portal's migrations have run.
    portal = apps.get_app_config("portal")
    post_migrate.send(
        sender=portal, app_config=portal, verbosity=0, interactive=False, using="default",
        apps=apps, plan=[],
    )  # fmt: skip
    assert Site.objects.get_current().domain == "portal.example.jp"
    # allauth names the site in its mails.
    client.post(
        reverse("account_signup"),
        {
            "email": "kikaku@town.example.jp",
            "name": "町 太郎",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    body = mail.outbox[-1].body
    assert "portal.example.jp" in body
    assert "127.0.0.1" not in body
