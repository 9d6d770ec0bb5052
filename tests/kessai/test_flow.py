"""Return and resubmit, 代決 and 後閲, a refusal at the last approval, a bureau's 交付決定
through its 局長, the 決裁 box and the summary PDF."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Call, Notice
from portal.models import Delegation, Kessai, KessaiStamp, Position
from tests.factories import UserFactory
from tests.pdf_checks import pdf_text, response_bytes

from .conftest import (
    APPROVE,
    CONFIRMED,
    SUBMIT,
    approve_step_url,
    check_url,
    detail_url,
    login,
    set_route,
    text,
)

pytestmark = pytest.mark.django_db


def act(client, user, kessai, op, comment=""):
    return login(client, user).post(detail_url(kessai), {"op": op, "comment": comment}, follow=True)


@pytest.fixture
def drafted(client, town, sapporo, draft_app):
    set_route(SUBMIT, Position.CHIEF, Position.MANAGER, municipality=sapporo)
    login(client, town["staff"]).post(check_url(draft_app))
    return Kessai.objects.get()


def test_return_with_a_comment_and_resubmit(
    client, town, drafted, draft_app, django_capture_on_commit_callbacks
):
    response = act(client, town["chief"], drafted, "return")
    assert "Write what the drafter should correct." in text(response)
    assert Kessai.objects.get().status == "in_progress"
    with django_capture_on_commit_callbacks(execute=True):
        act(client, town["chief"], drafted, "return", "事業費の内訳を見直してください。")
    drafted.refresh_from_db()
    assert drafted.status == "returned"
    assert "事業費の内訳を見直してください。" in mail.outbox[-1].body
    # The drafter's box lists it; the application can be corrected again.
    box = text(login(client, town["staff"]).get(reverse("portal:kessai_box")))
    assert "Returned to you" in box and drafted.title in box
    page = text(client.get(detail_url(drafted)))
    assert "Correct and submit the draft again" in page
    Application.objects.filter(pk=draft_app.pk).update(kpi_target="80店舗")
    assert client.get(check_url(draft_app)).status_code == 200
    client.post(check_url(draft_app))
    drafted.refresh_from_db()
    assert (drafted.status, drafted.round, drafted.current_step) == ("in_progress", 2, 0)
    act(client, town["chief"], drafted, "approve")
    act(client, town["manager"], drafted, "approve")
    draft_app.refresh_from_db()
    assert draft_app.status == "submitted"
    # Both rounds are kept: the return of round 1, the approvals of round 2.
    assert list(drafted.stamps.values_list("round", "kind")) == [
        (1, "return"),
        (2, "approve"),
        (2, "approve"),
    ]


def test_a_stand_in_decides_for_the_absent_manager_who_reads_it_afterwards(
    client, town, drafted, draft_app
):
    today = timezone.localdate()
    login(client, town["manager"]).post(
        reverse("portal:delegation_list"),
        {"stand_in": town["chief2"].pk, "starts_on": today, "ends_on": today},
    )
    assert Delegation.objects.get().stand_in == town["chief2"]
    act(client, town["chief"], drafted, "approve")
    # The stand-in's box shows the draft; they decide as 代決.
    box = text(login(client, town["chief2"]).get(reverse("portal:kessai_box")))
    assert drafted.title in box and "as stand-in" in box
    act(client, town["chief2"], drafted, "approve")
    drafted.refresh_from_db()
    assert drafted.status == "approved"
    proxy = KessaiStamp.objects.get(kind="proxy")
    assert proxy.user == town["chief2"] and proxy.on_behalf_of == town["manager"]
    draft_app.refresh_from_db()
    assert draft_app.status == "submitted"
    # The manager reads it afterwards (後閲); once only.
    page = text(login(client, town["manager"]).get(detail_url(drafted)))
    assert "Read afterwards" in page
    act(client, town["manager"], drafted, "afterwards")
    assert KessaiStamp.objects.filter(kind="afterwards", user=town["manager"]).count() == 1
    response = act(client, town["manager"], drafted, "afterwards")
    assert "Nothing was decided for you" in text(response)


def test_a_delegation_not_covering_today_gives_no_power(client, town, drafted):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Delegation.objects.create(
        user=town["chief"], stand_in=town["finance_manager"], starts_on=yesterday, ends_on=yesterday
    )
    response = act(client, town["finance_manager"], drafted, "approve")
    assert "You are not the approver of this step" in text(response)
    # chief2 is a 係長 of the same 係: a holder in their own right, not a stand-in.
    act(client, town["chief2"], drafted, "approve")
    assert KessaiStamp.objects.get().kind == "approve"


def test_the_last_approval_fails_with_the_services_message_and_stamps_nothing(
    client, town, drafted, draft_app
):
    act(client, town["chief"], drafted, "approve")
    Call.objects.filter(pk=draft_app.call_id).update(
        closes_at=timezone.now() - dt.timedelta(days=1)
    )
    response = act(client, town["manager"], drafted, "approve")
    assert "The call closed on" in text(response)
    drafted.refresh_from_db()
    assert drafted.status == "in_progress" and drafted.current_step == 1
    assert drafted.stamps.count() == 1
    assert Application.objects.get(pk=draft_app.pk).status == "draft"


def test_outsiders_get_404_and_members_who_are_not_approvers_are_refused(
    client, town, drafted, ebetsu_staff, oshima_officer, ishikari_officer, hq_user
):
    for outsider in (ebetsu_staff, oshima_officer, ishikari_officer):
        assert login(client, outsider).get(detail_url(drafted)).status_code == 404
        assert client.post(detail_url(drafted), {"op": "approve"}).status_code == 404
        assert client.get(reverse("portal:kessai_pdf", args=[drafted.pk])).status_code == 404
    assert login(client, hq_user).get(detail_url(drafted)).status_code == 200
    response = act(client, town["manager"], drafted, "approve")  # not their step yet
    assert "You are not the approver of this step" in text(response)
    response = act(client, town["chief"], drafted, "withdraw")
    assert "Only the drafter" in text(response)
    assert not KessaiStamp.objects.exists()
    client.logout()
    assert client.get(detail_url(drafted)).status_code == 302


def test_the_drafter_withdraws_and_may_edit_again(client, town, drafted, draft_app):
    act(client, town["staff"], drafted, "withdraw")
    drafted.refresh_from_db()
    assert drafted.status == "withdrawn"
    assert client.get(check_url(draft_app)).status_code == 200


def test_the_box_lists_what_waits_in_a_fixed_number_of_queries(
    client, town, sapporo, django_assert_max_num_queries
):
    from tests.grants.factories import ApplicationFactory, CallFactory

    set_route(SUBMIT, Position.CHIEF, municipality=sapporo)
    call = CallFactory()
    for _ in range(4):
        app = ApplicationFactory(call=call, created_by=town["staff"])
        login(client, town["staff"]).post(check_url(app))
    assert Kessai.objects.count() == 4
    login(client, town["chief"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:kessai_box"))
    assert len(re.findall(r'href="/kessai/\d+/"', response.content.decode())) == 4


def test_the_summary_pdf_shows_the_route_and_its_stamps(
    client, town, drafted, django_capture_on_commit_callbacks
):
    act(client, town["chief"], drafted, "approve")
    act(client, town["manager"], drafted, "approve")
    url = reverse("portal:kessai_pdf", args=[drafted.pk])
    with django_capture_on_commit_callbacks(execute=True):
        login(client, town["staff"]).get(url)  # rendered by the task after commit
    response = client.get(url)
    page = pdf_text(response_bytes(response))
    for words in (
        "起案用紙",
        "件名",
        "起案者",
        "担当 一郎",
        "起案日",
        "決裁日",
        "係長 二郎",
        "課長 三郎",
    ):
        assert words in page
    assert "係長" in page and "課長" in page and "承認" in page


def test_a_bureau_decision_goes_through_the_head_and_issues_the_notice_then(
    client, office, ishikari, under_review, django_capture_on_commit_callbacks
):
    set_route(APPROVE, Position.MANAGER, Position.HEAD, bureau=ishikari)
    login(client, office["staff"])
    response = client.post(
        approve_step_url(under_review),
        {"amount": "500,000", "conditions": "年度内に完了すること", **CONFIRMED},
        follow=True,
    )
    assert "Drafted" in text(response) or "起案" in text(response)
    under_review.refresh_from_db()
    assert under_review.status == "under_review"
    assert not Notice.objects.exists()
    kessai = Kessai.objects.get()
    # The step's page says the act awaits approval; a second draft is refused.
    assert "already awaiting approval" in text(client.get(approve_step_url(under_review)))
    response = client.post(
        approve_step_url(under_review), {"amount": "500,000", "conditions": "", **CONFIRMED}
    )
    assert "This act is already awaiting approval" in text(response)
    assert Kessai.objects.count() == 1
    # The object's admin page shows the route.
    page = text(client.get(reverse("admin:grants_application_change", args=[under_review.pk])))
    assert kessai.title in page and "Awaiting approval" in page
    act(client, office["manager"], kessai, "approve")
    assert not Notice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, office["head"], kessai, "approve")
    under_review.refresh_from_db()
    assert under_review.status == "approved" and under_review.approved_amount == 500_000
    notice = Notice.objects.get()
    assert notice.document_number
    assert notice.document_number in text(response)


def test_the_applicant_never_sees_how_the_bureau_deliberates_its_decision(
    client, town, office, ishikari, under_review
):
    """A 交付決定 drafted and returned inside the bureau is the bureau's business: the
    application's page shows the municipality its own drafts only (the submission's), while
    the bureau's admin page shows the bureau's draft with the comment."""
    set_route(APPROVE, Position.HEAD, bureau=ishikari)
    login(client, office["staff"]).post(
        approve_step_url(under_review), {"amount": "500,000", "conditions": "", **CONFIRMED}
    )
    kessai = Kessai.objects.get()
    act(client, office["head"], kessai, "return", comment="金額の根拠を再確認のこと")
    officer_page = text(
        login(client, office["staff"]).get(
            reverse("admin:grants_application_change", args=[under_review.pk])
        )
    )
    assert "金額の根拠を再確認のこと" in officer_page
    applicant_page = text(
        login(client, town["staff"]).get(
            reverse("grants:application_detail", args=[under_review.pk])
        )
    )
    assert kessai.title not in applicant_page
    assert "金額の根拠を再確認のこと" not in applicant_page


def test_the_bureau_reads_the_submission_not_how_the_municipality_approved_it(
    client, town, office, drafted, draft_app
):
    act(client, town["chief"], drafted, "approve", comment="係として確認済み")
    act(client, town["manager"], drafted, "approve", comment="課長了承")
    draft_app.refresh_from_db()
    assert draft_app.status == "submitted"
    applicant_page = text(
        login(client, town["staff"]).get(reverse("grants:application_detail", args=[draft_app.pk]))
    )
    assert "課長了承" in applicant_page
    officer_page = text(
        login(client, office["staff"]).get(
            reverse("admin:grants_application_change", args=[draft_app.pk])
        )
    )
    assert draft_app.reference in officer_page
    assert "課長了承" not in officer_page and "係として確認済み" not in officer_page
    hq_page = text(
        login(client, UserFactory(hq=True)).get(
            reverse("admin:grants_application_change", args=[draft_app.pk])
        )
    )
    assert "課長了承" in hq_page


def test_my_page_lists_what_waits_on_the_approver_and_links_the_box(client, town, drafted):
    page = text(login(client, town["chief"]).get(reverse("portal:mypage")))
    assert f"決裁待ち: {drafted.title}" in page
    assert "決裁 box" in page
    assert "決裁待ち" not in text(login(client, town["manager"]).get(reverse("portal:mypage")))


def test_the_admin_home_links_the_drafts_waiting_on_an_officer(
    client, office, ishikari, under_review
):
    set_route(APPROVE, Position.HEAD, bureau=ishikari)
    login(client, office["staff"]).post(
        approve_step_url(under_review), {"amount": "500,000", "conditions": "", **CONFIRMED}
    )
    page = text(login(client, office["head"]).get(reverse("admin:index")))
    assert "1 draft awaits your approval" in page
    assert "awaits your approval" not in text(
        login(client, office["manager"]).get(reverse("admin:index"))
    )


def test_a_stand_in_period_ending_before_it_starts_is_refused_with_the_input_kept(
    client, town, ebetsu_staff
):
    today = timezone.localdate()
    url = reverse("portal:delegation_list")
    response = login(client, town["manager"]).post(
        url,
        {"stand_in": town["chief"].pk, "starts_on": today, "ends_on": today - dt.timedelta(1)},
    )
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in text(response)
    assert f'value="{today.isoformat()}"' in response.content.decode()
    # Someone of another municipality is not offered, and refused if posted.
    assert ebetsu_staff.get_full_name() not in text(response)
    response = client.post(url, {"stand_in": ebetsu_staff.pk, "starts_on": today, "ends_on": today})
    assert response.status_code == 200 and not Delegation.objects.exists()
    # One day (the limit) is a valid period; removing it leaves none.
    client.post(url, {"stand_in": town["chief"].pk, "starts_on": today, "ends_on": today})
    delegation = Delegation.objects.get()
    # A crafted id (not a number, or someone else's) is a message, never a 500.
    other = Delegation.objects.create(
        user=town["chief"], stand_in=town["chief2"], starts_on=today, ends_on=today
    )
    for crafted in ("abc", other.pk):
        response = client.post(url, {"delete": crafted}, follow=True)
        assert response.status_code == 200
        assert "not one of yours" in text(response)
    assert Delegation.objects.count() == 2
    client.post(url, {"delete": delegation.pk})
    assert list(Delegation.objects.all()) == [other]


def test_the_stand_in_page_reads_in_a_fixed_number_of_queries(
    client, town, django_assert_num_queries
):
    today = timezone.localdate()
    url = reverse("portal:delegation_list")
    login(client, town["manager"])
    client.get(url)
    with django_assert_num_queries(9) as one:
        client.get(url)
    for person in ("chief", "chief2", "staff"):
        Delegation.objects.create(
            user=town["manager"], stand_in=town[person], starts_on=today, ends_on=today
        )
        Delegation.objects.create(
            user=town[person], stand_in=town["manager"], starts_on=today, ends_on=today
        )
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_an_unknown_operation_is_404_and_a_draft_not_waiting_refuses_stamps(client, town, drafted):
    response = login(client, town["chief"]).post(detail_url(drafted), {"op": "explode"})
    assert response.status_code == 404
    act(client, town["staff"], drafted, "withdraw")
    response = act(client, town["chief"], drafted, "approve")
    assert "no longer awaiting approval" in text(response)
    assert not KessaiStamp.objects.exists()


def test_the_drafter_cannot_stamp_their_own_draft_even_as_a_stand_in(client, town, drafted):
    today = timezone.localdate()
    Delegation.objects.create(
        user=town["chief"], stand_in=town["staff"], starts_on=today, ends_on=today
    )
    response = act(client, town["staff"], drafted, "approve")
    assert "You cannot approve or return your own draft." in text(response)
    assert not KessaiStamp.objects.exists()


def test_the_next_approver_and_an_absent_approvers_stand_in_are_told(
    client, town, drafted, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    Delegation.objects.create(
        user=town["manager"], stand_in=town["chief2"], starts_on=today, ends_on=today
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, town["chief"], drafted, "approve")
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([town["manager"].email, town["chief2"].email])
    assert drafted.title in mail.outbox[0].body
    # Acting twice on the same step does not tell them twice.
    with django_capture_on_commit_callbacks(execute=True):
        act(client, town["chief"], drafted, "approve")
    assert len(mail.outbox) == 2
