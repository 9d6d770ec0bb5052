"""Sharing challenges among neighbours (#22 point 3): the owner chooses who may read a
challenge; neighbours list and read what is shared with them and say 「同じ課題がある」; the
bureau and HQ see the clusters those marks make. Outside scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.actions import not_found, run_action

from ..forms.challenges import EchoForm, SharingForm
from ..models import Sharing
from ..permissions import challenges as perms
from ..selectors import challenge_sharing as selectors
from ..selectors import challenges as challenge_selectors
from ..services import challenge_sharing as services
from .challenges import render_detail
from .common import query_without_page

PER_PAGE = 25


def _trail():
    return [
        (reverse("casebook:challenge_list"), _("Challenges and needs")),
        (reverse("casebook:shared_challenge_list"), _("Neighbours' challenges")),
    ]


@login_required
@require_POST
def challenge_sharing(request, pk):
    """The owner's choice on the challenge's page: not shared, the bureau's municipalities
    or the 連携地域's."""
    challenge = challenge_selectors.challenge_get_for(request.user, pk)
    if not perms.can_share_challenge(request.user, challenge):
        raise Http404
    form = SharingForm(request.POST)
    if form.is_valid():

        def share():
            services.challenge_share(
                challenge=challenge, actor=request.user, sharing=form.cleaned_data["sharing"]
            )
            if form.cleaned_data["sharing"] == Sharing.PRIVATE:
                return _("The challenge is no longer shared.")
            return _("The challenge is shared with: %(whom)s.") % {
                "whom": Sharing(form.cleaned_data["sharing"]).label
            }

        if run_action(request, share, form=form, on_refused=not_found):
            return redirect(challenge)
    return render_detail(request, challenge, sharing_form=form, status=400)


@login_required
@require_http_methods(["GET"])
def shared_challenge_list(request):
    user = request.user
    if not perms.can_submit_challenge(user):
        raise Http404
    area = selectors.neighbour_area(user)
    page = Paginator(selectors.shared_challenges_for_list(user, area=area), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "casebook/challenges/shared_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "trail": _trail()[:1],
            "stale_marks": selectors.marks_no_longer_shared(user, area=area),
        },
    )


def _detail(request, challenge, *, form=None, status=200):
    user = request.user
    echo = selectors.echo_of(user, challenge)
    own = selectors.own_challenges_to_link(user, challenge)
    if form is None:
        initial = {"own_challenge": echo.own_challenge_id, "note": echo.note} if echo else {}
        form = EchoForm(initial=initial, own_challenges=own)
    return render(
        request,
        "casebook/challenges/shared_detail.html",
        {
            "challenge": challenge,
            "trail": _trail(),
            "links": selectors.public_links(challenge),
            "echo": echo,
            "echo_count": challenge.echoes.count(),
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def shared_challenge_detail(request, pk):
    return _detail(request, selectors.shared_challenge_get_for(request.user, pk))


@login_required
@require_POST
def shared_challenge_echo(request, pk):
    """「同じ課題がある」 (again: change the named challenge or the note)."""
    user = request.user
    challenge = selectors.shared_challenge_get_for(user, pk)
    form = EchoForm(request.POST, own_challenges=selectors.own_challenges_to_link(user, challenge))
    if form.is_valid():

        def echo():
            services.challenge_echo(challenge=challenge, actor=user, **form.cleaned_data)
            return _("%(municipality)s is told that you have the same challenge.") % {
                "municipality": challenge.municipality.name
            }

        if run_action(request, echo, form=form, on_refused=not_found):
            return redirect("casebook:shared_challenge_detail", pk=challenge.pk)
    return _detail(request, challenge, form=form, status=400)


@login_required
@require_POST
def shared_challenge_unecho(request, pk):
    user = request.user
    challenge = selectors.marked_challenge_get_for(user, pk)

    def withdraw():
        if services.challenge_echo_withdraw(challenge=challenge, actor=user):
            return _("Your same-challenge mark was taken back.")
        return ""

    run_action(request, withdraw, on_refused=not_found)
    if selectors.challenges_shared_with(user).filter(pk=challenge.pk).exists():
        return redirect("casebook:shared_challenge_detail", pk=challenge.pk)
    return redirect("casebook:shared_challenge_list")


@login_required
@require_http_methods(["GET"])
def challenge_clusters(request):
    """The bureau's (HQ: every) clusters of municipalities with the same challenge."""
    if not perms.can_view_clusters(request.user):
        raise Http404
    return render(
        request,
        "casebook/challenges/clusters.html",
        {
            "clusters": selectors.challenge_clusters_visible_to(request.user),
            "trail": _trail()[:1],
        },
    )
