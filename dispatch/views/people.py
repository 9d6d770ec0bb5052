"""The roster for officers and HQ, a person's page (skills, availability, assignments,
sessions, reports to file and the yearly figures), and "my assignments" for advisors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.models import Municipality

from ..exports.requests import figures_csv_response
from ..figures.requests import confirmed_reports, yearly_figures
from ..filters.requests import PersonFilter
from ..forms.figures import YearForm
from ..models import Session
from ..permissions import requests as permissions
from ..selectors import requests as selectors
from .calendars import feed_panel
from .common import PAGE_SIZE, query_without_page, staff_only


def _session_years() -> list[int]:
    return list(Session.objects.order_by().values_list("fiscal_year", flat=True).distinct())


@staff_only
def person_list(request):
    filterset = PersonFilter(
        request.GET,
        queryset=selectors.people_visible_to(request.user)
        .select_related("home_bureau")
        .prefetch_related("skills", "areas")
        .order_by("kana", "name", "pk"),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    load = selectors.live_load([p.pk for p in page])
    return render(
        request,
        "dispatch/person_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [(person, load.get(person.pk, 0)) for person in page],
            "query": query_without_page(request),
        },
    )


@login_required
def my_assignments(request):
    person = permissions.person_of(request.user)
    if person is None:
        return render(request, "dispatch/person_none.html")
    return redirect("dispatch:person_detail", pk=person.pk)


def _person_reports(user, person, year):
    """The person's confirmed reports counted for ``user``: only requests the user may
    open, as on the figures page, so no other bureau's municipality is named."""
    return (
        confirmed_reports(year)
        .filter(person=person)
        .filter(selectors.request_scope(user, prefix="session__request__"))
    )


@login_required
def person_detail(request, pk):
    """The person's page. Their assignments and sessions are listed for every viewer, but
    the viewer learns what each one is only if they may open its request: otherwise the
    period and 予定あり (busy), no reference, title, municipality, place or link."""
    user = request.user
    person = selectors.person_get_for(user, pk)
    year_form = YearForm(request.GET or None, years=_session_years())
    year = year_form.year
    reports = _person_reports(user, person, year)
    by_municipality = yearly_figures(reports, by="municipality")
    names = Municipality.objects.in_bulk(list(by_municipality))
    now = timezone.now()
    is_self = person.user_id == user.pk
    coming = selectors.sessions_for_person(person).filter(ends_at__gte=now)
    context = {
        "person": person,
        "is_self": is_self,
        "is_staff": permissions.is_staff(user),
        "assignments": selectors.commitments(
            selectors.with_request_scope(selectors.assignments_of_person(person), user)
        ),
        "coming": selectors.commitments(selectors.with_request_scope(coming, user)[:20]),
        "to_report": selectors.commitments(selectors.reports_to_file(person, viewer=user)),
        "year_form": year_form,
        "year": year,
        "total": yearly_figures(reports, by="all").get(None),
        "by_municipality": sorted(
            ((names[m], f) for m, f in by_municipality.items()), key=lambda row: row[0].code
        ),
        # Only the person has a subscription URL for their sessions: it is theirs.
        "can_manage_feed": is_self and permissions.can_subscribe_calendar(user),
        "today": timezone.localdate(),
    }
    if context["can_manage_feed"]:
        context.update(feed_panel(request))
    return render(request, "dispatch/person_detail.html", context)


@login_required
def person_figures_csv(request, pk):
    person = selectors.person_get_for(request.user, pk)
    year = YearForm(request.GET or None, years=_session_years()).year
    return figures_csv_response(
        _person_reports(request.user, person, year), year, name=f"person-{person.pk}"
    )
