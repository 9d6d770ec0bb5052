"""The regional view (V1): all Hokkaido (HQ), a collaboration region, a bureau, a
municipality — the three pillars side by side for a 年度, with trends and the lists behind."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import regional
from ..charts import Bar, Column, bar_chart_svg, column_chart_svg
from ..exports import csv_response
from ..forms import RegionalFilterForm
from ..japanese import fiscal_year, nendo, yen
from ..models import Bureau, Municipality, Region, Role
from ..permissions import is_hq

TREND_YEARS = 5


def _can_see_region(user, region) -> bool:
    if is_hq(user):
        return True
    return user.role == Role.BUREAU and user.bureau.region_id == region.pk


def _can_see_bureau(user, bureau) -> bool:
    return is_hq(user) or (user.role == Role.BUREAU and user.bureau_id == bureau.pk)


def _can_see_municipality(user, municipality) -> bool:
    if _can_see_bureau(user, municipality.bureau):
        return True
    return user.role == Role.MUNICIPAL and user.municipality_id == municipality.pk


def regional_filters(request):
    form = RegionalFilterForm(request.GET or None)
    year = fiscal_year()
    kind = band = ""
    if form.is_valid():
        year = form.cleaned_data.get("fiscal_year") or year
        kind = form.cleaned_data.get("kind") or ""
        band = form.cleaned_data.get("population_band") or ""
    return form, year, kind, band


def _municipalities(queryset, kind, band):
    queryset = queryset.select_related("bureau")
    if kind:
        queryset = queryset.filter(kind=kind)
    if band:
        queryset = queryset.filter(RegionalFilterForm.band_filter(band))
    return queryset.order_by("code")


def _link(measure, context) -> str:
    if not measure.url_name:
        return ""
    try:
        url = reverse(measure.url_name)
    except NoReverseMatch:
        return ""
    params = measure.url_params(context) if measure.url_params else {}
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def _format(measure, value) -> str:
    if value is None:
        return "—"
    if measure.unit == "yen":
        return yen(value)
    if measure.unit in ("days", "hours") and isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def _rows(figures, context):
    """The figures of one place as rows grouped by pillar, each with its link."""
    pillars = []
    for pillar in regional.PILLARS:
        rows = []
        for measure in regional.measures():
            if measure.pillar != pillar:
                continue
            value = figures.get(measure)
            rows.append(
                {
                    "measure": measure,
                    "value": value,
                    "display": _format(measure, value),
                    "url": _link(measure, context),
                }
            )
        pillars.append({"key": pillar, "title": regional.PILLAR_TITLES[pillar], "rows": rows})
    return pillars


def _comparison(table, places, year, key_of, context_of):
    """A table: one row per place (region, bureau or municipality), one column per measure."""
    columns = regional.measures()
    rows = []
    for place in places:
        figures = key_of(place)
        rows.append(
            {
                "place": place,
                "cells": [
                    {"display": _format(m, figures.get(m)), "url": _link(m, context_of(place))}
                    for m in columns
                ],
            }
        )
    return {"columns": columns, "rows": rows}


def _charts(table, places, year, key_of, label_of, prefix):
    charts = []
    for measure in regional.measures():
        if not measure.chart:
            continue
        bars = [
            Bar(
                label=label_of(place),
                value=int(key_of(place).get(measure) or 0),
                value_label=_format(measure, key_of(place).get(measure)),
            )
            for place in places
        ]
        charts.append(
            {
                "measure": measure,
                "svg": bar_chart_svg(
                    chart_id=f"{prefix}-{measure.key.replace('.', '-')}",
                    title=f"{measure.label}（{nendo(year)}）",
                    description=_("One bar per place; the same figures are in the table."),
                    bars=bars,
                ),
                "bars": bars,
            }
        )
    return charts


def _trend(table_for_year, years, prefix):
    trends = []
    for measure in regional.measures():
        if not measure.chart:
            continue
        columns = [
            Column(
                label=nendo(y),
                value=int(table_for_year(y).get(measure) or 0),
                value_label=_format(measure, table_for_year(y).get(measure)),
            )
            for y in years
        ]
        trends.append(
            {
                "measure": measure,
                "svg": column_chart_svg(
                    chart_id=f"{prefix}-trend-{measure.key.replace('.', '-')}",
                    title=_("%(measure)s by fiscal year") % {"measure": measure.label},
                    description=_("One column per fiscal year; the same figures are in the table."),
                    columns=columns,
                ),
                "columns": columns,
            }
        )
    return trends


def _years(year):
    return list(range(year - TREND_YEARS + 1, year + 1))


@login_required
@require_GET
def regional_index(request):
    """All Hokkaido for HQ; officers go to their bureau, municipal staff to their town."""
    user = request.user
    if not is_hq(user):
        if user.role == Role.BUREAU:
            return redirect("portal:regional_bureau", code=user.bureau.code)
        if user.role == Role.MUNICIPAL:
            return redirect("portal:regional_municipality", code=user.municipality_id)
        raise Http404
    form, year, kind, band = regional_filters(request)
    municipalities = _municipalities(Municipality.objects.all(), kind, band)
    years = _years(year)
    table = regional.compute(years, municipalities)
    regions = list(Region.objects.prefetch_related("bureaus"))
    return render(
        request,
        "portal/regional/index.html",
        {
            "form": form,
            "year": year,
            "filters": request.GET.urlencode(),
            "summary": _rows(table.for_all(year), {"fiscal_year": year}),
            "comparison": _comparison(
                table,
                regions,
                year,
                lambda r: table.for_region(r.pk, year),
                lambda r: {"fiscal_year": year},
            ),
            "charts": _charts(
                table,
                regions,
                year,
                lambda r: table.for_region(r.pk, year),
                lambda r: r.display_name,
                "regions",
            ),
            "trends": _trend(table.for_all, years, "all"),
        },
    )


@login_required
@require_GET
def regional_region(request, code):
    region = Region.objects.filter(code=code).first()
    if region is None or not _can_see_region(request.user, region):
        raise Http404
    form, year, kind, band = regional_filters(request)
    municipalities = _municipalities(Municipality.objects.filter(bureau__region=region), kind, band)
    years = _years(year)
    table = regional.compute(years, municipalities)
    bureaus = list(region.bureaus.all())
    visible = [m for m in municipalities if _can_see_bureau(request.user, m.bureau)]
    return render(
        request,
        "portal/regional/region.html",
        {
            "region": region,
            "form": form,
            "year": year,
            "summary": _rows(table.for_region(region.pk, year), {"fiscal_year": year}),
            "comparison": _comparison(
                table,
                bureaus,
                year,
                lambda b: table.for_bureau(b.pk, year),
                lambda b: {"fiscal_year": year, "bureau": b.code},
            ),
            "charts": _charts(
                table,
                bureaus,
                year,
                lambda b: table.for_bureau(b.pk, year),
                lambda b: b.display_name,
                "bureaus",
            ),
            "trends": _trend(lambda y: table.for_region(region.pk, y), years, "region"),
            "municipalities": _comparison(
                table,
                visible,
                year,
                lambda m: table.for_municipality(m.code, year),
                lambda m: {"fiscal_year": year, "municipality": m.code},
            ),
        },
    )


@login_required
@require_GET
def regional_bureau(request, code):
    bureau = Bureau.objects.select_related("region").filter(code=code).first()
    if bureau is None or not _can_see_bureau(request.user, bureau):
        raise Http404
    form, year, kind, band = regional_filters(request)
    municipalities = list(_municipalities(bureau.municipalities.all(), kind, band))
    years = _years(year)
    table = regional.compute(years, municipalities)
    return render(
        request,
        "portal/regional/bureau.html",
        {
            "bureau": bureau,
            "form": form,
            "year": year,
            "summary": _rows(
                table.for_bureau(bureau.pk, year), {"fiscal_year": year, "bureau": bureau.code}
            ),
            "comparison": _comparison(
                table,
                municipalities,
                year,
                lambda m: table.for_municipality(m.code, year),
                lambda m: {"fiscal_year": year, "municipality": m.code},
            ),
            "charts": _charts(
                table,
                municipalities,
                year,
                lambda m: table.for_municipality(m.code, year),
                lambda m: m.display_name,
                "municipalities",
            ),
            "trends": _trend(lambda y: table.for_bureau(bureau.pk, y), years, "bureau"),
        },
    )


@login_required
@require_GET
def regional_municipality(request, code):
    municipality = Municipality.objects.select_related("bureau__region").filter(pk=code).first()
    if municipality is None or not _can_see_municipality(request.user, municipality):
        raise Http404
    form, year, _kind, _band = regional_filters(request)
    years = _years(year)
    table = regional.compute(years, [municipality])
    from .. import registry

    return render(
        request,
        "portal/regional/municipality.html",
        {
            "municipality": municipality,
            "form": form,
            "year": year,
            "summary": _rows(
                table.for_municipality(municipality.code, year),
                {"fiscal_year": year, "municipality": municipality.code},
            ),
            "history": [
                {
                    "year": y,
                    "rows": _rows(
                        table.for_municipality(municipality.code, y),
                        {"fiscal_year": y, "municipality": municipality.code},
                    ),
                }
                for y in reversed(years)
            ],
            "trends": _trend(
                lambda y: table.for_municipality(municipality.code, y), years, "municipality"
            ),
            "panels": registry.municipality_panels(request.user, municipality),
        },
    )


@login_required
@require_GET
def regional_export(request):
    """The figures by municipality for the 年度, as CSV for the 本庁 集計 spreadsheets."""
    user = request.user
    if is_hq(user):
        scope = Municipality.objects.all()
    elif user.role == Role.BUREAU:
        scope = Municipality.objects.filter(bureau_id=user.bureau_id)
    else:
        raise Http404
    _form, year, kind, band = regional_filters(request)
    municipalities = list(_municipalities(scope.select_related("bureau__region"), kind, band))
    table = regional.compute([year], municipalities)
    columns = regional.measures()
    header = [
        "年度",
        "連携地域",
        "振興局",
        "全国地方公共団体コード",
        "市町村",
        *[str(m.label) for m in columns],
    ]

    def rows():
        for m in municipalities:
            figures = table.for_municipality(m.code, year)
            yield [
                nendo(year),
                m.bureau.region.name,
                m.bureau.name,
                m.code,
                m.name,
                *["" if figures.get(c) is None else figures.get(c) for c in columns],
            ]

    return csv_response(f"regional-{year}.csv", header, rows(), stream=True)
