"""Public pages: home, about, accessibility policy, sitemap, municipalities, favicon,
health check."""

import functools

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django.views.i18n import set_language

from .. import registry, selectors
from ..models import Bureau, Municipality
from ..pagecache import next_minute, public_page
from ..services.documents import document_request
from ..syndication import robots_txt
from .files import document_response

# The language switch in every page's header only sets the visitor's language cookie and
# redirects back to a page of this site (Django checks `next`): a forged cross-site POST
# could change nothing but the language someone reads in. It needs no CSRF token, so the
# cached public pages hold none and go out byte for byte as stored, with no cookie.
language_switch = csrf_exempt(set_language)


HOME_EVENTS = 5
MUNICIPALITY_EVENTS = 10


# The home page shows what is open now (calls, positions, coming events): rendered again at
# the start of each minute, and at once when something is published (the services and the
# admin invalidate the page cache).
@method_decorator(public_page(expires=next_minute), name="dispatch")
class HomeView(TemplateView):
    """Site search (the casebook's search), then the pillars' panels — new case studies,
    calls and 協力隊 positions open for applications — and the coming events."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "panels": registry.home_panels(),
            "events": list(selectors.events_upcoming()[:HOME_EVENTS]),
        }


@method_decorator(public_page(), name="dispatch")
class SitemapView(TemplateView):
    """/sitemap/: the sections of the site for people (/sitemap.xml is for crawlers)."""

    template_name = "portal/sitemap.html"


@method_decorator(public_page(), name="dispatch")
class AboutView(TemplateView):
    template_name = "portal/about.html"


@method_decorator(public_page(), name="dispatch")
class AccessibilityView(TemplateView):
    template_name = "portal/accessibility.html"


@require_GET
@public_page()
def municipality_list(request):
    return render(
        request,
        "portal/municipality_list.html",
        {
            "bureaus": selectors.bureaus_with_municipalities(),
            "total": Municipality.objects.count(),
        },
    )


def municipality_hub(municipality: Municipality) -> dict:
    """What the pillars publish about the municipality (case studies, 協力隊 positions,
    grants decided, bureau projects, plans) and its bureau's coming events: the page and
    the profile sheet show the same."""
    return {
        "panels": registry.public_municipality_panels(municipality),
        "events": list(
            selectors.events_upcoming().filter(bureau_id=municipality.bureau_id)[
                :MUNICIPALITY_EVENTS
            ]
        ),
    }


# Coming events leave the page when they end: rendered again each minute at most.
@require_GET
@public_page(expires=next_minute)
def municipality_detail(request, code):
    municipality = selectors.municipality_get(code)
    neighbours = Municipality.objects.filter(bureau_id=municipality.bureau_id).exclude(
        pk=municipality.pk
    )
    return render(
        request,
        "portal/municipality_detail.html",
        {"municipality": municipality, "neighbours": neighbours, **municipality_hub(municipality)},
    )


def _profile_context(municipality: Municipality) -> dict:
    bureau = Bureau.objects.select_related("region", "seat").get(pk=municipality.bureau_id)
    with translation.override("ja"):  # the sheet is in Japanese, like every document
        hub = municipality_hub(municipality)
    return {
        "municipality": municipality,
        "bureau": bureau,
        "neighbours": list(
            Municipality.objects.filter(bureau_id=bureau.pk).exclude(pk=municipality.pk)
        ),
        **hub,
    }


@require_GET
def municipality_profile_pdf(request, code):
    """The printable profile sheet; generated once per content and reused."""
    municipality = selectors.municipality_get(code)
    document = document_request(
        owner=municipality,
        kind="municipality_profile",
        title=f"{municipality.name} 市町村概要",
        template_name="portal/pdf/municipality_profile.html",
        context=_profile_context(municipality),
        requested_by=request.user,
    )
    return document_response(request, document, back_url=municipality_detail_url(municipality))


def municipality_detail_url(municipality):
    from django.urls import reverse

    return reverse("portal:municipality_detail", args=[municipality.code])


@never_cache
@require_GET
def healthz(request):
    """Database, cache and broker status; 200 whenever the database answers."""
    status = {"database": "ok", "cache": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "error"
    try:
        from django.core.cache import cache

        cache.set("healthz", "1", 5)
        if cache.get("healthz") != "1":
            status["cache"] = "error"
    except Exception:
        status["cache"] = "error"
    status["broker"] = _broker_status()
    code = 200 if status["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if code == 200 else "error", **status}, status=code)


@functools.cache
def _broker_client(url: str):
    """One client (with its connection pool) per process: a new one for every check cost
    more than the rest of the health check together."""
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _broker_status() -> str:
    from django.conf import settings

    if not settings.REDIS_URL:
        return "eager"
    try:
        _broker_client(settings.REDIS_URL).ping()
    except Exception:
        return "error"
    return "ok"


@functools.cache
def _favicon_bytes() -> bytes:
    path = finders.find("favicon.ico")
    with open(path, "rb") as icon:
        return icon.read()


@require_GET
@cache_control(public=True, max_age=7 * 24 * 60 * 60)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page says (pages also link the SVG)."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def robots(request):
    """/robots.txt: the sitemaps by their absolute URL, and the areas crawlers should skip."""
    return HttpResponse(robots_txt(), content_type="text/plain; charset=utf-8")
