"""A company registers for ほっかいどう応援団会議 (HQ approves it in the admin) and follows
its registration and its expressions of interest."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.actions import forbidden, run_action
from portal.models import Role

from ...filters.furusato import InterestFilter
from ...forms.furusato import CompanyRegistrationForm
from ...models.furusato import CompanyStatus
from ...permissions import applications as permissions
from ...selectors.furusato import company_registration_of, interests_visible_to
from ...services.companies import company_register
from ..public import PAGE_SIZE, query_without_page


@login_required
def company_register_view(request):
    user = request.user
    if user.role == Role.COMPANY:
        return redirect("grants:company_home")
    if not permissions.can_register_company(user):
        messages.info(
            request,
            _(
                "Your account acts for a municipality or the prefecture. Register your company "
                "with a separate account."
            ),
        )
        return redirect("grants:furusato_index")
    latest = company_registration_of(user)
    if latest is not None and latest.status == CompanyStatus.PENDING:
        return redirect("grants:company_home")
    form = CompanyRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        register = partial(
            company_register, user=user, themes=form.cleaned_data["themes"], **form.service_fields()
        )
        done = _(
            "Your company's registration has been sent. HQ will check it; you will "
            "receive an email when it has been decided."
        )
        try:
            finished = run_action(request, register, form=form, done=done, on_refused=forbidden)
        except PermissionDenied:
            return redirect("grants:furusato_index")
        if finished:
            return redirect("grants:company_home")
    return render(
        request, "grants/furusato/company_register.html", {"form": form, "previous": latest}
    )


@login_required
@require_GET
def company_home(request):
    user = request.user
    registration = company_registration_of(user)
    if registration is None:
        if permissions.can_register_company(user):
            return redirect("grants:company_register")
        return redirect("grants:furusato_index")
    filterset = InterestFilter(
        request.GET, queryset=interests_visible_to(user).order_by("-created_at", "-pk")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/furusato/company_home.html",
        {
            "registration": registration,
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "is_company": permissions.is_company_user(user),
        },
    )
