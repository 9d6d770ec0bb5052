"""A prospective member's question about a position reaches the position's municipality:
its staff see it, are told and answer in the same private thread; the bureau and HQ still
see it. HQ or the bureau hands an existing question over to a municipality (the kernel's
action in the admin); the asker keeps the same link. A serving member's question and a
question about a town without a position stay with the prefecture."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.models import Consultation, Municipality
from portal.services.consultations import consultation_hand_over
from tests.dispatch.test_kyoryokutai_factories import (
    HAKODATE,
    TOBETSU,
    make_position,
    officer_of,
    staff_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = reverse("dispatch:kyoryokutai_inquiry")


def inquiry(**overrides):
    data = {
        "asker_kind": "prospective",
        "name": "移住 花子",
        "email": "hanako@example.jp",
        "municipality": "",
        "position": "",
        "subject": "応募の条件",
        "question": "単身でも応募できますか。",
        "website": "",
    }
    data.update(overrides)
    return data


def private_link(message) -> str:
    return re.search(r"http://\S+(/consultations/thread/[^/\s]+/)", message.body)[1]


@pytest.fixture
def tobetsu(db):
    return staff_of(TOBETSU)


def test_a_question_about_a_position_reaches_the_town_which_answers_in_the_thread(
    client, tobetsu, hq_user, django_capture_on_commit_callbacks
):
    position = make_position(TOBETSU, actor=tobetsu, title="農業の担い手")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, inquiry(position=str(position.pk)))
    consultation = Consultation.objects.get()
    assert consultation.answering_municipality_id == TOBETSU
    # The town and the desk (HQ) are told.
    assert any(m.to == [tobetsu.email] for m in mail.outbox)
    assert any(m.to == [hq_user.email] for m in mail.outbox)
    link = private_link(next(m for m in mail.outbox if m.to == ["hanako@example.jp"]))
    detail = reverse("portal:consultation_detail", args=[consultation.pk])
    # The bureau sees it too; other towns and bureaus do not.
    for reader in (tobetsu, officer_of("ishikari"), hq_user):
        client.force_login(reader)
        assert client.get(detail).status_code == 200
    for outsider in (staff_of(HAKODATE), officer_of("oshima"), UserFactory(advisor=True)):
        client.force_login(outsider)
        assert client.get(detail).status_code == 404
    client.force_login(tobetsu)
    assert consultation.subject in client.get(reverse("portal:consultation_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail, {"body": "単身でも応募できます。"})
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    answer = mail.outbox[-1]
    assert answer.to == ["hanako@example.jp"] and private_link(answer) == link
    client.logout()
    assert "単身でも応募できます" in client.get(link).content.decode()


def test_a_serving_member_s_question_about_a_position_stays_with_the_prefecture(
    client, tobetsu, django_capture_on_commit_callbacks
):
    position = make_position(TOBETSU, actor=tobetsu)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, inquiry(position=str(position.pk), asker_kind="serving"))
    consultation = Consultation.objects.get()
    assert consultation.answering_municipality is None
    client.force_login(tobetsu)
    detail = reverse("portal:consultation_detail", args=[consultation.pk])
    assert client.get(detail).status_code == 404


def _guest_question():
    from dispatch.services.kyoryokutai_inquiries import inquiry_send

    return inquiry_send(
        name="移住 太郎",
        email="taro@example.jp",
        subject="住まいについて",
        question="空き家はありますか。",
        asker_kind="prospective",
        client="test-key",
    )


def test_hq_hands_a_question_over_and_the_asker_keeps_the_thread(
    client, tobetsu, hq_user, django_capture_on_commit_callbacks
):
    consultation = _guest_question()
    token = consultation.access_token
    client.force_login(hq_user)
    step = reverse("admin:portal_consultation_step", args=[consultation.pk, "hand_over"])
    change = reverse("admin:portal_consultation_change", args=[consultation.pk])
    assert step in client.get(change).content.decode()
    assert client.get(step).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step, {"municipality": TOBETSU, "note": "町の住宅担当へ"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answering_municipality_id == TOBETSU
    assert consultation.access_token == token
    assert any(m.to == [tobetsu.email] and "町の住宅担当へ" in m.body for m in mail.outbox)
    # Handed over once: the button is gone.
    assert step not in client.get(change).content.decode()
    client.force_login(tobetsu)
    detail = reverse("portal:consultation_detail", args=[consultation.pk])
    assert client.get(detail).status_code == 200


def test_a_bureau_officer_hands_over_only_within_the_bureau(tobetsu):
    consultation = _guest_question()
    consultation.bureau = Municipality.objects.get(code=TOBETSU).bureau
    consultation.save(update_fields=["bureau"])
    officer = officer_of("ishikari")
    with pytest.raises(ValidationError):
        consultation_hand_over(
            consultation=consultation,
            municipality=Municipality.objects.get(code=HAKODATE),
            actor=officer,
        )
    consultation_hand_over(
        consultation=consultation,
        municipality=Municipality.objects.get(code=TOBETSU),
        actor=officer,
    )
    # Twice is harmless.
    consultation_hand_over(
        consultation=consultation,
        municipality=Municipality.objects.get(code=TOBETSU),
        actor=officer,
    )
    with pytest.raises(PermissionDenied):
        consultation_hand_over(
            consultation=_guest_question(),
            municipality=Municipality.objects.get(code=HAKODATE),
            actor=officer_of("oshima"),
        )


def test_the_hand_over_page_is_404_out_of_scope_and_refuses_a_bad_choice(client, hq_user):
    consultation = _guest_question()
    step = reverse("admin:portal_consultation_step", args=[consultation.pk, "hand_over"])
    client.force_login(officer_of("oshima"))
    assert client.get(step).status_code == 404
    client.force_login(hq_user)
    response = client.post(step, {"municipality": "999999", "note": "メモ"})
    assert response.status_code == 200
    assert "メモ" in response.content.decode()
