"""Challenges and needs (I1): municipal staff submit and follow their municipality's
challenges; bureau officers and HQ see the list and the overview by theme and
municipality (triage itself is in the admin). Outside scope: 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.actions import not_found, run_action
from portal.charts import Bar, fluid_bar_chart_svg
from portal.permissions import is_hq

from ..filters.challenges import ChallengeFilter
from ..forms.challenges import ChallengeForm, SharingForm
from ..models import ChallengeStatus
from ..permissions import challenges as perms
from ..selectors import challenge_sharing as sharing_selectors
from ..selectors import challenges as selectors
from ..services import challenges as services
from ..workflows.challenges import CHALLENGE_WORKFLOW
from .common import query_without_page

PER_PAGE = 25


def _trail():
    return [(reverse("casebook:challenge_list"), _("Challenges and needs"))]


@login_required
@require_http_methods(["GET"])
def challenge_list(request):
    user = request.user
    if not (perms.can_submit_challenge(user) or perms.is_staff(user)):
        raise Http404
    filterset = ChallengeFilter(
        request.GET, queryset=selectors.challenges_visible_to(user), user=user
    )
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casebook/challenges/challenge_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "can_submit": perms.can_submit_challenge(user),
            "is_staff": perms.is_staff(user),
            "can_view_clusters": perms.can_view_clusters(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request):
    if not perms.can_submit_challenge(request.user):
        messages.info(request, _("Only staff of a municipality can submit a challenge."))
        return redirect(
            "casebook:challenge_list" if perms.is_staff(request.user) else "casebook:index"
        )
    form = ChallengeForm(request.POST or None, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid():
        submitted = []

        def submit():
            challenge = services.challenge_submit(actor=request.user, **form.cleaned_data)
            submitted.append(challenge)
            return _("Thank you. Your challenge was sent to %(bureau)s.") % {
                "bureau": challenge.bureau.name
            }

        if run_action(request, submit, form=form, on_refused=not_found):
            return redirect(submitted[0])
    return render(
        request, "casebook/challenges/challenge_form.html", {"form": form, "trail": _trail()}
    )


def render_detail(request, challenge, *, sharing_form=None, status=200):
    """The challenge's page: the owner also chooses who else may read it, and the owner and
    the bureau see which neighbours said 「同じ課題がある」."""
    user = request.user
    staff = perms.can_triage_challenge(user, challenge)
    owner = perms.can_share_challenge(user, challenge)
    if owner and sharing_form is None:
        sharing_form = SharingForm(initial={"sharing": challenge.sharing})
    return render(
        request,
        "casebook/challenges/challenge_detail.html",
        {
            "challenge": challenge,
            "trail": _trail(),
            "links": selectors.challenge_links(challenge),
            "events": selectors.challenge_events(challenge),
            "workflow": CHALLENGE_WORKFLOW,
            "applicant_view": not staff,
            "is_staff": staff,
            "sharing_form": sharing_form if owner else None,
            "echoes": sharing_selectors.echoes_for_owner(user, challenge),
            "admin_url": reverse("admin:casebook_challenge_change", args=[challenge.pk])
            if staff
            else "",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def challenge_detail(request, pk):
    return render_detail(request, selectors.challenge_get_for(request.user, pk))


@login_required
@require_http_methods(["GET"])
def challenge_overview(request):
    """The bureau's picture (HQ: across bureaus and regions): counts by theme, by
    municipality and by status for the filtered challenges, and a chart by theme."""
    user = request.user
    if not perms.is_staff(user):
        raise Http404
    filterset = ChallengeFilter(
        request.GET, queryset=selectors.challenges_visible_to(user), user=user
    )
    counts = selectors.challenge_counts(filterset.qs)
    english = (request.LANGUAGE_CODE or "ja").startswith("en")
    bars = [
        Bar(
            label=row["theme__name_en"] if english else row["theme__name"],
            value=row["n"],
            value_label=str(row["n"]),
        )
        for row in counts["by_theme"]
    ]
    chart = fluid_bar_chart_svg(
        chart_id="challenges-by-theme",
        title=_("Challenges by theme"),
        description=_("Number of challenges per theme; the table beside gives the figures."),
        bars=bars,
    )
    status_rows = [
        {"label": label, "n": counts["by_status"].get(value, 0)}
        for value, label in ChallengeStatus.choices
    ]
    return render(
        request,
        "casebook/challenges/challenge_overview.html",
        {
            "filter": filterset,
            "counts": counts,
            "trail": _trail(),
            "chart": chart,
            "status_rows": status_rows,
            "english": english,
            "is_hq": is_hq(user),
            "query": request.GET.urlencode(),
        },
    )
