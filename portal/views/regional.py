"""The regional view (V1): all Hokkaido (HQ), a collaboration region, a bureau, a
municipality — the three pillars side by side for a 年度, with trends and the lists behind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import regional
from ..exports import csv_response
from ..forms import RegionalFilterForm
from ..japanese import fiscal_year, nendo
from ..models import Bureau, Municipality, Region, Role
from ..permissions import is_hq
from ..selectors import strategy as strategy_selectors
from . import regional_tables as tables
from .regional_tables import place_context

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


def _years(year):
    return list(range(year - TREND_YEARS + 1, year + 1))


def _display(place) -> str:
    return place.display_name


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
    subset = bool(kind or band)
    municipalities = _municipalities(Municipality.objects.all(), kind, band)
    years = _years(year)
    table = regional.compute(years, municipalities)
    regions = list(Region.objects.all())
    return render(
        request,
        "portal/regional/index.html",
        {
            "form": form,
            "year": year,
            "filters": request.GET.urlencode(),
            "summary": tables.summary(table.for_all(year), place_context(year, subset=subset)),
            "comparison": tables.comparison(
                regions,
                lambda r: table.for_region(r.pk, year),
                lambda r: place_context(year, region=r, subset=subset),
                place_label=_("Collaboration region"),
                caption=_("Figures by collaboration region"),
                place_url="portal:regional_region",
            ),
            "charts": tables.charts(
                regions, year, lambda r: table.for_region(r.pk, year), _display, "regions"
            ),
            "trends": tables.trends(table.for_all, years, "all"),
        },
    )


@login_required
@require_GET
def regional_region(request, code):
    region = Region.objects.filter(code=code).first()
    if region is None or not _can_see_region(request.user, region):
        raise Http404
    form, year, kind, band = regional_filters(request)
    subset = bool(kind or band)
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
            # The region's 政策展開方針 (#21), the targets its figures are read against.
            "policies": list(
                strategy_selectors.strategies_visible_to(request.user)
                .filter(region=region)
                .order_by("-start_year")
            ),
            "form": form,
            "year": year,
            "summary": tables.summary(
                table.for_region(region.pk, year),
                place_context(year, region=region, subset=subset, listable=is_hq(request.user)),
            ),
            "comparison": tables.comparison(
                bureaus,
                lambda b: table.for_bureau(b.pk, year),
                lambda b: place_context(
                    year, bureau=b, subset=subset, listable=_can_see_bureau(request.user, b)
                ),
                place_label=_("Bureau"),
                caption=_("Figures by bureau"),
                place_url="portal:regional_bureau",
            ),
            "charts": tables.charts(
                bureaus, year, lambda b: table.for_bureau(b.pk, year), _display, "bureaus"
            ),
            "trends": tables.trends(lambda y: table.for_region(region.pk, y), years, "region"),
            "municipalities": tables.comparison(
                visible,
                lambda m: table.for_municipality(m.code, year),
                lambda m: place_context(year, municipality=m),
                place_label=_("Municipality"),
                caption=_("Figures by municipality"),
                place_url="portal:regional_municipality",
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
    subset = bool(kind or band)
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
            "summary": tables.summary(
                table.for_bureau(bureau.pk, year),
                place_context(year, bureau=bureau, subset=subset),
            ),
            "comparison": tables.comparison(
                municipalities,
                lambda m: table.for_municipality(m.code, year),
                lambda m: place_context(year, municipality=m),
                place_label=_("Municipality"),
                caption=_("Figures by municipality"),
                place_url="portal:regional_municipality",
            ),
            "charts": tables.charts(
                municipalities,
                year,
                lambda m: table.for_municipality(m.code, year),
                _display,
                "municipalities",
            ),
            "trends": tables.trends(lambda y: table.for_bureau(bureau.pk, y), years, "bureau"),
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
            "summary": tables.summary(
                table.for_municipality(municipality.code, year),
                place_context(year, municipality=municipality),
            ),
            "trends": tables.trends(
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
