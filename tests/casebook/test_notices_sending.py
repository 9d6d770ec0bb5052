"""Sending a notice (お知らせ・事務連絡): one receipt per recipient of exactly its audience, a
bureau kept within its own area, mail to the recipients' staff, and the workflow's moves."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from casebook.models import Cooperative, Notice, NoticeReceipt, NoticeStatus
from casebook.services import notices as services
from portal.audiences import AudienceKind
from portal.models import AuditEvent, Bureau, Municipality
from portal.workflow import InvalidTransition
from tests.casebook.cooperative_helpers import cooperative
from tests.casebook.notice_helpers import EBETSU, HAKODATE, OTARU, SAPPORO, draft, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def receipt_codes(notice):
    return set(
        NoticeReceipt.objects.filter(notice=notice).values_list("municipality_id", flat=True)
    )


def test_sending_to_a_bureau_makes_one_receipt_per_municipality_of_it(
    django_capture_on_commit_callbacks,
):
    officer = UserFactory(ishikari_officer=True)
    with django_capture_on_commit_callbacks(execute=True):
        notice = sent(officer)
    ishikari = set(
        Municipality.objects.filter(bureau__code="ishikari").values_list("code", flat=True)
    )
    assert receipt_codes(notice) == ishikari
    assert notice.status == NoticeStatus.SENT and notice.sent_at is not None
    assert notice.sender_bureau.code == "ishikari"
    assert AuditEvent.objects.for_object(notice).filter(action="send").count() == 1


def test_hq_sending_to_all_reaches_the_179_municipalities():
    notice = sent(UserFactory(hq=True), audience_kind=AudienceKind.ALL)
    assert NoticeReceipt.objects.filter(notice=notice).count() == 179
    assert notice.sender_bureau is None


def test_chosen_municipalities_are_exactly_those_chosen():
    hq = UserFactory(hq=True)
    notice = sent(hq, audience_kind=AudienceKind.CHOSEN, chosen=[SAPPORO, HAKODATE])
    assert receipt_codes(notice) == {SAPPORO, HAKODATE}


def test_a_bureau_never_reaches_beyond_its_area():
    officer = UserFactory(ishikari_officer=True)
    notice = sent(officer, audience_kind=AudienceKind.CHOSEN, chosen=[SAPPORO, OTARU])
    assert receipt_codes(notice) == {SAPPORO}  # 小樽市 is 後志's


@pytest.mark.parametrize("kind", [AudienceKind.ALL, AudienceKind.REGION])
def test_a_bureau_cannot_send_to_all_or_a_region(kind):
    officer = UserFactory(ishikari_officer=True)
    notice = draft(
        officer, audience_kind=kind, audience_region=Bureau.objects.get(code="ishikari").region
    )
    with pytest.raises(ValidationError):
        services.notice_send(notice=notice, actor=officer)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT
    assert not NoticeReceipt.objects.filter(notice=notice).exists()


def test_a_bureau_cannot_send_to_another_bureau():
    officer = UserFactory(ishikari_officer=True)
    notice = draft(officer, audience_bureau=Bureau.objects.get(code="oshima"))
    with pytest.raises(ValidationError):
        services.notice_send(notice=notice, actor=officer)


def test_an_audience_without_recipients_is_refused_in_words():
    hq = UserFactory(hq=True)
    notice = draft(hq, audience_kind=AudienceKind.CHOSEN)
    with pytest.raises(ValidationError) as error:
        services.notice_send(notice=notice, actor=hq)
    assert error.value.code == "no_recipients"


def test_sending_twice_makes_the_receipts_and_mails_once(django_capture_on_commit_callbacks):
    officer = UserFactory(ishikari_officer=True)
    UserFactory(sapporo=True)
    with django_capture_on_commit_callbacks(execute=True):
        notice = sent(officer)
        services.notice_send(notice=notice, actor=officer)
    assert NoticeReceipt.objects.filter(notice=notice, municipality_id=SAPPORO).count() == 1
    assert len(mail.outbox) == 1


def test_the_recipients_staff_are_mailed_and_nobody_else(django_capture_on_commit_callbacks):
    sapporo = UserFactory(sapporo=True, email="sapporo@example.jp")
    ebetsu = UserFactory(ebetsu=True, email="ebetsu@example.jp")
    UserFactory(hakodate=True, email="hakodate@example.jp")  # 渡島: not a recipient
    UserFactory(sapporo=True, email="left@example.jp", is_active=False)
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        sent(officer, title="除雪体制の確認について", confirm=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sapporo.email, ebetsu.email])
    assert all("除雪体制の確認について" in m.subject for m in mail.outbox)
    assert all("/casebook/notices/" in m.body for m in mail.outbox)


def test_a_cooperative_audience_makes_receipts_for_cooperatives_and_mails_their_account(
    django_capture_on_commit_callbacks,
):
    hq = UserFactory(hq=True)
    coop = cooperative(hq, email="coop@example.jp")
    Cooperative.objects.filter(pk=coop.pk).update(certified_on="2026-06-01")
    with django_capture_on_commit_callbacks(execute=True):
        notice = sent(hq, audience_kind=AudienceKind.COOPERATIVES)
    receipt = NoticeReceipt.objects.get(notice=notice)
    assert receipt.cooperative_id == coop.pk and receipt.municipality_id is None
    assert [m.to[0] for m in mail.outbox if "実績報告" in m.subject] == ["coop@example.jp"]


def test_another_bureau_cannot_send_or_edit_a_bureaus_notice():
    notice = draft(UserFactory(ishikari_officer=True))
    other = UserFactory(oshima_officer=True)
    with pytest.raises(PermissionDenied):
        services.notice_send(notice=notice, actor=other)
    with pytest.raises(PermissionDenied):
        services.notice_save(notice=notice, actor=other)
    with pytest.raises(PermissionDenied):
        services.notice_save(notice=Notice(title="x", body="y"), actor=UserFactory(sapporo=True))


def test_a_sent_notice_is_not_edited_and_is_withdrawn_with_a_reason():
    officer = UserFactory(ishikari_officer=True)
    notice = sent(officer)
    with pytest.raises(PermissionDenied):
        services.notice_save(notice=notice, actor=officer)
    with pytest.raises(ValidationError):
        services.notice_withdraw(notice=notice, actor=officer, reason=" ")
    services.notice_withdraw(notice=notice, actor=officer, reason="日付に誤りがありました。")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.notice_send(notice=notice, actor=officer)


def test_a_receipt_names_exactly_one_recipient():
    from django.db import IntegrityError, transaction

    notice = sent(UserFactory(ishikari_officer=True))
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeReceipt.objects.create(notice=notice)
    with pytest.raises(IntegrityError), transaction.atomic():
        NoticeReceipt.objects.create(notice=notice, municipality_id=EBETSU)
