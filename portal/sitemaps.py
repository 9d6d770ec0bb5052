from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import registry
from .models import Municipality


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["portal:home", "portal:about", "portal:accessibility", "portal:municipality_list"]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(Sitemap):
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
