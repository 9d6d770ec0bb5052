"""The pieces of the regional pages: the figures of a place by pillar, the comparison tables,
the charts, and the link from each figure to the list behind it.

A comparison never grows wider than the page: with a few places (the six regions, a
region's bureaus) each pillar is a table with the figures as rows and the places as
columns; with many (a bureau's municipalities) each pillar, or each group of a large pillar,
is a table with the places as rows and a handful of figures as columns, and the splits by
status or theme are left to each municipality's own page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import regional
from ..charts import Bar, fluid_bar_chart_svg
from ..japanese import nendo, yen

# Up to this many places, the figures are the rows and the places the columns.
FEW_PLACES = 8

PILLAR_TITLES = regional.PILLAR_TITLES


def place_context(
    year, *, region=None, bureau=None, municipality=None, subset=False, listable=True
) -> dict:
    """The filter context of a figure: its 年度 and its place, as the codes a list reads.
    ``subset``: the figure sums only some of the place's municipalities (a kind or a
    population band chosen), which no list behind can filter by. ``listable``: the user's
    lists reach the whole place (an officer sees the region's sums, but lists only hold
    the officer's bureau)."""
    return {
        "fiscal_year": year,
        "region": getattr(region, "code", region),
        "bureau": getattr(bureau, "code", bureau),
        "municipality": getattr(municipality, "code", municipality),
        "subset": subset or not listable,
    }


def link(measure, context) -> str:
    """The list behind a figure, filtered to the figure's place and 年度; no link when the
    list cannot filter by all of them (an unfiltered list would show other figures)."""
    if not measure.url_name or context.get("subset"):
        return ""
    given = {k: context[k] for k in regional.PLACE_FILTERS if context.get(k) not in (None, "")}
    if not set(given) <= set(measure.url_filters):
        return ""
    try:
        url = reverse(measure.url_name)
    except NoReverseMatch:
        return ""
    params = measure.url_params(given) if measure.url_params else given
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def format_value(measure, value) -> str:
    if value is None:
        return "—"
    if measure.unit == "yen":
        return yen(value)
    if measure.unit in ("days", "hours") and isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def _cell(measure, figures, context, label) -> dict:
    value = figures.get(measure)
    return {
        "display": format_value(measure, value),
        "url": link(measure, context),
        "label": label,
    }


def _definitions(measures) -> list:
    return [m for m in measures if m.definition]


def summary(figures, context) -> list[dict]:
    """The figures of one place, grouped by pillar, each with its link."""
    pillars = []
    for pillar in regional.PILLARS:
        measures = [m for m in regional.measures() if m.pillar == pillar]
        rows = [{"measure": m, **_cell(m, figures, context, str(m.label))} for m in measures]
        pillars.append(
            {
                "key": pillar,
                "title": PILLAR_TITLES[pillar],
                "rows": rows,
                "definitions": _definitions(measures),
            }
        )
    return pillars


def _place_header(place, place_url) -> dict:
    url = ""
    if place_url and getattr(place, "code", None):
        url = reverse(place_url, args=[place.code])
    return {"text": place.display_name, "url": url}


def comparison(places, figures_of, context_of, *, place_label, caption, place_url="") -> list:
    """The comparison of ``places`` as a list of tables that fit the page (see above).
    ``place_url`` is the URL name of a place's page, or "" when it has none."""
    places = list(places)
    measures = regional.measures()
    if len(places) <= FEW_PLACES:
        return [
            _figures_as_rows(
                pillar,
                [m for m in measures if m.pillar == pillar],
                places,
                figures_of,
                context_of,
                caption=caption,
                place_url=place_url,
            )
            for pillar in regional.PILLARS
        ]
    tables = []
    for pillar in regional.PILLARS:
        chosen = [m for m in measures if m.pillar == pillar and not m.breakdown]
        left_out = len(chosen) < len([m for m in measures if m.pillar == pillar])
        groups: dict[str, list] = {}
        for measure in chosen:
            groups.setdefault(str(measure.group), []).append(measure)
        for group, group_measures in groups.items():
            tables.append(
                _places_as_rows(
                    pillar,
                    group,
                    group_measures,
                    places,
                    figures_of,
                    context_of,
                    place_label=place_label,
                    caption=caption,
                    place_url=place_url,
                )
            )
        if left_out and tables:
            tables[-1]["breakdowns_left_out"] = True
    return tables


def _title(pillar, group="") -> str:
    title = str(PILLAR_TITLES[pillar])
    return f"{title}：{group}" if group else title


def _figures_as_rows(pillar, measures, places, figures_of, context_of, *, caption, place_url):
    heads = [_place_header(p, place_url) for p in places]
    figures = [figures_of(p) for p in places]
    contexts = [context_of(p) for p in places]
    return {
        "title": _title(pillar),
        "caption": f"{caption}：{PILLAR_TITLES[pillar]}",
        "corner": pgettext("regional view table", "Item"),
        "columns": heads,
        "rows": [
            {
                "header": {"text": str(m.label), "url": ""},
                "cells": [
                    _cell(m, f, c, h["text"])
                    for f, c, h in zip(figures, contexts, heads, strict=True)
                ],
            }
            for m in measures
        ],
        "definitions": _definitions(measures),
    }


def _places_as_rows(
    pillar, group, measures, places, figures_of, context_of, *, place_label, caption, place_url
):
    rows = []
    for place in places:
        figures, context = figures_of(place), context_of(place)
        rows.append(
            {
                "header": _place_header(place, place_url),
                "cells": [_cell(m, figures, context, str(m.label)) for m in measures],
            }
        )
    return {
        "title": _title(pillar, group),
        "caption": f"{caption}：{_title(pillar, group)}",
        "corner": place_label,
        "columns": [{"text": str(m.label), "url": ""} for m in measures],
        "rows": rows,
        "definitions": _definitions(measures),
    }


def charts(places, year, figures_of, label_of, prefix) -> list[dict]:
    found = []
    for measure in regional.measures():
        if not measure.chart:
            continue
        bars = [
            Bar(
                label=label_of(place),
                value=int(figures_of(place).get(measure) or 0),
                value_label=format_value(measure, figures_of(place).get(measure)),
            )
            for place in places
        ]
        found.append(
            {
                "measure": measure,
                "caption": f"{measure.label}（{nendo(year)}）",
                "svg": fluid_bar_chart_svg(
                    chart_id=f"{prefix}-{measure.key.replace('.', '-')}",
                    title=f"{measure.label}（{nendo(year)}）",
                    description=_("One bar per place; the same figures are in the table."),
                    bars=bars,
                ),
                "bars": bars,
            }
        )
    return found


def trends(figures_for_year, years, prefix) -> list[dict]:
    """One chart per charted measure over the 年度, a bar per 年度 (labels stay readable on
    a phone, where five columns of 「令和8年度」 would not fit side by side)."""
    found = []
    for measure in regional.measures():
        if not measure.chart:
            continue
        bars = [
            Bar(
                label=nendo(y),
                value=int(figures_for_year(y).get(measure) or 0),
                value_label=format_value(measure, figures_for_year(y).get(measure)),
            )
            for y in years
        ]
        title = _("%(measure)s by fiscal year") % {"measure": measure.label}
        found.append(
            {
                "measure": measure,
                "caption": title,
                "svg": fluid_bar_chart_svg(
                    chart_id=f"{prefix}-trend-{measure.key.replace('.', '-')}",
                    title=title,
                    description=_("One bar per fiscal year; the same figures are in the table."),
                    bars=bars,
                ),
                "bars": bars,
            }
        )
    return found
