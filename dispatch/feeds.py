"""The Atom feed of 協力隊 positions, newest first: all of them, or those of a bureau or a
mission (?bureau=kamikawa, ?mission=tourism). Built from the public selector only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal.japanese import wareki_date
from portal.models import Bureau
from portal.syndication import SiteFeed

from .models import Mission
from .selectors.kyoryokutai import positions_for_feed


class PositionFeed(SiteFeed):
    feed_type = Atom1Feed
    language = "ja"

    def get_object(self, request):
        bureau_code = request.GET.get("bureau", "")[:50]
        mission_code = request.GET.get("mission", "")[:50]
        return {
            "bureau": Bureau.objects.filter(code=bureau_code).first() if bureau_code else None,
            "mission": Mission.objects.filter(code=mission_code).first() if mission_code else None,
        }

    def title(self, obj):
        parts = [_("地域おこし協力隊 positions in Hokkaido")]
        parts += [str(value) for value in (obj["bureau"], obj["mission"]) if value is not None]
        return ": ".join(parts)

    def subtitle(self, obj):
        return _("Positions posted by Hokkaido's municipalities, newest first.")

    def _query(self, obj) -> str:
        params = [f"{key}={value.code}" for key, value in obj.items() if value is not None]
        return f"?{'&'.join(params)}" if params else ""

    def link(self, obj):
        return reverse("dispatch:kyoryokutai_position_list") + self._query(obj)

    def feed_url(self, obj):
        return reverse("dispatch:kyoryokutai_position_feed") + self._query(obj)

    def items(self, obj):
        return positions_for_feed(bureau=obj["bureau"], mission=obj["mission"])

    def item_title(self, item):
        return f"{item.municipality.name}: {item.title}"

    def item_description(self, item):
        return (
            f"{item.activity}\n"
            f"{_('Applications')}: {wareki_date(item.applications_open)} – "
            f"{wareki_date(item.applications_close)}"
        )

    def item_link(self, item):
        return reverse("dispatch:kyoryokutai_position_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [m.name for m in item.missions.all()]

    def item_author_name(self, item):
        return item.municipality.name
