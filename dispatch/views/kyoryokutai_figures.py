"""The figures of 協力隊 members per 年度, with charts and CSV: HQ by bureau and region (or
one bureau's municipalities), a bureau officer by the bureau's municipalities."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from portal.charts import Bar, fluid_bar_chart_svg
from portal.japanese import nendo
from portal.models import Municipality
from portal.permissions import is_hq

from ..exports.kyoryokutai import figures_csv_response
from ..figures.kyoryokutai import figures as compute_figures
from ..figures.kyoryokutai import years_with_members
from ..forms.figures import DashboardForm
from ..selectors import kyoryokutai as selectors
from .common import staff_only


def _figures_for(request):
    """The table of the year for the user's scope: HQ by bureau and region (or one
    bureau's municipalities); a bureau officer by the bureau's municipalities."""
    user = request.user
    form = DashboardForm(request.GET or None, years=years_with_members(), show_bureau=is_hq(user))
    volunteers = selectors.volunteers_visible_to(user)
    bureau, region = form.chosen_bureau, form.chosen_region
    municipalities = None
    if bureau is not None:
        volunteers = volunteers.filter(bureau=bureau)
        municipalities = Municipality.objects.filter(bureau=bureau)
    elif region is not None:  # a region (from the regional view): its municipalities
        volunteers = volunteers.filter(bureau__region=region)
        municipalities = Municipality.objects.filter(bureau__region=region)
    elif not is_hq(user):
        municipalities = Municipality.objects.filter(bureau_id=user.bureau_id)
    table = compute_figures(volunteers, form.year, municipalities=municipalities)
    return form, table, municipalities is not None


def _rate_chart(chart_id, title, rows):
    return fluid_bar_chart_svg(
        chart_id=chart_id,
        title=title,
        description=_(
            "Horizontal bars, one for each place in the order of the table below, which "
            "gives the same figures. A place without a known destination has no bar."
        ),
        bars=[
            Bar(
                row.label,
                row.settlement_rate or 0,
                "—" if row.settlement_rate is None else f"{row.settlement_rate}%",
            )
            for row in rows
        ],
    )


@staff_only
def figures(request):
    form, table, by_municipality = _figures_for(request)
    places = table.municipalities if by_municipality else table.bureaus
    year_label = nendo(table.year)
    return render(
        request,
        "dispatch/kyoryokutai/figures.html",
        {
            "form": form,
            "table": table,
            "by_municipality": by_municipality,
            "places": places,
            "rate_chart": _rate_chart(
                "settlement-rate",
                _("Settlement rate (stayed in Hokkaido), %(year)s") % {"year": year_label},
                places,
            ),
            "active_chart": fluid_bar_chart_svg(
                chart_id="active-members",
                title=_("Members active, %(year)s") % {"year": year_label},
                description=_(
                    "Horizontal bars, one for each place in the order of the table below, "
                    "which gives the same figures."
                ),
                bars=[
                    Bar(row.label, row.counts["active"], str(row.counts["active"]))
                    for row in places
                ],
            ),
            "query": request.GET.urlencode(),
        },
    )


@staff_only
def figures_csv(request):
    # The file is a record in Japanese whatever the screen's language.
    with translation.override("ja"):
        _form, table, by_municipality = _figures_for(request)
    return figures_csv_response(table, by_municipality=by_municipality)
