from django.urls import reverse

from . import registry
from .models import Municipality, Strategy, StrategyStatus
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
            "portal:strategy_index",
        ]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(SiteSitemap):
    changefreq = "yearly"

    def items(self):
        return Municipality.objects.order_by("code")

    def location(self, item):
        return reverse("portal:municipality_detail", args=[item.code])


class StrategySitemap(SiteSitemap):
    """Published strategies (#21): their pages change as results are entered each 年度."""

    changefreq = "monthly"

    def items(self):
        return (
            Strategy.objects.filter(status=StrategyStatus.PUBLISHED)
            .order_by("pk")
            .only("pk", "updated_at")
        )

    def location(self, item):
        return item.get_public_url()

    def lastmod(self, item):
        return item.updated_at


# The pillars' sections (registered in their AppConfig.ready(), which runs before the URLconf
# is imported) follow the kernel's own pages.
sitemaps = {
    "pages": StaticPagesSitemap,
    "municipalities": MunicipalitySitemap,
    "strategies": StrategySitemap,
    **registry.sitemap_sections(),
}
