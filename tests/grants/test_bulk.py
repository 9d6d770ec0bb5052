"""Bulk work at the 年度 peak: reviewers, decisions and notices for many applications at once
from the admin's application list (grants/admin/bulk.py)."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Notice, NoticeBatch, NoticeBatchItem, ReviewerAssignment
from grants.services import applications, bulk, notice_batches, review
from grants.services.common import applicant_users
from portal.models import AuditEvent, Bureau, Document, Municipality
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:grants_application_changelist"


def changelist():
    return reverse(CHANGELIST)


def reload(application):
    return Application.objects.get(pk=application.pk)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def page(response) -> str:
    return response.content.decode()


def submitted_rows(call, count, start=1, status="submitted", **kwargs):
    """Submitted applications of 札幌市 (maximum 600,000円 each, requested 600,000円)."""
    return [
        ApplicationFactory(
            call=call,
            attachments=False,
            status=status,
            reference=f"R8-石狩-{number:04d}",
            submitted_at=timezone.now(),
            **kwargs,
        )
        for number in range(start, start + count)
    ]


def reviewing_rows(call, count, start=1, **kwargs):
    """Applications under review: a decision is offered only once the review has started."""
    return submitted_rows(call, count, start, status="under_review", **kwargs)


def action_post(action, rows, **data):
    return {"action": action, "_selected_action": [a.pk for a in rows], **data}


def confirm_post(action, rows, **data):
    return action_post(action, rows, post="yes", **data)


def amounts(rows, values):
    return {f"amount_{a.pk}": str(v) for a, v in zip(rows, values, strict=True)}


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


@pytest.fixture
def oshima_application(hakodate_staff):
    call = CallFactory(bureau=Bureau.objects.get(code="oshima"))
    draft = ApplicationFactory(
        call=call,
        municipality=Municipality.objects.get(code="012025"),
        created_by=hakodate_staff,
        title="函館朝市デジタル化事業",
    )
    return applications.application_submit(application=draft, actor=hakodate_staff)


# --- 審査開始 and reviewers --------------------------------------------------------------------


def test_bulk_start_review_assigns_the_reviewers_chosen_among_the_bureau_officers(
    officer_client, ishikari_officer, call, oshima_officer
):
    rows = submitted_rows(call, 2)
    colleague = UserFactory(ishikari_officer=True, name="石狩 審査員")
    response = officer_client.post(
        changelist(), action_post("start_review_and_assign_selected", rows)
    )
    assert response.status_code == 200
    content = page(response)
    assert "R8-石狩-0001" in content and "R8-石狩-0002" in content
    choices = {u.pk for u in response.context["form"].fields["reviewers"].queryset}
    assert choices == {ishikari_officer.pk, colleague.pk}  # not the other bureau's officer

    response = officer_client.post(
        changelist(),
        confirm_post(
            "start_review_and_assign_selected",
            rows,
            lead_officer=ishikari_officer.pk,
            reviewers=[colleague.pk],
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(changelist())
    for application in rows:
        application = reload(application)
        assert application.status == "under_review"
        assert application.lead_officer == ishikari_officer
        assert list(application.reviewer_assignments.values_list("reviewer", flat=True)) == [
            colleague.pk
        ]
    assert any("2" in m for m in messages_of(response))
    assert AuditEvent.objects.filter(action="assign").count() == 2


def test_an_officer_of_another_bureau_cannot_be_assigned_by_a_crafted_post(
    officer_client, call, oshima_officer
):
    rows = submitted_rows(call, 1)
    response = officer_client.post(
        changelist(),
        confirm_post("start_review_and_assign_selected", rows, reviewers=[oshima_officer.pk]),
    )
    assert response.status_code == 200
    assert "reviewers" in response.context["form"].errors
    assert reload(rows[0]).status == "submitted"
    assert not ReviewerAssignment.objects.exists()


def test_bulk_start_review_reports_each_refusal_and_does_the_rest(
    officer_client, ishikari_officer, call, allocation
):
    rows = submitted_rows(call, 2)
    review.application_start_review(application=rows[1], actor=ishikari_officer)
    review.application_approve(application=rows[1], actor=ishikari_officer, amount=600_000)
    # On the first page the decided application is left out with a warning...
    response = officer_client.post(
        changelist(), action_post("start_review_and_assign_selected", rows)
    )
    assert [a.pk for a in response.context["rows"]] == [rows[0].pk]
    assert any("R8-石狩-0002" in m for m in messages_of(response))
    # ...and a post that still names it (the page was old) refuses that row alone.
    response = officer_client.post(
        changelist(),
        confirm_post("start_review_and_assign_selected", rows, reviewers=[ishikari_officer.pk]),
        follow=True,
    )
    assert response.status_code == 200
    assert reload(rows[0]).status == "under_review"
    assert reload(rows[1]).status == "approved"
    assert any(m.startswith("R8-石狩-0002: ") for m in messages_of(response))


# --- 交付決定 ---------------------------------------------------------------------------------


def test_the_decide_page_offers_each_amount_and_the_remaining_allocation(
    officer_client, call, allocation
):
    rows = reviewing_rows(call, 3)
    rows[1].recommended_amount = 400_000
    rows[1].save(update_fields=["recommended_amount"])
    response = officer_client.post(changelist(), action_post("decide_selected", rows))
    assert response.status_code == 200
    form = response.context["form"]
    assert [form[f"amount_{a.pk}"].value() for a in rows] == [600_000, 400_000, 600_000]
    line = response.context["allocations"][0]
    assert (line["remaining"], line["total"], line["after"]) == (
        30_000_000,
        1_600_000,
        28_400_000,
    )
    content = page(response)
    assert "28,400,000円" in content
    assert 'name="post" value="yes"' in content


def test_the_decide_page_queries_do_not_grow_with_the_rows(officer_client, call, allocation):
    rows = reviewing_rows(call, 1)
    with CaptureQueriesContext(connection) as one:
        officer_client.post(changelist(), action_post("decide_selected", rows))
    rows += reviewing_rows(call, 9, start=2)
    with CaptureQueriesContext(connection) as ten:
        response = officer_client.post(changelist(), action_post("decide_selected", rows))
    assert len(response.context["rows"]) == 10
    assert len(ten) == len(one)


def test_all_good_all_decided_with_their_own_amounts_and_no_notice_yet(
    officer_client, call, allocation
):
    rows = reviewing_rows(call, 3)
    mail.outbox.clear()
    response = officer_client.post(
        changelist(),
        confirm_post(
            "decide_selected",
            rows,
            conditions="年度内に完了すること",
            **amounts(rows, ["600,000", "５００，０００", "400000円"]),
        ),
        follow=True,
    )
    assert response.status_code == 200
    decided = [reload(a) for a in rows]
    assert [(a.status, a.approved_amount) for a in decided] == [
        ("approved", 600_000),
        ("approved", 500_000),
        ("approved", 400_000),
    ]
    assert {a.conditions for a in decided} == {"年度内に完了すること"}
    assert any("1,500,000円" in m for m in messages_of(response))
    # The notices are issued as a batch afterwards: no number drawn, nobody told yet.
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_a_bureau_that_decides_through_a_route_decides_nothing_in_a_batch(
    officer_client, call, allocation, ishikari_officer
):
    """The 交付決定 is the 局長's when the bureau has a route: a batch would perform it past
    the route, so each row is refused with the way to draft it, and nothing is decided."""
    from portal.models import Position
    from tests.kessai.conftest import APPROVE, set_route

    set_route(APPROVE, Position.HEAD, bureau=ishikari_officer.bureau)
    rows = reviewing_rows(call, 2)
    response = officer_client.post(
        changelist(),
        confirm_post("decide_selected", rows, **amounts(rows, ["600,000", "500,000"])),
    )
    assert response.status_code == 200
    assert [reload(a).status for a in rows] == ["under_review", "under_review"]
    errors = " ".join(response.context["form"].errors[f"amount_{rows[0].pk}"])
    assert "決裁" in errors


def test_one_over_the_allocation_decides_none_and_keeps_the_typed_amounts(officer_client, call):
    AllocationFactory(amount=1_000_000)
    rows = reviewing_rows(call, 2)
    response = officer_client.post(
        changelist(),
        confirm_post("decide_selected", rows, **amounts(rows, ["600,000", "５００，０００"])),
    )
    assert response.status_code == 200
    assert [reload(a).status for a in rows] == ["under_review", "under_review"]
    assert not AuditEvent.objects.filter(action="approve").exists()
    form = response.context["form"]
    assert f"amount_{rows[0].pk}" not in form.errors  # the first one fitted
    row_error = " ".join(form.errors[f"amount_{rows[1].pk}"])
    assert "400,000円" in row_error  # what remained when it came
    content = page(response)
    assert "error-summary" in content
    assert f'href="#id_amount_{rows[1].pk}"' in content
    assert 'value="５００，０００"' in content or 'value="500,000"' in content
    assert "1,100,000円" in content  # the total typed
    assert "100,000円" in " ".join(form.non_field_errors())  # over by


@pytest.mark.parametrize(
    ("allocation_amount", "decided"),
    [
        (1_200_000, True),  # exactly the remaining allocation
        (1_199_999, False),  # one yen too little
        (1_200_001, True),  # one yen to spare
    ],
)
def test_the_total_at_below_and_above_the_remaining_allocation(
    officer_client, call, allocation_amount, decided, ishikari_officer
):
    AllocationFactory(amount=allocation_amount + 600_000)
    earlier = reviewing_rows(call, 1, start=9)[0]
    review.application_approve(application=earlier, actor=ishikari_officer, amount=600_000)
    rows = reviewing_rows(call, 2)
    officer_client.post(
        changelist(), confirm_post("decide_selected", rows, **amounts(rows, [600_000, 600_000]))
    )
    expected = "approved" if decided else "under_review"
    assert [reload(a).status for a in rows] == [expected, expected]


def test_an_amount_above_the_requested_is_refused_on_its_row(officer_client, call, allocation):
    rows = reviewing_rows(call, 2)
    response = officer_client.post(
        changelist(), confirm_post("decide_selected", rows, **amounts(rows, [600_000, 700_000]))
    )
    errors = response.context["form"].errors
    assert "600,000円" in " ".join(errors[f"amount_{rows[1].pk}"])
    assert [reload(a).status for a in rows] == ["under_review", "under_review"]


def test_an_application_no_longer_awaiting_a_decision_is_refused_on_its_row(
    officer_client, call, allocation, ishikari_officer
):
    rows = reviewing_rows(call, 2)
    review.application_return(application=rows[0], actor=ishikari_officer, reason="修正")
    response = officer_client.post(
        changelist(), confirm_post("decide_selected", rows, **amounts(rows, [600_000, 600_000]))
    )
    assert f"amount_{rows[0].pk}" in response.context["form"].errors
    assert reload(rows[1]).status == "under_review"


def test_an_application_of_another_bureau_in_a_crafted_post_is_refused(
    officer_client, call, allocation, oshima_application
):
    rows = reviewing_rows(call, 1)
    crafted = confirm_post(
        "decide_selected",
        [*rows, oshima_application],
        **amounts([*rows, oshima_application], [600_000, 600_000]),
    )
    response = officer_client.post(changelist(), crafted, follow=True)
    assert response.status_code == 200
    assert reload(rows[0]).status == "under_review"
    assert reload(oshima_application).status == "submitted"
    assert messages_of(response)  # refused, with a message, not a 500


def test_the_service_refuses_another_bureau_row_and_rolls_back_the_others(
    call, allocation, ishikari_officer, oshima_application
):
    rows = reviewing_rows(call, 1)
    with pytest.raises(bulk.BulkRefused) as refused:
        bulk.applications_decide(
            decisions=[(rows[0], 600_000), (oshima_application, 600_000)],
            actor=ishikari_officer,
        )
    assert set(refused.value.errors) == {oshima_application.pk}
    assert reload(rows[0]).status == "under_review"


def test_recalculating_the_total_decides_nothing(officer_client, call, allocation):
    rows = reviewing_rows(call, 2)
    response = officer_client.post(
        changelist(),
        confirm_post(
            "decide_selected", rows, _recalculate="1", **amounts(rows, [300_000, 200_000])
        ),
    )
    assert response.context["allocations"][0]["total"] == 500_000
    assert [reload(a).status for a in rows] == ["under_review", "under_review"]


# --- 交付決定通知書 as one batch --------------------------------------------------------------


@pytest.fixture
def decided_rows(call, allocation, ishikari_officer):
    rows = reviewing_rows(call, 2)
    bulk.applications_decide(decisions=[(a, 600_000) for a in rows], actor=ishikari_officer)
    return [reload(a) for a in rows]


def batch_url(batch):
    return reverse("admin:grants_application_notice_batch", args=[batch.pk])


def test_the_batch_issues_one_notice_each_and_the_progress_page_counts_them(
    officer_client, decided_rows, sapporo_staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    response = officer_client.post(
        changelist(), action_post("issue_notices_selected", decided_rows)
    )
    assert response.context["to_issue"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            changelist(), confirm_post("issue_notices_selected", decided_rows)
        )
    batch = NoticeBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch_url(batch)
    notices = Notice.objects.filter(kind=Notice.Kind.DECISION).order_by("number")
    assert [n.application_id for n in notices] == [a.pk for a in decided_rows]
    assert [n.document_number for n in notices] == ["石振地第1号", "石振地第2号"]
    assert {n.document.status for n in notices} == {Document.Status.DONE}
    assert len(mail.outbox) == 2 * len(applicant_users(decided_rows[0]))  # each told once

    response = officer_client.get(batch_url(batch))
    content = page(response)
    progress = response.context["progress"]
    assert (progress.done, progress.total, progress.finished) == (2, 2, True)
    assert 'http-equiv="refresh"' not in content
    for notice in notices:
        assert (
            reverse("admin:grants_application_notice", args=[notice.application_id, notice.pk])
            in content
        )
        assert notice.document_number in content


def test_a_second_run_of_the_batch_issues_nothing_new(
    decided_rows, ishikari_officer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        batch = notice_batches.notice_batch_create(
            applications=decided_rows, actor=ishikari_officer
        )
    assert Notice.objects.count() == 2
    # The task delivered again, and a new batch for the same applications.
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_batches.notice_batch_run(batch_id=batch.pk) == 0
        again = notice_batches.notice_batch_create(
            applications=decided_rows, actor=ishikari_officer
        )
    assert Notice.objects.count() == 2
    assert set(again.items.values_list("outcome", flat=True)) == {
        NoticeBatchItem.Outcome.ALREADY_ISSUED
    }
    assert len(mail.outbox) == 2 * len(applicant_users(decided_rows[0]))


def test_the_progress_page_refreshes_itself_while_work_remains(
    officer_client, decided_rows, ishikari_officer
):
    batch = notice_batches.notice_batch_create(applications=decided_rows, actor=ishikari_officer)
    response = officer_client.get(batch_url(batch))  # the task has not run yet
    content = page(response)
    assert '<meta http-equiv="refresh" content="3">' in content
    assert (response.context["progress"].done, response.context["progress"].total) == (0, 2)
    assert "<progress" in content


def test_an_undecided_application_in_a_batch_is_reported_not_issued(
    officer_client, decided_rows, call, ishikari_officer, django_capture_on_commit_callbacks
):
    undecided = reviewing_rows(call, 1, start=5)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            changelist(), confirm_post("issue_notices_selected", [*decided_rows, undecided])
        )
    batch = NoticeBatch.objects.get()
    progress = officer_client.get(batch_url(batch)).context["progress"]
    assert (progress.done, progress.total, len(progress.errors)) == (2, 3, 1)
    assert progress.errors[0][0].application_id == undecided.pk
    assert progress.finished
    assert not undecided.notices.exists()
    assert response.status_code == 302


def test_the_issue_page_leaves_out_undecided_applications(officer_client, decided_rows, call):
    undecided = reviewing_rows(call, 1, start=5)[0]
    response = officer_client.post(
        changelist(), action_post("issue_notices_selected", [*decided_rows, undecided])
    )
    assert [a.pk for a in response.context["rows"]] == [a.pk for a in decided_rows]
    assert any("R8-石狩-0005" in m for m in messages_of(response))


# --- who can reach it -------------------------------------------------------------------------


def test_municipal_staff_cannot_reach_any_of_it(
    client, sapporo_staff, decided_rows, ishikari_officer, call
):
    batch = notice_batches.notice_batch_create(applications=decided_rows, actor=ishikari_officer)
    rows = reviewing_rows(call, 1, start=7)
    client.force_login(sapporo_staff)
    for data in (
        confirm_post("start_review_and_assign_selected", rows),
        confirm_post("decide_selected", rows, **amounts(rows, [600_000])),
        confirm_post("issue_notices_selected", decided_rows),
    ):
        response = client.post(changelist(), data)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    response = client.get(batch_url(batch))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert reload(rows[0]).status == "under_review"
    assert NoticeBatch.objects.count() == 1
    assert not Notice.objects.exists()


def test_another_bureau_gets_404_on_the_progress_page(
    client, oshima_officer, decided_rows, ishikari_officer
):
    batch = notice_batches.notice_batch_create(applications=decided_rows, actor=ishikari_officer)
    client.force_login(oshima_officer)
    assert client.get(batch_url(batch)).status_code == 404
    assert (
        client.get(reverse("admin:grants_application_notice_batch", args=[9999])).status_code == 404
    )


def test_hq_reads_the_progress_but_has_none_of_the_actions(
    client, hq_user, decided_rows, ishikari_officer, call
):
    batch = notice_batches.notice_batch_create(applications=decided_rows, actor=ishikari_officer)
    client.force_login(hq_user)
    assert client.get(batch_url(batch)).status_code == 200
    rows = reviewing_rows(call, 1, start=7)
    client.post(changelist(), confirm_post("decide_selected", rows, **amounts(rows, [600_000])))
    assert reload(rows[0]).status == "under_review"
    assert client.get(changelist()).context["action_form"] is None  # no action at all


def test_the_reader_can_stop_the_page_reloading(officer_client, decided_rows, ishikari_officer):
    batch = notice_batches.notice_batch_create(applications=decided_rows, actor=ishikari_officer)
    content = page(officer_client.get(batch_url(batch), {"stay": "1"}))
    assert 'http-equiv="refresh"' not in content
    assert "<progress" in content


def test_the_progress_page_queries_do_not_grow_with_the_batch(
    officer_client, call, allocation, ishikari_officer, django_capture_on_commit_callbacks
):
    def issued_batch(count, start):
        rows = reviewing_rows(call, count, start=start)
        bulk.applications_decide(decisions=[(a, 100_000) for a in rows], actor=ishikari_officer)
        with django_capture_on_commit_callbacks(execute=True):
            return notice_batches.notice_batch_create(applications=rows, actor=ishikari_officer)

    small, large = issued_batch(1, 1), issued_batch(4, 2)
    officer_client.get(batch_url(small))  # the session and the like, once
    with CaptureQueriesContext(connection) as one:
        officer_client.get(batch_url(small))
    with CaptureQueriesContext(connection) as four:
        response = officer_client.get(batch_url(large))
    assert response.context["progress"].done == 4
    assert len(four) == len(one)


@pytest.mark.parametrize("typed", ["", "abc", "-100000", "1e9", "9" * 30, "六十万"])
def test_hostile_amounts_are_errors_on_the_row_never_a_500(officer_client, call, allocation, typed):
    rows = reviewing_rows(call, 2)
    response = officer_client.post(
        changelist(), confirm_post("decide_selected", rows, **amounts(rows, [600_000, typed]))
    )
    assert response.status_code == 200
    assert f"amount_{rows[1].pk}" in response.context["form"].errors
    assert f'value="{typed}"' in page(response) or typed == ""
    assert [reload(a).status for a in rows] == ["under_review", "under_review"]


def test_a_malformed_selection_is_refused_with_a_message(officer_client, call, allocation):
    rows = reviewing_rows(call, 1)
    data = confirm_post("decide_selected", rows, **amounts(rows, [600_000]))
    data["_selected_action"] = [rows[0].pk, "x"]
    response = officer_client.post(changelist(), data, follow=True)
    assert response.status_code == 200
    assert messages_of(response)
    assert reload(rows[0]).status == "under_review"


def test_pages_of_an_application_decided_in_bulk_before_its_notice(
    officer_client, decided_rows, ishikari_officer
):
    application = decided_rows[0]
    admin_page = officer_client.get(
        reverse("admin:grants_application_change", args=[application.pk])
    )
    assert admin_page.status_code == 200
    applicant = Client()
    applicant.force_login(application.created_by)
    detail = applicant.get(reverse("grants:application_detail", args=[application.pk]))
    assert detail.status_code == 200
    # The issue page links to the bureau's earlier batches.
    batch = notice_batches.notice_batch_create(applications=decided_rows, actor=ishikari_officer)
    response = officer_client.post(
        changelist(), action_post("issue_notices_selected", decided_rows)
    )
    assert batch_url(batch) in page(response)
