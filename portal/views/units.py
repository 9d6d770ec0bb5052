"""The organisation page of a municipality (#20): its 課・係 and who sits where, kept by the
municipality's administrator; and the shared inbox of one's unit.

Any staff member of the municipality reads the page; only its administrator changes it (403
for the others: they can see the page exists); staff of other municipalities and other roles
get 404. Bureau officers and HQ keep units in the admin.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..actions import forbidden, run_action
from ..forms.units import PlacementForm, UnitForm
from ..models import Unit
from ..permissions.units import (
    can_manage_units_of,
    can_view_organisation,
    organisation_key,
)
from ..selectors import units as selectors
from ..services import units as services


def _require_admin(user):
    """Inside the organisation but not its administrator: 403 (the page itself is theirs
    to read). Outside it: 404."""
    if not can_view_organisation(user):
        raise Http404
    if not can_manage_units_of(user, organisation_key(user)):
        raise PermissionDenied


def _divisions(user):
    return selectors.units_of_organisation(organisation_key(user)).filter(
        kind=Unit.Kind.DIVISION, is_active=True
    )


@login_required
def organisation_detail(request):
    chart = selectors.organisation_chart(request.user)
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "chart": chart,
            "municipality": request.user.municipality,
            "can_manage": can_manage_units_of(request.user, organisation_key(request.user)),
        },
    )


@login_required
def unit_create(request):
    user = request.user
    _require_admin(user)
    form = UnitForm(request.POST if request.method == "POST" else None, divisions=_divisions(user))
    if request.method == "POST" and form.is_valid():
        create = partial(
            services.unit_create, actor=user, municipality=user.municipality, **form.cleaned_data
        )
        done = _("%(unit)s has been added.") % {"unit": form.cleaned_data["name"]}
        if run_action(request, create, form=form, on_refused=forbidden, done=done):
            return redirect("portal:organisation_detail")
    return render(request, "portal/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk):
    user = request.user
    unit = selectors.organisation_unit_get_for(user, pk)
    _require_admin(user)
    initial = {"name": unit.name, "email": unit.email, "order": unit.order}
    form = UnitForm(
        request.POST if request.method == "POST" else None, initial=initial, with_parent=False
    )
    if request.method == "POST" and form.is_valid():
        update = partial(services.unit_update, unit=unit, actor=user, **form.cleaned_data)
        done = _("%(unit)s has been saved.") % {"unit": form.cleaned_data["name"]}
        if run_action(request, update, form=form, on_refused=forbidden, done=done):
            return redirect("portal:organisation_detail")
    return render(request, "portal/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def unit_set_active(request, pk):
    user = request.user
    unit = selectors.organisation_unit_get_for(user, pk)
    _require_admin(user)
    active = request.POST.get("active") == "1"
    done = (_("%(unit)s is in use again.") if active else _("%(unit)s is no longer in use.")) % {
        "unit": unit
    }
    change = partial(services.unit_set_active, unit=unit, actor=user, active=active)
    run_action(request, change, done=done, on_refused=forbidden)
    return redirect("portal:organisation_detail")


@login_required
def member_place(request, pk):
    user = request.user
    person = selectors.colleague_get_for(user, pk)
    _require_admin(user)
    units = (
        selectors.units_of_organisation(organisation_key(user))
        .filter(is_active=True)
        .select_related("parent")
    )
    form = PlacementForm(
        request.POST if request.method == "POST" else None,
        units=units,
        initial={"unit": person.unit_id, "position": person.position},
    )
    if request.method == "POST" and form.is_valid():
        place = partial(services.user_place, user=person, actor=user, **form.cleaned_data)
        done = _("%(name)s is now %(position)s of %(unit)s.") % {
            "name": person.get_full_name(),
            "position": dict(form.fields["position"].choices)[form.cleaned_data["position"]],
            "unit": form.cleaned_data["unit"],
        }
        if run_action(request, place, form=form, on_refused=forbidden, done=done):
            return redirect("portal:organisation_detail")
    return render(request, "portal/member_form.html", {"form": form, "person": person})


@login_required
def unit_inbox(request):
    """The notifications of one's unit, each once: what colleagues were told too."""
    user = request.user
    if user.unit_id is None:
        raise Http404
    page = Paginator(selectors.unit_inbox_for(user), 20).get_page(request.GET.get("page"))
    unit = Unit.objects.select_related("parent").get(pk=user.unit_id)
    return render(request, "portal/unit_inbox.html", {"page": page, "unit": unit})
