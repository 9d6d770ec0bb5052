"""The 決裁 panel on an object's page: its drafts, their routes and stamps."""

from django import template

from ..selectors.kessai import kessai_of_object, route_rows

register = template.Library()


@register.inclusion_tag("portal/includes/kessai_panel.html")
def kessai_panel(obj):
    drafts = kessai_of_object(obj) if obj is not None and obj.pk else []
    for kessai in drafts:
        kessai.rows = route_rows(kessai)
    return {"drafts": drafts}
