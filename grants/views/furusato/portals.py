"""ふるさと納税 portal sites (#22): the municipality keeps its listings on the private
portal sites and its donations received per 年度; everyone on the administrative side
reads the donations list in scope (the regional view links its figures here)."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.actions import not_found, run_action
from portal.japanese import fiscal_year

from ...filters.furusato_portals import DonationFigureFilter
from ...forms.furusato_portals import DonationFigureForm, ListingForm
from ...models.furusato_portals import PortalSiteListing
from ...permissions import furusato as permissions
from ...selectors import furusato_portals as selectors
from ...services import furusato_portals as services
from ..public import PAGE_SIZE, query_without_page


def _staff_only(user) -> None:
    if not permissions.is_municipal_staff(user):
        raise Http404


@login_required
@require_GET
def site_list(request):
    """The municipality's portal sites, the joint campaigns it takes part in and its
    donations received."""
    user = request.user
    _staff_only(user)
    municipality_id = user.municipality_id
    return render(
        request,
        "grants/furusato/site_list.html",
        {
            "listings": list(selectors.listings_of_municipality(municipality_id)),
            "campaigns": list(selectors.campaigns_of_municipality(municipality_id)),
            "figures": list(selectors.figures_of_municipality(municipality_id)),
        },
    )


def _listing_form_page(request, form, listing):
    if request.method == "POST" and form.is_valid():
        save = partial(services.listing_save, actor=request.user, listing=form.instance)
        if run_action(
            request, save, form=form, done=_("The portal site was saved."), on_refused=not_found
        ):
            return redirect("grants:furusato_sites")
    return render(
        request,
        "grants/furusato/listing_form.html",
        {"form": form, "listing": listing},
        status=400 if form.errors else 200,
    )


@login_required
def listing_create(request):
    _staff_only(request.user)
    listing = PortalSiteListing(municipality_id=request.user.municipality_id)
    return _listing_form_page(request, ListingForm(request.POST or None, instance=listing), None)


@login_required
def listing_edit(request, pk):
    listing = selectors.listing_get_for_edit(request.user, pk)
    form = ListingForm(request.POST or None, instance=listing)
    return _listing_form_page(request, form, listing)


@login_required
@require_POST
def listing_delete(request, pk):
    listing = selectors.listing_get_for_edit(request.user, pk)
    remove = partial(services.listing_delete, actor=request.user, listing=listing)
    run_action(request, remove, done=_("The portal site was removed."), on_refused=not_found)
    return redirect("grants:furusato_sites")


@login_required
@require_GET
def figure_list(request):
    """Donations received by municipality and 年度, in the user's scope, with the sum."""
    user = request.user
    if not permissions.can_view_donation_figures(user):
        raise Http404
    filterset = DonationFigureFilter(
        request.GET,
        queryset=selectors.figures_visible_to(user).order_by(
            "-fiscal_year", "municipality__bureau__order", "municipality__code"
        ),
        user=user,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/furusato/figure_list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": selectors.figure_totals(filterset.qs),
            "query": query_without_page(request),
            "can_enter": permissions.is_municipal_staff(user),
        },
    )


@login_required
def figure_enter(request):
    """The municipality enters (or corrects) what it received in a 年度."""
    user = request.user
    _staff_only(user)
    year = request.GET.get("fiscal_year", "")
    initial = {"fiscal_year": int(year) if year.isdigit() else fiscal_year() - 1}
    existing = (
        selectors.figures_of_municipality(user.municipality_id)
        .filter(fiscal_year=initial["fiscal_year"])
        .first()
    )
    if existing is not None:
        initial.update(amount=existing.amount, count=existing.count, note=existing.note)
    form = DonationFigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = partial(
            services.donation_figure_set,
            actor=user,
            municipality=user.municipality,
            fiscal_year=data["fiscal_year"],
            amount=data["amount"],
            count=data["count"],
            note=data["note"],
        )
        if run_action(
            request, save, form=form, done=_("The figures were saved."), on_refused=not_found
        ):
            return redirect("grants:furusato_sites")
    return render(
        request,
        "grants/furusato/figure_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
