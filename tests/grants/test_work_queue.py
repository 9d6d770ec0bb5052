"""The grants pillar's queues on the admin home and the 「担当」 filter of the application list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, ReviewerAssignment
from grants.models.applications import Status
from portal.models import Bureau
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

LIST = "admin:grants_application_changelist"


def _application(call, status, **fields):
    app = ApplicationFactory(call=call)
    Application.objects.filter(pk=app.pk).update(
        status=status, submitted_at=timezone.now(), reference=f"R8-T-{app.pk:04d}", **fields
    )
    return Application.objects.get(pk=app.pk)


def _shown(client, **params):
    return {app.pk for app in client.get(reverse(LIST), params).context["cl"].result_list}


def test_report_overdue_starts_the_day_after_the_due_date(client, call, ishikari_officer):
    today = timezone.localdate()
    on_time = _application(call, Status.APPROVED, report_due=today)
    late = _application(call, Status.APPROVED, report_due=today - dt.timedelta(days=1))
    _application(call, Status.APPROVED, report_due=today + dt.timedelta(days=1))
    client.force_login(ishikari_officer)
    assert _shown(client, queue="report_overdue") == {late.pk}
    assert on_time.pk not in _shown(client, queue="report_overdue")
    home = client.get("/admin/")
    row = next(
        r for s in home.context["work_queue"] for r in s.rows if r.url.endswith("report_overdue")
    )
    assert (row.count, row.overdue, row.deadline) == (1, 1, today - dt.timedelta(days=1))


def test_mine_covers_lead_officer_and_reviewer_but_not_finished_work(
    client, call, ishikari_officer
):
    led = _application(call, Status.UNDER_REVIEW, lead_officer=ishikari_officer)
    reviewed = _application(call, Status.SUBMITTED)
    ReviewerAssignment.objects.create(application=reviewed, reviewer=ishikari_officer)
    _application(call, Status.CLOSED, lead_officer=ishikari_officer)  # nothing left to do
    _application(call, Status.UNDER_REVIEW)  # nobody's yet
    client.force_login(ishikari_officer)
    assert _shown(client, queue="mine") == {led.pk, reviewed.pk}


def test_assignee_filter_mine_team_and_all(client, call, ishikari_officer, oshima_officer):
    colleague = UserFactory(ishikari_officer=True)
    mine = _application(call, Status.UNDER_REVIEW, lead_officer=ishikari_officer)
    both = _application(call, Status.UNDER_REVIEW, lead_officer=colleague)
    # A reviewer too: the row still appears once.
    ReviewerAssignment.objects.create(application=both, reviewer=ishikari_officer)
    ReviewerAssignment.objects.create(application=both, reviewer=colleague)
    theirs = _application(call, Status.UNDER_REVIEW, lead_officer=colleague)
    nobody = _application(call, Status.SUBMITTED)
    other = _application(
        CallFactory(bureau=Bureau.objects.get(code="oshima")),
        Status.UNDER_REVIEW,
        lead_officer=oshima_officer,
    )
    client.force_login(ishikari_officer)
    assert _shown(client, assignee="me") == {mine.pk, both.pk}
    assert _shown(client, assignee="team") == {mine.pk, both.pk, theirs.pk}
    everything = _shown(client)
    assert {mine.pk, both.pk, theirs.pk, nobody.pk} <= everything
    assert other.pk not in everything
    listed = client.get(reverse(LIST), {"assignee": "me"})
    assert listed.context["cl"].result_count == 2
    # Combined with a queue, and kept in the address for a bookmark.
    assert _shown(client, assignee="team", queue="review") == {mine.pk, both.pk, theirs.pk}


def test_hq_team_is_hq(client, call, hq_user, ishikari_officer):
    hq_colleague = UserFactory(hq=True)
    by_hq = _application(call, Status.UNDER_REVIEW, lead_officer=hq_colleague)
    _application(call, Status.UNDER_REVIEW, lead_officer=ishikari_officer)
    client.force_login(hq_user)
    assert _shown(client, assignee="team") == {by_hq.pk}
    assert _shown(client, assignee="me") == set()


def test_out_of_scope_application_page_is_404_for_an_officer(client, ishikari_officer):
    other = _application(CallFactory(bureau=Bureau.objects.get(code="oshima")), Status.SUBMITTED)
    client.force_login(ishikari_officer)
    response = client.get(reverse("admin:grants_application_change", args=[other.pk]))
    assert response.status_code == 404


def test_list_with_filters_costs_the_same_however_many_rows(
    client, call, ishikari_officer, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _application(call, Status.UNDER_REVIEW, lead_officer=ishikari_officer)
    client.force_login(ishikari_officer)
    params = {"queue": "mine", "assignee": "team"}
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(LIST), params)
    for _ in range(6):
        _application(call, Status.UNDER_REVIEW, lead_officer=ishikari_officer)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse(LIST), params)
    assert response.context["cl"].result_count == 7
