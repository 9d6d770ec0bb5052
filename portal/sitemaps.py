from django.urls import reverse

from . import registry
from .models import Municipality
from .syndication import SiteSitemap


class StaticPagesSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "portal:home",
            "portal:about",
            "portal:accessibility",
            "portal:sitemap_page",
            "portal:municipality_list",
            "portal:event_list",
        ]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(SiteSitemap):
    changefreq = "yearly"

    def items(self):
        return Municipality.objects.order_by("code")

    def location(self, item):
        return reverse("portal:municipality_detail", args=[item.code])


# The pillars' sections (registered in their AppConfig.ready(), which runs before the URLconf
# is imported) follow the kernel's own pages.
sitemaps = {
    "pages": StaticPagesSitemap,
    "municipalities": MunicipalitySitemap,
    **registry.sitemap_sections(),
}
