"""The 決裁 panel on an object's page: its drafts, their routes and stamps."""

from django import template

from ..permissions.kessai import can_view_kessai
from ..selectors.kessai import kessai_of_object, route_rows

register = template.Library()


@register.inclusion_tag("portal/includes/kessai_panel.html", takes_context=True)
def kessai_panel(context, obj):
    """The drafts on ``obj`` that the viewer may read: their own organisation's (HQ reads
    all). A municipality never sees how its bureau deliberates a decision — the stamps
    and comments of a 交付決定 on its application — nor a bureau a municipality's."""
    user = getattr(context.get("request"), "user", None)
    drafts = kessai_of_object(obj) if obj is not None and obj.pk and user is not None else []
    drafts = [kessai for kessai in drafts if can_view_kessai(user, kessai)]
    for kessai in drafts:
        kessai.rows = route_rows(kessai)
    return {"drafts": drafts}
