"""Figures: a municipality's dispatch page, the yearly counters per person and per
municipality with their CSV, and the bureau and HQ dashboard. Everything is read through
the scoped selectors, so an officer's figures only ever hold the officer's bureau."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.charts import Bar, fluid_bar_chart_svg
from portal.japanese import nendo, wareki_date
from portal.models import Municipality
from portal.permissions import is_hq

from ..exports.requests import figures_csv_response
from ..figures import dashboard
from ..figures.requests import confirmed_reports, yearly_figures
from ..forms.figures import DashboardForm, YearForm
from ..models import CompletionReport, Person
from ..permissions import requests as permissions
from ..selectors import requests as selectors
from .calendars import feed_panel
from .common import staff_only
from .people import _session_years

REQUESTS_ON_PAGE = 50


@login_required
def municipality_detail(request, code):
    """A municipality's requests, its yearly figures per person, and its calendar."""
    user = request.user
    municipality = selectors.municipality_get_for(user, code)
    year_form = YearForm(request.GET or None, years=_session_years())
    year = year_form.year
    reports = confirmed_reports(year).filter(session__request__municipality=municipality)
    by_person = yearly_figures(reports, by="person")
    people = Person.objects.in_bulk(list(by_person))
    requests = (
        selectors.requests_visible_to(user)
        .filter(municipality=municipality)
        .order_by("-created_at", "-id")
    )
    is_own = user.role == "municipal" and user.municipality_id == municipality.pk
    context = {
        "municipality": municipality,
        "requests": list(requests[:REQUESTS_ON_PAGE]),
        "request_count": requests.count(),
        "year_form": year_form,
        "year": year,
        "total": yearly_figures(reports, by="all").get(None),
        "by_person": sorted(
            ((people[p], f) for p, f in by_person.items()), key=lambda row: row[0].name
        ),
        # Each staff member's own subscription URL, not one shared by the municipality.
        "can_manage_feed": is_own,
    }
    if is_own:
        context.update(feed_panel(request))
    return render(request, "dispatch/municipality_detail.html", context)


@login_required
def municipality_figures_csv(request, code):
    municipality = selectors.municipality_get_for(request.user, code)
    year = YearForm(request.GET or None, years=_session_years()).year
    return figures_csv_response(
        confirmed_reports(year).filter(session__request__municipality=municipality),
        year,
        name=municipality.code,
    )


def _scoped_reports(request, form):
    reports = confirmed_reports(form.year).filter(
        selectors.request_scope(request.user, prefix="session__request__")
    )
    if form.chosen_region is not None:
        reports = reports.filter(session__request__bureau__region=form.chosen_region)
    bureau = form.chosen_bureau
    return reports.filter(session__request__bureau=bureau) if bureau else reports


@staff_only
def figures(request):
    """Days, sessions, visits and hours per person and per municipality in a 年度."""
    form = DashboardForm(
        request.GET or None, years=_session_years(), show_bureau=is_hq(request.user)
    )
    reports = _scoped_reports(request, form)
    by_person = yearly_figures(reports, by="person")
    by_municipality = yearly_figures(reports, by="municipality")
    people = Person.objects.in_bulk(list(by_person))
    municipalities = Municipality.objects.in_bulk(list(by_municipality))
    return render(
        request,
        "dispatch/figures.html",
        {
            "form": form,
            "year": form.year,
            "total": yearly_figures(reports, by="all").get(None),
            "by_person": sorted(
                ((people[p], f) for p, f in by_person.items()), key=lambda row: row[0].name
            ),
            "by_municipality": sorted(
                ((municipalities[m], f) for m, f in by_municipality.items()),
                key=lambda row: row[0].code,
            ),
            "query": request.GET.urlencode(),
        },
    )


@staff_only
def figures_csv(request):
    form = DashboardForm(
        request.GET or None, years=_session_years(), show_bureau=is_hq(request.user)
    )
    return figures_csv_response(_scoped_reports(request, form), form.year, name="all")


@staff_only
def dashboard_view(request):
    """Open requests by kind and status, days to assignment, sessions per month (chart),
    satisfaction. Officers see their bureau; HQ all bureaus or one."""
    user = request.user
    form = DashboardForm(request.GET or None, years=_session_years(), show_bureau=is_hq(user))
    year = form.year
    requests = selectors.requests_visible_to(user)
    sessions = selectors.sessions_visible_to(user)
    region, bureau = form.chosen_region, form.chosen_bureau
    if region is not None:
        requests = requests.filter(bureau__region=region)
        sessions = sessions.filter(request__bureau__region=region)
    if bureau is not None:
        requests = requests.filter(bureau=bureau)
        sessions = sessions.filter(request__bureau=bureau)
    request_ids = requests.values("pk")
    months = dashboard.sessions_per_month(sessions, year)
    chart = fluid_bar_chart_svg(
        chart_id="sessions-per-month",
        title=_("Sessions per month, %(year)s") % {"year": nendo(year)},
        description=_(
            "Horizontal bars, one for each month from April to March, in the order of the "
            "table beside the chart, which gives the same figures."
        ),
        bars=[Bar(wareki_date(m["month"], "month"), m["total"], str(m["total"])) for m in months],
    )
    reports = confirmed_reports(year).filter(session__request__in=request_ids)
    completions = CompletionReport.objects.filter(
        request__in=requests.filter(fiscal_year=year).values("pk")
    )
    return render(
        request,
        "dispatch/dashboard.html",
        {
            "form": form,
            "year": year,
            "open": dashboard.open_by_kind_and_status(requests),
            "timing": dashboard.days_to_assignment(requests.filter(fiscal_year=year)),
            "months": months,
            "month_totals": {
                key: sum(m[key] for m in months) for key in ("visits", "online", "total")
            },
            "chart": chart,
            "satisfaction": dashboard.satisfaction(reports, completions),
            "query": request.GET.urlencode(),
            "is_hq": is_hq(user),
            "can_see_figures": permissions.can_view_figures(user),
        },
    )
