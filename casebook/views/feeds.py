"""Atom feeds of newly published case studies: all, per theme, per bureau."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.models import Bureau
from portal.syndication import SiteFeed

from ..models import Theme
from ..selectors.case_studies import case_studies_for_feed


class CaseStudyFeed(SiteFeed):
    feed_type = Atom1Feed
    language = "ja"

    def get_object(self, request, theme=None, bureau=None):
        if theme is not None:
            found = Theme.objects.filter(code=theme).first()
            if found is None:
                raise Http404
            return ("theme", found)
        if bureau is not None:
            found = Bureau.objects.filter(code=bureau).first()
            if found is None:
                raise Http404
            return ("bureau", found)
        return ("all", None)

    def title(self, obj):
        kind, value = obj
        name = _("Hokkaido case studies")
        if kind == "theme":
            return f"{name}: {value.name}"
        if kind == "bureau":
            return f"{name}: {value.name}"
        return name

    def subtitle(self, obj):
        return _("Case studies of Hokkaido's municipalities, newest first.")

    def link(self, obj):
        kind, value = obj
        url = reverse("casebook:case_study_list")
        if kind == "theme":
            return f"{url}?theme={value.code}"
        if kind == "bureau":
            return f"{url}?bureau={value.code}"
        return url

    def feed_url(self, obj):
        kind, value = obj
        if kind == "theme":
            return reverse("casebook:feed_theme", args=[value.code])
        if kind == "bureau":
            return reverse("casebook:feed_bureau", args=[value.code])
        return reverse("casebook:feed")

    def items(self, obj):
        kind, value = obj
        return case_studies_for_feed(
            theme=value if kind == "theme" else None, bureau=value if kind == "bureau" else None
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.content_updated_at or item.published_at

    def item_author_name(self, item):
        return item.municipality.name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_copyright(self, item):
        return "CC BY 4.0"

    def feed_copyright(self, obj):
        return "CC BY 4.0 — 北海道 市町村戦略支援ポータル（北海道）"
