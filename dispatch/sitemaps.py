"""The sitemap of the volunteers' portal, served at /dispatch/kyoryokutai/sitemap.xml: its
pages, the published positions and trial programmes, and the municipalities that post
(never the register)."""

from django.urls import reverse

from portal.syndication import SiteSitemap

from .selectors import kyoryokutai as selectors


def _bare(queryset):
    """Only what a sitemap entry needs, from the public selector."""
    return (
        queryset.select_related(None).prefetch_related(None).only("pk", "updated_at").order_by("pk")
    )


class KyoryokutaiPagesSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "dispatch:kyoryokutai",
            "dispatch:kyoryokutai_position_list",
            "dispatch:kyoryokutai_trial_list",
            "dispatch:kyoryokutai_event_list",
            "dispatch:kyoryokutai_inquiry",
        ]

    def location(self, item):
        return reverse(item)


class PositionSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return _bare(selectors.positions_public())

    def location(self, item):
        return reverse("dispatch:kyoryokutai_position_detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class TrialSitemap(PositionSitemap):
    def items(self):
        return _bare(selectors.trials_public())

    def location(self, item):
        return reverse("dispatch:kyoryokutai_trial_detail", args=[item.pk])


class PostingMunicipalitySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return sorted(set(selectors.positions_public().values_list("municipality_id", flat=True)))

    def location(self, item):
        return reverse("dispatch:kyoryokutai_municipality", args=[item])


sitemaps = {
    "kyoryokutai-pages": KyoryokutaiPagesSitemap,
    "kyoryokutai-positions": PositionSitemap,
    "kyoryokutai-trials": TrialSitemap,
    "kyoryokutai-municipalities": PostingMunicipalitySitemap,
}
