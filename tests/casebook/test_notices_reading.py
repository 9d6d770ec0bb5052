"""Receiving a notice: the inbox and マイページ, opening (既読) and confirming (確認済) recorded
once, the to-do item gone once confirmed, and 404 to whoever is not a recipient."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import NoticeReceipt
from casebook.services import notices as services
from portal import registry
from portal.audiences import AudienceKind
from tests.casebook.notice_helpers import EBETSU, SAPPORO, draft, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(ishikari_officer=True, name="石狩 次郎")


@pytest.fixture
def staff():
    return UserFactory(sapporo=True, name="札幌 太郎")


def receipt(notice, code=SAPPORO):
    return NoticeReceipt.objects.get(notice=notice, municipality_id=code)


def test_opening_records_the_first_reading_only(client, officer, staff):
    notice = sent(officer)
    colleague = UserFactory(sapporo=True)
    client.force_login(staff)
    assert client.get(notice.get_absolute_url()).status_code == 200
    first = receipt(notice)
    assert first.read_at is not None and first.read_by == staff
    client.force_login(colleague)
    client.get(notice.get_absolute_url())
    again = receipt(notice)
    assert (again.read_at, again.read_by) == (first.read_at, staff)
    assert receipt(notice, EBETSU).read_at is None


def test_confirming_is_recorded_once_and_the_todo_goes(client, officer, staff):
    notice = sent(officer, title="除雪体制の確認について", confirm=True)
    url = notice.get_absolute_url()
    titles = [item.title for item in registry.todos_for(staff)]
    assert any("除雪体制の確認について" in t for t in titles)

    client.force_login(staff)
    page = client.get(url).content.decode()
    assert reverse("casebook:notice_confirm", args=[notice.pk]) in page
    response = client.post(reverse("casebook:notice_confirm", args=[notice.pk]))
    assert response.status_code == 302
    done = receipt(notice)
    assert done.confirmed_by == staff and done.read_at is not None
    assert not any("除雪体制の確認について" in i.title for i in registry.todos_for(staff))
    # The colleague's to-do goes too: the municipality has confirmed.
    assert not any(
        "除雪体制の確認について" in i.title for i in registry.todos_for(UserFactory(sapporo=True))
    )
    # Twice: nothing changes, no second record.
    client.post(reverse("casebook:notice_confirm", args=[notice.pk]))
    assert receipt(notice).confirmed_at == done.confirmed_at
    assert (
        reverse("casebook:notice_confirm", args=[notice.pk]) not in client.get(url).content.decode()
    )


def test_a_notice_without_confirmation_offers_no_button_and_refuses_a_post(client, officer, staff):
    notice = sent(officer)
    client.force_login(staff)
    assert "notice-confirm" not in client.get(notice.get_absolute_url()).content.decode()
    client.post(reverse("casebook:notice_confirm", args=[notice.pk]))
    assert receipt(notice).confirmed_at is None


def test_a_withdrawn_notice_leaves_the_todo_list(officer, staff):
    notice = sent(officer, title="除雪体制の確認について", confirm=True)
    services.notice_withdraw(notice=notice, actor=officer, reason="誤りがありました。")
    assert not any("除雪体制の確認について" in i.title for i in registry.todos_for(staff))


def test_the_inbox_lists_the_notices_that_reached_the_municipality_only(client, officer, staff):
    mine = sent(officer, title="石狩管内への事務連絡", confirm=True)
    sent(UserFactory(oshima_officer=True), title="渡島管内への事務連絡")
    draft(officer, title="石狩の下書き")
    client.force_login(staff)
    url = reverse("casebook:notice_inbox")
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    hq = UserFactory(hq=True)
    for n in range(4):
        sent(hq, title=f"本庁から全市町村へ{n}", audience_kind=AudienceKind.ALL)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    # session, user, the count and one page of receipts with their notices and senders
    assert len(many) == len(few)
    assert "石狩管内への事務連絡" in page and mine.get_absolute_url() in page
    assert "本庁から全市町村へ3" in page
    assert "渡島管内への事務連絡" not in page and "石狩の下書き" not in page


def test_my_page_shows_the_card_and_the_todo(client, officer, staff):
    sent(officer, title="除雪体制の確認について", confirm=True)
    client.force_login(staff)
    page = client.get(reverse("portal:mypage")).content.decode()
    assert reverse("casebook:notice_inbox") in page
    assert 'id="work-notices"' in page
    assert "除雪体制の確認について" in page


@pytest.mark.parametrize(
    "role", ["anonymous", "other_bureau_staff", "other_bureau_officer", "advisor"]
)
def test_an_internal_notice_is_404_to_whoever_it_did_not_reach(client, officer, role):
    notice = sent(officer, title="内部の事務連絡", confirm=True)
    users = {
        "other_bureau_staff": UserFactory(hakodate=True),
        "other_bureau_officer": UserFactory(oshima_officer=True),
        "advisor": UserFactory(advisor=True),
    }
    if role in users:
        client.force_login(users[role])
    assert client.get(notice.get_absolute_url()).status_code == 404
    response = client.post(reverse("casebook:notice_confirm", args=[notice.pk]))
    assert (
        response.status_code in (404, 302) if role == "anonymous" else response.status_code == 404
    )
    assert not NoticeReceipt.objects.filter(notice=notice, confirmed_at__isnull=False).exists()


def test_the_sender_and_hq_read_it_without_being_recorded(client, officer):
    notice = sent(officer)
    for reader in (officer, UserFactory(hq=True)):
        client.force_login(reader)
        assert client.get(notice.get_absolute_url()).status_code == 200
    assert not NoticeReceipt.objects.filter(notice=notice, read_at__isnull=False).exists()


def test_a_draft_is_404_to_municipalities(client, officer, staff):
    notice = draft(officer)
    client.force_login(staff)
    assert client.get(notice.get_absolute_url()).status_code == 404


def test_the_inbox_is_404_to_those_who_receive_no_notices(client, officer):
    for user in (officer, UserFactory(hq=True), UserFactory(advisor=True)):
        client.force_login(user)
        assert client.get(reverse("casebook:notice_inbox")).status_code == 404


def test_a_cooperative_reads_and_confirms_a_notice_sent_to_cooperatives(client):
    from casebook.models import Cooperative
    from tests.casebook.cooperative_helpers import cooperative

    hq = UserFactory(hq=True)
    coop = cooperative(hq, email="coop@example.jp")
    Cooperative.objects.filter(pk=coop.pk).update(certified_on="2026-06-01")
    notice = sent(hq, title="組合向けの事務連絡", confirm=True, audience_kind="cooperatives")
    client.force_login(coop.user)
    assert "組合向けの事務連絡" in client.get(reverse("casebook:notice_inbox")).content.decode()
    assert any("組合向けの事務連絡" in i.title for i in registry.todos_for(coop.user))
    client.get(notice.get_absolute_url())
    client.post(reverse("casebook:notice_confirm", args=[notice.pk]))
    receipt = NoticeReceipt.objects.get(notice=notice)
    assert receipt.read_by == coop.user and receipt.confirmed_by == coop.user
    assert not any("組合向けの事務連絡" in i.title for i in registry.todos_for(coop.user))
    # Municipal staff, even of the cooperative's town, did not receive it.
    client.force_login(UserFactory(sapporo=True))
    assert client.get(notice.get_absolute_url()).status_code == 404
