"""Bureau and HQ pages: the year's figures, the CSV export and overdue reports.

Everything is read through ``selectors.applications_visible_to``: an officer's figures,
chart and export can only ever hold the officer's own bureau.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.charts import Bar, fluid_bar_chart_svg
from portal.excel.workbooks import Sheet, xlsx_response
from portal.japanese import nendo, nendo_short, yen
from portal.models import Bureau, Municipality, Role
from portal.permissions import is_hq

from ..exports.applications import applications_csv_response
from ..filters.applications import ApplicationFilter
from ..models.applications import Status
from ..selectors import applications as selectors
from .public import PAGE_SIZE, query_without_page


def _is_staff(user) -> bool:
    return is_hq(user) or user.role == Role.BUREAU


def staff_only(view):
    """Bureau officers and HQ; anyone else signed in gets 404 (no existence leak)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _filtered(request) -> ApplicationFilter:
    filterset = ApplicationFilter(
        request.GET,
        queryset=selectors.applications_visible_to(request.user),
        user=request.user,
    )
    filterset.is_valid()
    return filterset


def _by_municipality(applications) -> list[dict]:
    rows = list(
        applications.order_by()
        .values("municipality_id")
        .annotate(
            count=Count("pk"), requested=Sum("requested_amount"), approved=Sum("approved_amount")
        )
        .order_by("municipality_id")
    )
    names = Municipality.objects.in_bulk([row["municipality_id"] for row in rows])
    for row in rows:
        row["municipality"] = names[row["municipality_id"]]
        row["requested"] = row["requested"] or 0
        row["approved"] = row["approved"] or 0
    return rows


def _by_status(applications) -> list[dict]:
    return [
        {
            **row,
            "label": Status(row["status"]).label,
            "requested": row["requested"] or 0,
            "approved": row["approved"] or 0,
        }
        for row in selectors.status_counts(applications)
    ]


def _allocations(user, filterset: ApplicationFilter) -> list[dict]:
    if is_hq(user):
        chosen = filterset.form.cleaned_data.get("bureau")
        bureaus = [chosen] if chosen else list(Bureau.objects.all())
    else:
        bureaus = [user.bureau]
    return [
        {"bureau": bureau, **selectors.allocation_usage(bureau.pk, filterset.year)}
        for bureau in bureaus
    ]


def _chart(rows: list[dict], year: int):
    if not rows:
        return None
    return fluid_bar_chart_svg(
        chart_id="approved-by-municipality",
        title=_("Approved amount by municipality, %(year)s") % {"year": nendo(year)},
        description=_(
            "Horizontal bars, one for each of %(count)s municipalities, in the order of the "
            "table beside the chart, which gives the same figures."
        )
        % {"count": len(rows)},
        bars=[
            Bar(row["municipality"].display_name, row["approved"], yen(row["approved"]))
            for row in rows
        ],
    )


@login_required
@require_GET
def dashboard(request):
    if request.user.role in (Role.MUNICIPAL, Role.GROUP):
        # The regional view links a town's figure here with its 年度: keep the year.
        year = request.GET.get("fiscal_year", "")
        url = reverse("grants:application_list")
        return redirect(f"{url}?{urlencode({'fiscal_year': year})}" if year.isdigit() else url)
    if not _is_staff(request.user):
        raise Http404
    filterset = _filtered(request)
    applications = filterset.qs
    by_status = _by_status(applications)
    by_municipality = _by_municipality(applications)
    return render(
        request,
        "grants/dashboard.html",
        {
            "filter": filterset,
            "year": filterset.year,
            "is_hq": is_hq(request.user),
            "by_status": by_status,
            "totals": {
                key: sum(row[key] for row in by_status)
                for key in ("count", "requested", "approved")
            },
            "by_municipality": by_municipality,
            "chart": _chart(by_municipality, filterset.year),
            "allocations": _allocations(request.user, filterset),
            "query": query_without_page(request),
        },
    )


@staff_only
@require_GET
def export_csv(request):
    filterset = _filtered(request)
    applications = filterset.qs.order_by("municipality_id", "reference", "pk")
    return applications_csv_response(
        applications, filename=f"grants-{nendo_short(filterset.year)}.csv"
    )


@staff_only
@require_GET
def export_xlsx(request):
    """The dashboard's three tables as one workbook, for the same filters."""
    filterset = _filtered(request)
    applications = filterset.qs
    by_status = _by_status(applications)
    amounts = [_("Applications"), _("Requested amount"), _("Approved amount")]
    allocation_rows = [
        [
            row["bureau"].display_name,
            row["amount"] if row["allocation"] else _("Not set"),
            row["committed"],
            row["remaining"] if row["allocation"] else None,
            f"{row['percent']}%" if row["allocation"] else None,
        ]
        for row in _allocations(request.user, filterset)
    ]
    totals = [[row["count"], row["requested"], row["approved"]] for row in by_status]
    status_rows = [[row["label"], *figures] for row, figures in zip(by_status, totals, strict=True)]
    sheets = [
        Sheet(
            _("Allocation"),
            [_("Bureau"), _("Allocated"), _("Committed"), _("Remaining"), _("Used")],
            allocation_rows,
            frozenset({1, 2, 3}),
        ),
        Sheet(
            _("By status"),
            [_("Status"), *amounts],
            [*status_rows, [_("Total"), *(sum(r[i] for r in totals) for i in range(3))]],
            frozenset({2, 3}),
        ),
        Sheet(
            _("By municipality"),
            [_("Municipality"), *amounts],
            [
                [row["municipality"].display_name, row["count"], row["requested"], row["approved"]]
                for row in _by_municipality(applications)
            ],
            frozenset({2, 3}),
        ),
    ]
    return xlsx_response(f"grants-dashboard-{nendo_short(filterset.year)}.xlsx", sheets)


@staff_only
@require_GET
def overdue_reports(request):
    applications = selectors.overdue_reports(request.user).order_by("report_due", "pk")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "grants/overdue.html",
        {
            "page": page,
            "rows": [(application, (today - application.report_due).days) for application in page],
            "query": "",
        },
    )
