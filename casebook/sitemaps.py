"""Sitemaps of the public casebook, served at /casebook/sitemap.xml and, registered with the
kernel (``plugins.py``), as sections of the site's /sitemap.xml."""

from django.urls import reverse

from portal.syndication import SiteSitemap

from .models import CaseStudy, JournalIssue, Status
from .models.choices import IssueStatus


class CasebookPagesSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "casebook:index",
            "casebook:case_study_list",
            "casebook:areas",
            "casebook:issue_list",
        ]

    def location(self, item):
        return reverse(item)


class CaseStudySitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            CaseStudy.objects.filter(status=Status.PUBLISHED)
            .only("pk", "published_at", "content_updated_at")
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.content_updated_at or item.published_at


class JournalIssueSitemap(SiteSitemap):
    changefreq = "yearly"

    def items(self):
        return JournalIssue.objects.filter(status=IssueStatus.PUBLISHED).order_by("number")

    def lastmod(self, item):
        return item.updated_at


class CooperativeRegisterSitemap(SiteSitemap):
    """The public register of certified cooperatives and its entries (in the site's
    /sitemap.xml only)."""

    changefreq = "weekly"

    def items(self):
        from .models.cooperatives import Cooperative

        certified = Cooperative.objects.filter(certified_on__isnull=False).order_by("pk")
        return ["list", *certified.values_list("pk", flat=True)]

    def location(self, item):
        if item == "list":
            return reverse("casebook:cooperative_register_list")
        return reverse("casebook:cooperative_register_detail", args=[item])


class NoticeSitemap(SiteSitemap):
    """The public notices (お知らせ) and their list; internal notices are never listed."""

    changefreq = "daily"

    def items(self):
        from .selectors.notices import notices_public

        public = notices_public().order_by("pk").values_list("pk", flat=True)
        return ["list", *public]

    def location(self, item):
        if item == "list":
            return reverse("casebook:notice_list")
        return reverse("casebook:notice_detail", args=[item])


sitemaps = {
    "casebook-pages": CasebookPagesSitemap,
    "case-studies": CaseStudySitemap,
    "journal": JournalIssueSitemap,
}
