"""Preview → confirm → number for the grant notices: each step that issues a numbered notice
shows its draft (案, no number) for the values typed, needs the box 「内容を確認しました」,
and issues exactly once however often it is submitted."""

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import ChangeRequest, Notice
from grants.services import after, applications, notices, review
from portal.models import DocumentIssue, NumberSequence
from tests.previews import CONFIRMED, DOCUMENT_NUMBER, assert_is_draft, draft_text, traces

pytestmark = pytest.mark.django_db


def step_url(name, application, *extra):
    return reverse(f"admin:grants_application_{name}", args=[application.pk, *extra])


def preview_url(name, application, *extra):
    return reverse(f"admin:grants_application_{name}_preview", args=[application.pk, *extra])


@pytest.fixture
def submitted(draft, sapporo_staff, ishikari_officer):
    """Submitted and under review: a decision is offered only once the review has started."""
    application = applications.application_submit(application=draft, actor=sapporo_staff)
    return review.application_start_review(application=application, actor=ishikari_officer)


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


@pytest.fixture
def approved(submitted, ishikari_officer, allocation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return review.application_approve(
            application=submitted, actor=ishikari_officer, amount=600_000
        )


def _change(approved, sapporo_staff):
    return after.change_request_submit(
        application=approved,
        actor=sapporo_staff,
        kind=ChangeRequest.Kind.CONTENT,
        reason="実施内容の見直し",
        new_description="別の内容",
    )


def test_the_approve_page_offers_the_draft_and_the_confirmation_box(officer_client, submitted):
    content = officer_client.get(step_url("approve", submitted)).content.decode()
    assert f'formaction="{preview_url("approve", submitted)}"' in content
    assert 'formtarget="_blank"' in content
    assert 'name="preview-confirmed"' in content


def test_the_decision_draft_shows_the_typed_values_and_no_number(
    officer_client, submitted, allocation
):
    before = traces()
    response = officer_client.post(
        preview_url("approve", submitted),
        {"amount": "５５０，０００", "conditions": "年度内に完了すること"},
    )
    text = draft_text(response)
    assert_is_draft(text)
    for words in ("交付決定通知書", "550,000円", "年度内に完了すること", "札幌市長"):
        assert words in text, words
    assert traces() == before  # no number, no document, no notification
    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_amount) == ("under_review", None)


def test_the_draft_is_also_a_plain_get_with_the_values(officer_client, submitted, allocation):
    response = officer_client.get(
        preview_url("approve", submitted), {"amount": "600000", "conditions": "条件X"}
    )
    assert "条件X" in draft_text(response)


def test_a_draft_of_refused_values_says_what_to_correct(officer_client, submitted, allocation):
    before = traces()
    response = officer_client.post(preview_url("reject", submitted), {"reason": ""})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert traces() == before


def test_the_non_grant_draft_states_the_reason(officer_client, submitted):
    text = draft_text(
        officer_client.post(preview_url("reject", submitted), {"reason": "他事業と重複するため"})
    )
    assert_is_draft(text)
    assert "不交付決定通知書" in text and "他事業と重複するため" in text


def test_the_change_drafts(officer_client, approved, sapporo_staff):
    change = _change(approved, sapporo_staff)
    before = traces()
    text = draft_text(
        officer_client.post(
            preview_url("changerequest_approve", approved, change.pk), {"note": "承認"}
        )
    )
    assert_is_draft(text)
    assert "変更承認通知書" in text and "実施内容の見直し" in text
    text = draft_text(
        officer_client.post(
            preview_url("changerequest_reject", approved, change.pk), {"note": "趣旨が変わるため"}
        )
    )
    assert_is_draft(text)
    assert "変更不承認通知書" in text and "趣旨が変わるため" in text
    assert traces() == before
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING


def test_the_fixed_amount_draft(officer_client, approved, sapporo_staff):
    after.report_submit(
        application=approved,
        actor=sapporo_staff,
        completed_on=dt.date(2027, 2, 20),
        summary="導入支援を実施した。",
        kpi_result="64店舗",
        actuals={line.pk: int(line.amount * 0.9) for line in approved.budget_lines.all()},
    )
    before = traces()
    text = draft_text(officer_client.get(preview_url("fix_amount", approved)))
    assert "額の確定通知書" in text and "500,000円" in text
    assert "案" in text and "番号は決定時に付番" in text
    # The draft cites the decision it settles (石振地第1号), never a number of its own.
    assert DOCUMENT_NUMBER.findall(text) == ["第1号"]
    assert traces() == before


def test_deciding_without_the_box_keeps_the_values_and_issues_nothing(
    officer_client, submitted, allocation
):
    before = traces()
    response = officer_client.post(
        step_url("approve", submitted), {"amount": "600000", "conditions": "条件付き"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "内容を確認しました" in content or "Check the draft" in content
    assert 'value="600000"' in content and "条件付き" in content
    assert traces() == before


def test_a_refused_amount_unticks_the_box(officer_client, submitted, allocation):
    response = officer_client.post(
        step_url("approve", submitted), {"amount": "700000", "conditions": "", **CONFIRMED}
    )
    assert response.status_code == 200
    assert not response.context["confirm_form"].is_bound  # check the corrected draft again


def test_deciding_twice_issues_one_notice_and_one_mail(
    officer_client, submitted, allocation, django_capture_on_commit_callbacks
):
    data = {"amount": "600000", "conditions": "", **CONFIRMED}
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(step_url("approve", submitted), data)
    once = traces()
    with django_capture_on_commit_callbacks(execute=True):
        second = officer_client.post(step_url("approve", submitted), data)
    assert second.status_code == 302
    assert traces() == once
    assert submitted.notices.count() == 1
    notice_numbers = NumberSequence.objects.get(key="grants.notice")
    assert notice_numbers.last_number == 1  # exactly one number drawn


def test_the_notice_service_issues_once_per_act(submitted, allocation, ishikari_officer):
    approved = review.application_approve(
        application=submitted, actor=ishikari_officer, amount=600_000
    )
    again = notices.notice_issue(
        application=approved, kind=Notice.Kind.DECISION, actor=ishikari_officer
    )
    assert again == approved.notices.get()
    issue = DocumentIssue.objects.get()
    assert (issue.edition, issue.document_number) == (1, "石振地第1号")


def test_each_change_gets_its_own_notice(approved, sapporo_staff, ishikari_officer):
    first = _change(approved, sapporo_staff)
    after.change_request_reject(change=first, actor=ishikari_officer, note="不可")
    second = _change(approved, sapporo_staff)
    after.change_request_reject(change=second, actor=ishikari_officer, note="不可")
    assert approved.notices.filter(kind=Notice.Kind.CHANGE_REJECTION).count() == 2


def test_another_bureau_gets_404_and_hq_403_on_the_preview(
    client, submitted, allocation, oshima_officer, hq_user
):
    url = preview_url("approve", submitted)
    client.force_login(oshima_officer)
    assert client.post(url, {"amount": "600000"}).status_code == 404
    client.force_login(hq_user)
    assert client.post(url, {"amount": "600000"}).status_code == 403


def test_municipal_staff_never_see_the_preview(client, submitted, allocation, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(preview_url("approve", submitted), {"amount": "600000"})
    assert response.status_code in (302, 404)
    assert response.get("Content-Type") != "application/pdf"


def test_a_step_not_open_now_has_no_preview(officer_client, approved):
    assert officer_client.get(preview_url("reject", approved), {"reason": "x"}).status_code == 404
