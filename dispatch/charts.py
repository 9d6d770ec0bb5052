"""A server-rendered SVG bar chart: no script and no inline style (strict CSP), colours
from CSS classes (static/css/dispatch.css). It is an image with a title and a description;
the numbers are in the table beside it, so nothing is conveyed by the bars alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

LABEL_WIDTH = 110
BAR_AREA = 320
VALUE_WIDTH = 110
BAR_HEIGHT = 20
GAP = 6
PAD = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_label: str


def bar_chart_svg(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar]
) -> SafeString:
    largest = max((bar.value for bar in bars), default=0)
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(PAD * 2 + len(bars) * (BAR_HEIGHT + GAP) - (GAP if bars else 0), BAR_HEIGHT)
    rows = []
    for index, bar in enumerate(bars):
        top = PAD + index * (BAR_HEIGHT + GAP)
        middle = top + BAR_HEIGHT // 2
        length = round(bar.value * BAR_AREA / largest) if largest else 0
        rows.append(
            (
                LABEL_WIDTH - 8,
                middle,
                bar.label,
                LABEL_WIDTH,
                top,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
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
        axis=LABEL_WIDTH,
        body=body,
    )
