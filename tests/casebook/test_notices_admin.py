"""Notices in the admin: a bureau writes within its area, sends after seeing how many it
reaches, and follows 既読 / 確認済 per recipient; another bureau gets 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import Notice, NoticeReceipt, NoticeStatus
from casebook.services import notices as services
from portal.models import Municipality
from tests.casebook.notice_helpers import EBETSU, SAPPORO, draft, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = UserFactory(ishikari_officer=True)
    client.force_login(user)
    return user


def form_data(**overrides):
    return {
        "title": "除雪体制の確認について",
        "body": "冬期の除雪体制を確認してください。",
        "category": "administrative",
        "visibility": "internal",
        "requires_confirmation": "on",
        "audience_kind": "bureau",
        "audience_bureau": "",
        **overrides,
    }


def test_a_bureau_officer_writes_a_notice_of_the_bureau(client, officer):
    bureau = officer.bureau
    response = client.post(
        reverse("admin:casebook_notice_add"), form_data(audience_bureau=bureau.pk)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    notice = Notice.objects.get()
    assert notice.sender_bureau == bureau and notice.status == NoticeStatus.DRAFT
    assert notice.requires_confirmation


def test_a_bureau_officer_cannot_choose_all_municipalities(client, officer):
    response = client.post(reverse("admin:casebook_notice_add"), form_data(audience_kind="all"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "audience_kind" in form.errors
    assert form["title"].value() == "除雪体制の確認について"  # what was typed is kept
    assert not Notice.objects.exists()


def test_the_send_page_says_how_many_it_reaches_and_sends(
    client, officer, django_capture_on_commit_callbacks
):
    notice = draft(officer)
    url = reverse("admin:casebook_notice_step", args=[notice.pk, "send"])
    page = client.get(url).content.decode()
    count = Municipality.objects.filter(bureau=officer.bureau).count()
    assert f"{count}" in page and 'id="notice-recipient-count"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    assert NoticeReceipt.objects.filter(notice=notice).count() == count


def test_a_sent_notice_is_read_only_in_the_admin(client, officer):
    notice = sent(officer)
    change = reverse("admin:casebook_notice_change", args=[notice.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    client.post(change, form_data(title="書き換え", audience_bureau=officer.bureau.pk))
    notice.refresh_from_db()
    assert notice.title != "書き換え"


def test_the_receipts_page_counts_and_filters(client, officer, django_assert_num_queries):
    notice = sent(officer, confirm=True)
    staff = UserFactory(sapporo=True, name="札幌 太郎")
    services.notice_confirm(notice=notice, actor=staff)
    ebetsu = NoticeReceipt.objects.get(notice=notice, municipality_id=EBETSU)
    services.notice_open(notice=notice, receipt=ebetsu, actor=UserFactory(ebetsu=True))
    url = reverse("admin:casebook_notice_receipts", args=[notice.pk])
    response = client.get(url)
    counts = response.context["counts"]
    total = Municipality.objects.filter(bureau=officer.bureau).count()
    assert counts == {"total": total, "read": 2, "confirmed": 1}
    assert "札幌 太郎" in response.content.decode()
    confirmed = client.get(url, {"state": "confirmed"}).context["receipts"]
    assert [r.municipality_id for r in confirmed] == [SAPPORO]
    unread = client.get(url, {"state": "unread"}).context["receipts"]
    assert len(unread) == total - 2
    read = client.get(url, {"state": "read"}).context["receipts"]
    assert {r.municipality_id for r in read} == {SAPPORO, EBETSU}
    other_bureau = client.get(url, {"bureau": "oshima"}).context["receipts"]
    assert other_bureau == []
    # An unknown state or bureau shows everything rather than failing.
    assert len(client.get(url, {"state": "x", "bureau": "x"}).context["receipts"]) == total


def test_the_receipts_page_costs_the_same_for_many_recipients(client):
    hq = UserFactory(hq=True)
    client.force_login(hq)
    few = sent(hq, audience_kind="chosen", chosen=[SAPPORO])
    many = sent(hq, audience_kind="all")
    for receipt in NoticeReceipt.objects.filter(notice=many)[:30]:
        services.notice_open(notice=many, receipt=receipt, actor=hq)
    client.get(reverse("admin:casebook_notice_receipts", args=[few.pk]))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("admin:casebook_notice_receipts", args=[few.pk]))
    with CaptureQueriesContext(connection) as all_179:
        response = client.get(reverse("admin:casebook_notice_receipts", args=[many.pk]))
    assert len(response.context["receipts"]) == 179
    assert len(all_179) == len(one)


def test_the_changelist_costs_the_same_for_many_notices(client):
    hq = UserFactory(hq=True)
    client.force_login(hq)
    sent(hq, audience_kind="all")
    url = reverse("admin:casebook_notice_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        sent(UserFactory(ishikari_officer=True), title=f"石狩{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count == 5
    assert len(many) == len(few)


def test_another_bureau_gets_404_and_hq_sees_every_notice(client):
    notice = sent(UserFactory(ishikari_officer=True))
    hq_notice = sent(UserFactory(hq=True), title="本庁の通知", audience_kind="all")
    pages = [
        reverse("admin:casebook_notice_change", args=[notice.pk]),
        reverse("admin:casebook_notice_receipts", args=[notice.pk]),
        reverse("admin:casebook_notice_step", args=[notice.pk, "withdraw"]),
    ]
    client.force_login(UserFactory(oshima_officer=True))
    for page in pages:
        assert client.get(page).status_code == 404, page
    listed = client.get(reverse("admin:casebook_notice_changelist")).context["cl"].result_count
    assert listed == 0
    # The bureau does not see HQ's notices in the admin either: only its own.
    client.force_login(UserFactory(ishikari_officer=True))
    change = reverse("admin:casebook_notice_change", args=[hq_notice.pk])
    assert client.get(change).status_code == 404
    client.force_login(UserFactory(hq=True))
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert client.get(reverse("admin:casebook_notice_changelist")).context["cl"].result_count == 2


def test_the_pages_of_a_draft_open_for_hq_and_the_bureau(client, officer):
    notice = draft(officer)
    assert client.get(reverse("admin:casebook_notice_add")).status_code == 200
    page = client.get(reverse("admin:casebook_notice_change", args=[notice.pk]))
    assert page.status_code == 200
    assert 'name="files"' in page.content.decode()
    client.force_login(UserFactory(hq=True))
    assert client.get(reverse("admin:casebook_notice_add")).status_code == 200
    assert client.get(reverse("admin:casebook_notice_change", args=[notice.pk])).status_code == 200


def test_withdrawing_asks_for_a_reason_and_keeps_the_page(client, officer):
    notice = sent(officer)
    url = reverse("admin:casebook_notice_step", args=[notice.pk, "withdraw"])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    response = client.post(url, {"comment": "日付に誤りがありました。"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
