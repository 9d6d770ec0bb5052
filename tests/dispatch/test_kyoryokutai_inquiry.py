"""The one-stop window: an inquiry without an account lands in the consultation desk under
協力隊, routed to HQ (a municipality's own staff: to its bureau); the asker gets a private,
unguessable link; HQ answers and the asker reads the answer there. Spam protection: a
honeypot and a rate limit per address, which never turns into a server error when the
cache is down."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from dispatch.services import kyoryokutai_inquiries as inquiries
from portal.models import Consultation
from tests.dispatch.test_kyoryokutai_factories import HIGASHIKAWA, make_position
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = reverse("dispatch:kyoryokutai_inquiry")
SENT = reverse("dispatch:kyoryokutai_inquiry_sent")


def inquiry(**overrides):
    data = {
        "asker_kind": "prospective",
        "name": "移住 花子",
        "email": "Hanako@Example.jp",
        "municipality": "",
        "position": "",
        "subject": "応募の条件",
        "question": "現在東京在住です。単身でも応募できますか。",
        "website": "",
    }
    data.update(overrides)
    return data


def private_link(message) -> str:
    return re.search(r"http://\S+(/consultations/thread/[^/\s]+/)", message.body)[1]


def test_a_visitor_asks_hq_answers_and_the_visitor_reads_it_through_the_private_link(
    client, hq_user, ishikari_officer, django_capture_on_commit_callbacks
):
    position = make_position(title="写真の町の観光と移住支援")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, inquiry(position=str(position.pk)))
    assert response.status_code == 302 and response["Location"] == SENT
    consultation = Consultation.objects.get()
    assert consultation.category.code == "kyoryokutai"
    assert consultation.bureau is None  # HQ's support office answers
    assert consultation.asker is None
    assert consultation.asker_email == "hanako@example.jp"
    # A visitor's question is not filed as the town's own; a question about a position
    # reaches the position's town, which answers in the same thread (東川町 has no staff
    # account here, so only HQ is told).
    assert consultation.municipality is None
    assert consultation.answering_municipality == position.municipality
    assert "東川町" in consultation.question
    assert "写真の町の観光と移住支援" in consultation.question
    assert "単身でも応募できますか" in consultation.question
    # The sent page gives the reference, not the link (that goes to the address only).
    page = client.get(SENT).content.decode()
    assert consultation.reference in page and consultation.access_token not in page
    # The desk is told; the asker receives the private link.
    assert any(m.to == [hq_user.email] for m in mail.outbox)
    assert not any(m.to == [ishikari_officer.email] for m in mail.outbox)
    ack = next(m for m in mail.outbox if m.to == ["hanako@example.jp"])
    link = private_link(ack)
    assert consultation.access_token in link
    # HQ answers on the desk's page; the answer is mailed with the same private link.
    client.force_login(hq_user)
    desk = reverse("portal:consultation_detail", args=[consultation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(desk, {"body": "単身でも応募できます。住居は町が用意します。"})
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    answer = mail.outbox[-1]
    assert answer.to == ["hanako@example.jp"] and private_link(answer) == link
    client.logout()
    thread = client.get(link)
    assert thread.status_code == 200
    assert "住居は町が用意します" in thread.content.decode()


def test_the_private_link_is_not_guessable(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, inquiry())
        client.post(FORM, inquiry(email="other@example.jp"))
    first, second = Consultation.objects.order_by("pk")
    for consultation in (first, second):
        token = consultation.access_token
        assert len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert consultation.reference not in token
    assert first.access_token[:8] != second.access_token[:8]
    # One character off (never the same one: a token ending in "x" made this test flaky).
    last = "y" if first.access_token.endswith("x") else "x"
    guess = reverse("portal:consultation_guest", args=[first.access_token[:-1] + last])
    assert client.get(guess).status_code == 404
    assert client.get(reverse("portal:consultation_guest", args=["C2026-00001"])).status_code == 404
    # Nor does the consultation's own desk page open without signing in as the desk.
    response = client.get(reverse("portal:consultation_detail", args=[first.pk]))
    assert response.status_code == 302


def test_the_honeypot_looks_like_success_but_sends_nothing(client):
    response = client.post(FORM, inquiry(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == SENT
    assert not Consultation.objects.exists()
    assert mail.outbox == []
    assert client.get(SENT).status_code == 200


def test_the_honeypot_is_hidden_from_people(client):
    page = client.get(FORM).content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_five_inquiries_an_hour_per_address_then_a_clear_message(client):
    for n in range(inquiries.LIMIT):
        assert client.post(FORM, inquiry(subject=f"質問{n}")).status_code == 302
    response = client.post(FORM, inquiry(subject="六つ目の質問"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "several inquiries in a short time" in page or "短時間" in page
    # What was typed comes back.
    assert "六つ目の質問" in page and "単身でも応募できますか" in page
    assert Consultation.objects.count() == inquiries.LIMIT
    # Another address is not affected.
    other = client.post(FORM, inquiry(), REMOTE_ADDR="192.0.2.77")
    assert other.status_code == 302


def test_the_limit_key_does_not_keep_the_address():
    key = inquiries.client_key("203.0.113.5")
    assert "203.0.113.5" not in key and key == inquiries.client_key("203.0.113.5")
    assert key != inquiries.client_key("203.0.113.6")


def test_a_cache_that_is_down_never_blocks_or_breaks_the_form(client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr(cache, "incr", down)
    for n in range(inquiries.LIMIT + 2):
        assert client.post(FORM, inquiry(subject=f"質問{n}")).status_code == 302
    assert Consultation.objects.count() == inquiries.LIMIT + 2


def test_bad_input_comes_back_with_what_was_typed(client):
    response = client.post(
        FORM,
        inquiry(email="not-an-address", question="", asker_kind="robot", position="abc"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and page.count("aria-invalid") >= 2
    assert "not-an-address" in page and "移住 花子" in page
    assert not Consultation.objects.exists()
    assert client.post(FORM, inquiry(position="99999999999999")).status_code in (200, 302)
    assert client.get(FORM, {"position": "x" * 50}).status_code == 200


def test_signed_in_municipal_staff_ask_as_themselves_and_their_bureau_answers(
    client, sapporo_staff, ishikari_officer, oshima_officer, django_capture_on_commit_callbacks
):
    client.force_login(sapporo_staff)
    form = client.get(FORM).context["form"]
    assert form.initial["email"] == sapporo_staff.email
    assert form.initial["asker_kind"] == "municipal"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            FORM,
            inquiry(
                asker_kind="municipal",
                name=sapporo_staff.name,
                email=sapporo_staff.email,
                municipality="011002",
            ),
        )
    consultation = Consultation.objects.get()
    assert consultation.asker == sapporo_staff
    assert consultation.municipality.code == "011002"  # their own: colleagues follow it
    # Routed to the municipality's bureau, whose officers are told and answer it.
    assert consultation.bureau == ishikari_officer.bureau
    assert any(m.to == [ishikari_officer.email] for m in mail.outbox)
    assert not any(m.to == [oshima_officer.email] for m in mail.outbox)
    # They follow it in their consultations like any other.
    detail = reverse("portal:consultation_detail", args=[consultation.pk])
    assert client.get(detail).status_code == 200
    client.force_login(ishikari_officer)
    assert client.get(detail).status_code == 200
    client.force_login(oshima_officer)
    assert client.get(detail).status_code == 404


def test_the_form_starts_from_the_position_or_municipality(client):
    position = make_position(title="林業の担い手")
    form = client.get(FORM, {"position": position.pk}).context["form"]
    assert form.initial["position"] == position.pk
    assert form.initial["municipality"] == HIGASHIKAWA
    assert "林業の担い手" in form.initial["subject"]
    form = client.get(FORM, {"municipality": HIGASHIKAWA}).context["form"]
    assert form.initial["municipality"] == HIGASHIKAWA
    # A draft is not a position one can ask about.
    draft = make_position(state="draft", title="下書き")
    assert "position" not in client.get(FORM, {"position": draft.pk}).context["form"].initial


def test_the_sent_page_without_an_inquiry_goes_back_to_the_form(client):
    assert client.get(SENT)["Location"] == FORM


def test_the_towns_staff_and_bureau_do_not_see_a_visitors_inquiry_about_the_town(
    client, sapporo_staff, ishikari_officer, hq_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, inquiry(municipality="011002"))
    consultation = Consultation.objects.get()
    assert "札幌市" in consultation.question
    detail = reverse("portal:consultation_detail", args=[consultation.pk])
    for user in (sapporo_staff, ishikari_officer, UserFactory(hakodate=True)):
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert (
            consultation.subject
            not in client.get(reverse("portal:consultation_list")).content.decode()
        )
    client.force_login(hq_user)
    assert client.get(detail).status_code == 200
