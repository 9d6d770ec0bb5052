from django import template
from django.utils.translation import get_language

from .. import japanese
from ..workflow import action_label

register = template.Library()

register.filter("wareki", japanese.wareki)
register.filter("nendo", japanese.nendo)
register.filter("yen", japanese.yen)
register.filter("thousand_yen", japanese.thousand_yen)


@register.filter
def date_both(value):
    """Screens show both calendars in Japanese: 2025年4月1日（令和7年4月1日）."""
    if not value:
        return ""
    day = japanese._as_date(value)
    if (get_language() or "ja").startswith("ja"):
        return f"{day.year}年{day.month}月{day.day}日（{japanese.wareki(day)}）"
    return day.strftime("%d %b %Y")


@register.simple_tag
def field_widget(field):
    """Render a bound field's widget, described by its hint and its errors."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("portal/includes/timeline.html")
def timeline(events, workflow=None, applicant=False):
    rows = []
    for event in events:
        if workflow is not None:
            label = workflow.label_for(event.action, applicant=applicant)
        else:
            label = action_label(event.action)
        rows.append({"event": event, "label": label})
    return {"rows": rows}
