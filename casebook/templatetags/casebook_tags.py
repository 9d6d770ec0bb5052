"""Japanese wording of the casebook's codes for the PDF documents, which are written in
Japanese whatever the reader's language (official documents)."""

import threading
from collections import OrderedDict

from django import template

register = template.Library()

PILLARS_JA = {
    "money": "財政的支援（資金）",
    "people": "人的支援（人）",
    "information": "情報支援（情報）",
    "own": "市町村独自の取組",
}
BANDS_JA = {
    "lt5k": "5千人未満",
    "5k-10k": "5千人以上1万人未満",
    "10k-30k": "1万人以上3万人未満",
    "30k-100k": "3万人以上10万人未満",
    "100k+": "10万人以上",
    "unknown": "不明",
}


@register.filter
def pillar_ja(value: str) -> str:
    return PILLARS_JA.get(value, value)


@register.filter
def band_ja(value: str) -> str:
    return BANDS_JA.get(value, value)


# --- Filter forms: selects rendered from cached choices ------------------------------------
#
# Django renders every <option> through a template of its own and reads the model choices
# from the database on each page; the list's facets (179 municipalities …) made that the
# larger part of an uncached page. The choices here come from reference data, kept per
# language and page-cache generation, and the options are written directly.

# Least recently used out first: emptying the whole cache when it was full dropped the choices
# a page had just read, so its next field, or the next page, read them again.
_choices_cache: OrderedDict = OrderedDict()
_choices_lock = threading.Lock()
CHOICES_KEPT = 64
CACHED_FIELDS = frozenset({"region", "bureau", "theme", "municipality"})


def _model_choices(name: str):
    from portal.models import Bureau, Municipality, Region

    from ..models import Theme

    if name == "region":
        return [(r.code, r.display_name) for r in Region.objects.order_by("order")]
    if name == "bureau":
        return [(b.code, b.display_name) for b in Bureau.objects.order_by("order")]
    if name == "theme":
        return [(t.code, t.display_name) for t in Theme.objects.order_by("order", "code")]
    if name == "municipality":
        groups: dict[str, list] = {}
        for m in Municipality.objects.select_related("bureau").order_by("bureau__order", "code"):
            groups.setdefault(m.bureau.display_name, []).append((m.code, m.display_name))
        return list(groups.items())
    return None


def field_choices(field):
    """The field's choices as (value, label) or (group, [(value, label)…]), cached for the
    model ones."""
    from django.forms import ModelChoiceField
    from django.utils.translation import get_language

    from portal.pagecache import current_generation

    # Only a whole reference list may come from the cache: a field narrowed to the user's
    # scope (an officer's own municipalities) or of another model renders its own choices.
    model_field = field.field
    if (
        isinstance(model_field, ModelChoiceField)
        and field.name in CACHED_FIELDS
        and not model_field.queryset.query.where
    ):
        key = (field.name, get_language(), current_generation())
        with _choices_lock:
            choices = _choices_cache.get(key)
            if choices is not None:
                _choices_cache.move_to_end(key)
        if choices is None:
            choices = _model_choices(field.name)
            with _choices_lock:
                _choices_cache[key] = choices
                while len(_choices_cache) > CHOICES_KEPT:
                    _choices_cache.popitem(last=False)
        empty = model_field.empty_label
        return ([("", empty)] if empty is not None else []) + list(choices)
    return list(model_field.choices)


def _option(value, label, selected) -> str:
    from django.utils.html import format_html
    from django.utils.translation import gettext

    value = "" if value is None else str(value)
    if value == "" and str(label) == "---------":
        label = gettext("All")  # an empty filter filters nothing: never Django's dashes
    if value in selected:
        return format_html('<option value="{}" selected>{}</option>', value, label)
    return format_html('<option value="{}">{}</option>', value, label)


@register.simple_tag
def filter_widget(field):
    """A filter form's field: selects written from cached choices, others as Django does."""
    from django.forms import Select
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    from portal.templatetags.portal_tags import field_widget

    widget = field.field.widget
    if not isinstance(widget, Select) or widget.allow_multiple_selected:
        return field_widget(field)
    value = field.value()
    selected = {"" if value is None else str(value)}
    parts = []
    for value, label in field_choices(field):
        if isinstance(label, list | tuple):
            options = format_html_join("", "{}", ((_option(v, lab, selected),) for v, lab in label))
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, options))
        else:
            parts.append(_option(value, label, selected))
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    extra = format_html(' aria-describedby="{}"', " ".join(described)) if described else ""
    if field.errors:
        extra += mark_safe(' aria-invalid="true"')
    return format_html(
        '<select name="{}" id="{}"{}>{}</select>',
        field.html_name,
        field.auto_id,
        extra,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
