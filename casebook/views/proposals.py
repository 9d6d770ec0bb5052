"""Municipal staff propose a case study of their municipality (a short form); it arrives
as a draft for their bureau. Their page lists their municipality's case studies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.actions import forbidden, run_action

from ..filters.case_studies import ProposalFilter
from ..forms.case_studies import ProposalForm
from ..permissions import case_studies as permissions
from ..selectors.case_studies import case_studies_proposed_for
from ..services.case_studies import case_study_propose
from .common import query_without_page

PER_PAGE = 20


def _refuse(request):
    return render(request, "casebook/proposal_refused.html", status=403)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    if not permissions.can_propose_case_study(request.user):
        return _refuse(request)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")

        def propose():
            case_study = case_study_propose(actor=request.user, themes=themes, **data)
            return _("Thank you. %(title)s was sent to %(bureau)s as a draft case study.") % {
                "title": case_study.title,
                "bureau": case_study.bureau.name,
            }

        try:
            if run_action(request, propose, form=form, on_refused=forbidden):
                return redirect("casebook:proposal_list")
        except PermissionDenied:
            return _refuse(request)  # the page of its own, 403
    return render(request, "casebook/proposal_form.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def proposal_list(request):
    if not permissions.can_propose_case_study(request.user):
        return _refuse(request)
    filterset = ProposalFilter(request.GET, queryset=case_studies_proposed_for(request.user))
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casebook/proposal_list.html",
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )
