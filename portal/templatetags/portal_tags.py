from django import template

from .. import japanese
from ..workflow import action_label

register = template.Library()

register.filter("nendo", japanese.nendo)
register.filter("yen", japanese.yen)
register.filter("thousand_yen", japanese.thousand_yen)


@register.filter
def wareki_date(value, precision="day"):
    """令和8年（2026年）8月1日 / 1 August 2026; `|wareki_date:"month"` for 令和8年（2026年）8月."""
    return japanese.wareki_date(value, precision)


@register.filter
def wareki_datetime(value):
    """令和8年12月5日 14:02 / 5 December 2026, 14:02, in local time."""
    return japanese.wareki_datetime(value)


# Older names of the date filter, kept so templates still on other branches render the same
# style; use |wareki_date.


@register.filter
def at(sequence, index):
    """The item at a position: a cross table cell's column header, ``|at:forloop.counter0``."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return ""


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


@register.filter
def figure(value):
    """A KPI figure as people write it: 1,200 for 1200.000, 12.5 for 12.500; empty for none."""
    if value in (None, ""):
        return ""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    whole, _sep, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"
