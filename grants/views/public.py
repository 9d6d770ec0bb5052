"""Public pages of the grants pillar: the calls (募集) and their rules, no sign-in needed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.japanese import wareki_datetime
from portal.models import Role
from portal.pagecache import next_minute, public_page

from ..filters.applications import CallFilter
from ..permissions import applications as permissions
from ..selectors import applications as selectors

PAGE_SIZE = 20


def window_state(call, now) -> str:
    """``upcoming``, ``open`` or ``closed``: shown as words, never by colour alone."""
    if now < call.opens_at:
        return "upcoming"
    return "open" if call.is_open(now) else "closed"


def query_without_page(request) -> str:
    """The current filters as a query string, for pagination links and exports."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# A call's window (upcoming, open, closed) changes with the clock: its pages are rendered
# again at the start of each minute, and at once when HQ edits a call (the admin invalidates).
@require_GET
@public_page(expires=next_minute)
def call_list(request):
    filterset = CallFilter(
        request.GET,
        queryset=selectors.calls_public()
        # The list shows no applicant kinds or cost categories: skip those prefetches.
        .prefetch_related(None)
        .order_by("-fiscal_year", "bureau__order", "programme__code", "opens_at", "pk"),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "grants/call_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(call, window_state(call, now)) for call in page],
            "query": query_without_page(request),
        },
    )


def apply_refusal(user, call, now) -> str:
    """Why ``user`` cannot apply to ``call`` now, in words; empty when they can.

    Municipal staff (and local groups, who apply through their municipality) of the
    call's bureau may apply while the window is open, if the call accepts their kind of
    applicant.
    """
    state = window_state(call, now)
    if state == "upcoming":
        return _("Applications open on %(date)s.") % {"date": _when(call.opens_at)}
    if state == "closed":
        return _("This call closed on %(date)s.") % {"date": _when(call.closes_at)}
    if not user.is_authenticated:
        return _("Sign in as staff of a municipality in the area of %(bureau)s to apply.") % {
            "bureau": call.bureau.display_name
        }
    kinds = call.eligible_applicant_kinds.all()
    if (
        user.role not in (Role.MUNICIPAL, Role.GROUP)
        or user.municipality.bureau_id != call.bureau_id
        or not any(permissions.can_start_application(user, call, kind) for kind in kinds)
    ):
        return _(
            "Only municipalities in the area of %(bureau)s, and the local groups this call "
            "accepts through them, can apply to this call."
        ) % {"bureau": call.bureau.display_name}
    return ""


def _when(value) -> str:
    return wareki_datetime(value)


@require_GET
@public_page(expires=next_minute)
def call_detail(request, pk):
    call = selectors.call_get_public(pk)
    now = timezone.now()
    refusal = apply_refusal(request.user, call, now)
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "state": window_state(call, now),
            "can_apply": not refusal,
            "refusal": refusal,
            "applicant_kinds": list(call.eligible_applicant_kinds.all()),
        },
    )
