"""The annual report of a 年度 (HQ): ask for it, follow its progress, download the PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..forms import RegionalFilterForm
from ..models import AnnualReport
from ..permissions import is_hq
from ..services.reports import annual_report_request
from .files import document_response
from .regional import regional_filters


@login_required
def annual_report(request):
    """HQ: generate the annual report of a 年度 and follow its progress; download it."""
    if not is_hq(request.user):
        raise Http404
    form, year, _kind, _band = regional_filters(request)
    if request.method == "POST":
        form = RegionalFilterForm(request.POST)
        if form.is_valid() and form.cleaned_data.get("fiscal_year"):
            report = annual_report_request(
                fiscal_year=form.cleaned_data["fiscal_year"], actor=request.user
            )
            return redirect(f"{reverse('portal:annual_report')}?fiscal_year={report.fiscal_year}")
    report = AnnualReport.objects.filter(fiscal_year=year).select_related("document").first()
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": report.status if report else "none",
                "steps_done": report.steps_done if report else 0,
                "steps_total": report.steps_total if report else 0,
            }
        )
    return render(
        request,
        "portal/regional/annual_report.html",
        {
            "form": form,
            "year": year,
            "report": report,
            "reports": AnnualReport.objects.exclude(pk=getattr(report, "pk", None))[:10],
        },
    )


@login_required
@require_GET
def annual_report_pdf(request, year):
    if not is_hq(request.user):
        raise Http404
    report = AnnualReport.objects.filter(fiscal_year=year, status="done").first()
    if report is None or report.document is None:
        raise Http404
    return document_response(request, report.document, back_url=reverse("portal:annual_report"))
