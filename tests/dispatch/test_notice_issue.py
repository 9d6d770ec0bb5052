"""The dispatch notice: draft (案) → confirmation → number, issued once per request (a second
click issued 石振地派第2号 and told the town again), re-issued only with a reason and only
when the people or periods it states have changed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from dispatch.models import DispatchNotice
from dispatch.services import assignments, notices
from portal.models import AuditEvent, DocumentIssue, Notification
from tests.dispatch.factories import PersonFactory, assigned_request
from tests.previews import assert_is_draft, draft_text, traces

pytestmark = pytest.mark.django_db


def url(name, pk):
    return reverse(f"dispatch:{name}", args=[pk])


@pytest.fixture
def assigned(sapporo_staff, ishikari_officer, advisor_person):
    return assigned_request(sapporo_staff, ishikari_officer, advisor_person)


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


def _issue(client, obj, capture, **data):
    with capture(execute=True):
        return client.post(url("notice_issue", obj.pk), {"confirmed": "on", **data})


def test_the_page_offers_the_draft_and_asks_for_confirmation(officer_client, assigned):
    detail = officer_client.get(url("request_detail", assigned.pk)).content.decode()
    assert url("notice_issue", assigned.pk) in detail
    page = officer_client.get(url("notice_issue", assigned.pk)).content.decode()
    assert url("notice_preview", assigned.pk) in page
    assert 'target="_blank"' in page
    assert 'name="confirmed"' in page
    assert 'name="reason"' not in page  # a first issue needs no reason


def test_the_draft_names_the_people_and_draws_no_number(officer_client, assigned, advisor_person):
    before = traces()
    text = draft_text(officer_client.get(url("notice_preview", assigned.pk)))
    assert_is_draft(text)
    assert "市町村DXアドバイザー派遣確認書" in text and advisor_person.name in text
    assert traces() == before
    assert not DispatchNotice.objects.exists()


def test_issuing_without_the_box_issues_nothing(officer_client, assigned):
    before = traces()
    response = officer_client.post(url("notice_issue", assigned.pk), {})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert traces() == before


def test_clicking_twice_issues_one_notice_and_tells_the_town_once(
    officer_client, assigned, sapporo_staff, django_capture_on_commit_callbacks
):
    first = _issue(officer_client, assigned, django_capture_on_commit_callbacks)
    assert first.status_code == 302
    once = traces()
    second = _issue(officer_client, assigned, django_capture_on_commit_callbacks)
    assert second.status_code == 302
    assert traces() == once
    assert list(DispatchNotice.objects.values_list("document_number", flat=True)) == [
        "石振地派第1号"
    ]
    assert Notification.objects.filter(recipient=sapporo_staff, kind="dispatch.notice").count() == 1


def test_the_issued_notice_is_one_click_away(
    officer_client, assigned, django_capture_on_commit_callbacks
):
    response = _issue(officer_client, assigned, django_capture_on_commit_callbacks)
    notice = assigned.notices.get()
    detail = officer_client.get(response["Location"]).content.decode()
    assert url("notice_pdf", notice.pk) in detail
    assert "石振地派第1号" in detail


def test_no_reissue_while_nothing_stated_has_changed(
    officer_client, assigned, ishikari_officer, django_capture_on_commit_callbacks
):
    _issue(officer_client, assigned, django_capture_on_commit_callbacks)
    assert not notices.notice_reissue_offered(assigned)
    detail = officer_client.get(url("request_detail", assigned.pk)).content.decode()
    assert url("notice_issue", assigned.pk) not in detail
    assert officer_client.get(url("notice_issue", assigned.pk)).status_code == 302
    with pytest.raises(ValidationError) as refused:
        notices.dispatch_notice_reissue(request=assigned, actor=ishikari_officer, reason="念のため")
    assert refused.value.code == "unchanged"


def test_a_changed_team_is_reissued_with_a_reason_and_a_new_number(
    officer_client, assigned, ishikari_officer, sapporo_staff, django_capture_on_commit_callbacks
):
    _issue(officer_client, assigned, django_capture_on_commit_callbacks)
    newcomer = PersonFactory(name="追加 派遣", skill_codes=["strategy"])
    assignments.dispatch_request_assign(
        request=assigned,
        actor=ishikari_officer,
        people=[newcomer],
        starts_on=assigned.assignments.first().starts_on,
        ends_on=assigned.assignments.first().ends_on,
    )
    assert notices.notice_reissue_offered(assigned)
    detail = officer_client.get(url("request_detail", assigned.pk)).content.decode()
    assert url("notice_issue", assigned.pk) in detail
    page = officer_client.get(url("notice_issue", assigned.pk)).content.decode()
    assert 'name="reason"' in page
    text = draft_text(officer_client.get(url("notice_preview", assigned.pk)))
    assert_is_draft(text)
    assert "追加 派遣" in text

    before = traces()
    response = _issue(officer_client, assigned, django_capture_on_commit_callbacks, reason="")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert traces() == before

    response = _issue(
        officer_client, assigned, django_capture_on_commit_callbacks, reason="派遣者の追加"
    )
    assert response.status_code == 302
    numbers = list(assigned.notices.order_by("pk").values_list("document_number", flat=True))
    assert numbers == ["石振地派第1号", "石振地派第2号"]
    event = AuditEvent.objects.for_object(assigned).get(action="document_reissued")
    assert event.comment == "派遣者の追加"
    assert (event.extra["replaces"], event.extra["document_number"]) == (
        "石振地派第1号",
        "石振地派第2号",
    )
    assert Notification.objects.filter(recipient=sapporo_staff, kind="dispatch.notice").count() == 2
    # The re-issue is done: a second submit of it issues nothing more.
    again = traces()
    _issue(officer_client, assigned, django_capture_on_commit_callbacks, reason="派遣者の追加")
    assert traces() == again
    assert not notices.notice_reissue_offered(assigned)


def test_a_notice_issued_before_the_guard_counts_as_issued(
    assigned, ishikari_officer, django_capture_on_commit_callbacks
):
    notice = notices.dispatch_notice_issue(request=assigned, actor=ishikari_officer)
    DocumentIssue.objects.all().delete()  # as before this change
    assert notices.dispatch_notice_issue(request=assigned, actor=ishikari_officer) == notice
    assert DispatchNotice.objects.count() == 1


def test_the_database_refuses_a_second_first_issue(assigned, ishikari_officer):
    notices.dispatch_notice_issue(request=assigned, actor=ishikari_officer)
    issue = DocumentIssue.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentIssue.objects.create(
            content_type=issue.content_type,
            object_id=issue.object_id,
            kind=issue.kind,
            edition=1,
            fingerprint="x",
        )


def test_the_municipality_and_other_bureaus_get_404_on_the_draft(
    client, assigned, sapporo_staff, oshima_officer, advisor
):
    for user in (sapporo_staff, oshima_officer, advisor):
        client.force_login(user)
        assert client.get(url("notice_preview", assigned.pk)).status_code == 404, user


def test_the_municipality_cannot_issue(client, assigned, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.post(url("notice_issue", assigned.pk), {"confirmed": "on"})
    assert response.status_code == 302
    assert not DispatchNotice.objects.exists()
