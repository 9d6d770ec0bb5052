"""Server-rendered SVG charts: no script and no inline style, so they work without
JavaScript, print, and pass a strict Content-Security-Policy. The chart is an image with a
title and a description; the numbers themselves are in the data table shown beside it.

Web pages use ``fluid_bar_chart_svg`` (styled by the ``.fluid-chart`` rules in
static/css/portal.css), whose labels keep their size on a phone. ``bar_chart_svg`` draws
to a fixed width in a viewBox and is for PDFs only, where the page width is known and the
template gives its own ``.bar-chart`` styles (templates/portal/pdf/annual_report.html)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

PAD = 8
GAP = 8


@dataclass(frozen=True)
class BarLayout:
    """The sizes of a horizontal bar chart, in SVG units."""

    label_width: int = 150
    bar_area: int = 330
    value_width: int = 140
    bar_height: int = 22
    gap: int = GAP


STANDARD = BarLayout()


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # counts, yen, hours or a percentage
    value_label: str  # the value as people read it, e.g. 1,200,000円


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    layout: BarLayout = STANDARD,
) -> SafeString:
    """A horizontal bar chart as an accessible inline ``<svg role="img">``, for a PDF.

    On a web page use ``fluid_bar_chart_svg``: this one scales with its viewBox, so a
    phone's screen would shrink its labels below a readable size.

    Bars are scaled to the largest value; a zero value draws no bar but keeps its label and
    value, so no row is conveyed by the bar alone.
    """
    label_width, bar_height, gap = layout.label_width, layout.bar_height, layout.gap
    largest = max((bar.value for bar in bars), default=0)
    width = label_width + layout.bar_area + layout.value_width
    height = max(PAD * 2 + len(bars) * (bar_height + gap) - (gap if bars else 0), bar_height)
    rows = []
    for index, bar in enumerate(bars):
        top = PAD + index * (bar_height + gap)
        middle = top + bar_height // 2
        length = round(bar.value * layout.bar_area / largest) if largest else 0
        rows.append(
            (
                label_width - 8,
                middle,
                bar.label,
                label_width,
                top,
                length,
                bar_height,
                label_width + length + 6,
                middle,
                bar.value_label,
            )
        )
    body = format_html_join(
        "",
        '<g class="chart-row">'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">'
        "{}</text>"
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>'
        "</g>",
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart-axis" x1="{axis}" y1="0" x2="{axis}" y2="{height}"></line>'
        "{body}</svg>",
        width=width,
        height=height,
        id=chart_id,
        title=title,
        desc=description,
        axis=label_width,
        body=body,
    )


# The fluid chart's rows, in CSS pixels: a line for the label and value, the bar below.
FLUID_LINE = 20
FLUID_BAR = 14
FLUID_GAP = 10


def fluid_bar_chart_svg(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar]
) -> SafeString:
    """A horizontal bar chart that keeps its text size on a phone.

    ``bar_chart_svg`` draws in a viewBox, so a narrow screen shrinks the whole drawing, its
    13 px labels to 7 px at 390 px. This one has no viewBox: its units are CSS pixels, the
    text keeps the size the stylesheet gives it, and only the bars' lengths follow the
    width, as percentages. Each row is a line with the label and the value, then the bar,
    so a long label never runs into a bar however narrow the screen.
    """
    largest = max((bar.value for bar in bars), default=0)
    row = FLUID_LINE + FLUID_BAR + FLUID_GAP
    height = max(PAD * 2 + len(bars) * row - (FLUID_GAP if bars else 0), FLUID_LINE)
    rows = []
    for index, bar in enumerate(bars):
        top = PAD + index * row
        share = bar.value * 100 / largest if largest else 0
        rows.append(
            (top + FLUID_LINE - 5, bar.label, bar.value_label, top + FLUID_LINE, f"{share:.2f}%")
        )
    body = format_html_join(
        "",
        '<g class="chart-row">'
        '<text class="chart-label" x="0" y="{}">{}'
        '<tspan class="chart-value" dx="8">{}</tspan></text>'
        '<rect class="chart-bar" x="0" y="{}" width="{}" height="' + str(FLUID_BAR) + '"></rect>'
        "</g>",
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="fluid-chart" role="img" '
        'width="100%" height="{height}" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        height=height,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )
