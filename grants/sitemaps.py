"""The public pages of financial support as a section of the site's /sitemap.xml
(registered with the kernel in ``plugins.py``)."""

from django.urls import reverse

from portal.syndication import SiteSitemap


class GrantsPagesSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "grants:index",
            "grants:call_list",
            "grants:decision_list",
            "grants:project_results",
            "grants:national_programme_list",
            "grants:national_faq",
            "grants:furusato_index",
            "grants:furusato_event_list",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {"grants": GrantsPagesSitemap}
