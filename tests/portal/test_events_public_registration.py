"""Public event registration without an account: a seat is held only once the address is
confirmed from the mail, the registration page is reachable only through the private link
mailed to the address, and the form never tells whether an address is registered."""

import datetime as dt
import re
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Event, Registration
from portal.services.events import (
    event_confirm_registration,
    event_purge_expired_holds,
    event_register,
    event_send_reminders,
)

pytestmark = pytest.mark.django_db

NEUTRAL = (
    "このメールアドレスがまだ申し込まれていない場合は申込を確定するためのリンクを、"
    "すでに申し込まれている場合は申込内容のページへのリンクを、メールでお送りしました。"
)
NEUTRAL_EN = (
    "If this address is not yet registered, we have sent a confirmation link; if it is, "
    "we have mailed you the link to your registration."
)


def make_event(**kwargs):
    start = timezone.now() + dt.timedelta(days=3)
    defaults = {
        "category": "furusato",
        "title": "ふるさと納税セミナー",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "place": "札幌市 道庁別館",
        "capacity": 2,
        "is_published": True,
        "open_to_public": True,
    }
    return Event.objects.create(**{**defaults, **kwargs})


def says(page: str, japanese: str, english: str) -> bool:
    # New messages are translated when the catalogue is next compiled; until then the
    # English msgid shows. Either way the person reads the same message.
    return japanese in page or english in page


def main_of(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def post_form(client, event, captured, ip="203.0.113.10", **data):
    form = {"name": "移住 希望", "email": "visitor@example.jp", "organisation": "", "website": ""}
    with captured(execute=True):
        return client.post(
            reverse("portal:event_detail", args=[event.pk]), {**form, **data}, REMOTE_ADDR=ip
        )


def link_in(message) -> str:
    """The path of the private link in a mail, as the recipient would click it."""
    [url] = re.findall(r"https?://\S+(/registrations/\S+)", message.body)
    return url


def register_and_confirm(client, event, captured, **data):
    post_form(client, event, captured, **data)
    link = link_in(mail.outbox[-1])
    with captured(execute=True):
        client.post(link, {"action": "confirm"})
    return link


# --- 1. No takeover by re-submitting someone's address --------------------------------------


def test_resubmitting_a_registered_address_reveals_nothing_and_mails_the_owner(
    client, django_capture_on_commit_callbacks
):
    event = make_event()
    owner = Client()
    link = register_and_confirm(
        owner, event, django_capture_on_commit_callbacks, name="道民 太郎", email="taro@example.jp"
    )
    assert Registration.objects.get().status == "confirmed"
    mail.outbox.clear()

    attacker = Client()
    response = post_form(
        attacker,
        event,
        django_capture_on_commit_callbacks,
        ip="198.51.100.7",
        name="なりすまし",
        email="TARO@example.jp",
    )
    assert response.status_code == 302
    page = attacker.get(response["Location"])
    text = page.content.decode()
    assert says(text, NEUTRAL, NEUTRAL_EN)
    assert "道民 太郎" not in text
    assert "参加確定" not in text
    assert "/registrations/" not in text
    # The owner gets their private link again; the attacker gets nothing.
    [message] = mail.outbox
    assert message.to == ["taro@example.jp"]
    assert link_in(message) == link
    # The registration is untouched and cannot be cancelled from the attacker's session.
    registration = Registration.objects.get()
    assert (registration.name, registration.status) == ("道民 太郎", "confirmed")

    # A new address gets exactly the same page.
    fresh = post_form(
        Client(), event, django_capture_on_commit_callbacks, ip="198.51.100.8", email="new@ex.jp"
    )
    assert fresh["Location"] == response["Location"]
    assert main_of(Client().get(fresh["Location"])) == main_of(page)


def test_the_registration_page_needs_the_exact_private_link(
    client, django_capture_on_commit_callbacks
):
    event = make_event()
    link = register_and_confirm(client, event, django_capture_on_commit_callbacks)
    registration = Registration.objects.get()
    assert len(registration.token) >= 43  # 32 random bytes, URL-safe base64
    page = Client().get(link)
    assert "移住 希望" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    wrong = reverse("portal:registration_detail", args=[registration.pk, "x" * 43])
    assert Client().get(wrong).status_code == 404
    other_pk = reverse("portal:registration_detail", args=[registration.pk + 1, registration.token])
    assert Client().get(other_pk).status_code == 404
    assert Client().post(wrong + "cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_cancelling_through_the_link_asks_first_and_needs_csrf(
    django_capture_on_commit_callbacks,
):
    event = make_event()
    browser = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        browser.get(reverse("portal:event_detail", args=[event.pk]))
        token = browser.cookies["csrftoken"].value
        browser.post(
            reverse("portal:event_detail", args=[event.pk]),
            {"name": "移住 希望", "email": "visitor@example.jp", "csrfmiddlewaretoken": token},
        )
    link = link_in(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(link, {"action": "confirm", "csrfmiddlewaretoken": token})
    detail = browser.get(link).content.decode()
    cancel = link + "cancel/"
    assert cancel in detail
    # The confirmation page asks; nothing has changed yet.
    page = browser.get(cancel)
    assert page.status_code == 200
    assert "申込を取り消す" in page.content.decode()
    assert Registration.objects.get().status == "confirmed"
    # Without the CSRF token: refused.
    assert browser.post(cancel).status_code == 403
    assert Registration.objects.get().status == "confirmed"
    response = browser.post(cancel, {"csrfmiddlewaretoken": token}, follow=True)
    assert "参加申込を取り消しました。" in response.content.decode()
    assert Registration.objects.get().status == "cancelled"


# --- 2. A seat is held only once the address is confirmed -----------------------------------


def test_a_public_registration_takes_no_seat_until_confirmed_from_the_mail(
    client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    response = post_form(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "pending"
    # The seat is still free for others.
    page = client.get(reverse("portal:event_detail", args=[event.pk])).content.decode()
    assert "定員1名（残り1名）" in page
    [message] = mail.outbox
    assert message.to == ["visitor@example.jp"]
    link = link_in(message)
    # Opening the link (or a mail scanner prefetching it) confirms nothing.
    opened = client.get(link)
    assert opened.status_code == 200
    assert 'value="confirm"' in opened.content.decode()
    assert Registration.objects.get().status == "pending"
    # Pressing the button does.
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link, {"action": "confirm"}, follow=True)
    assert Registration.objects.get().status == "confirmed"
    assert "参加確定" in confirmed.content.decode()
    assert mail.outbox[-1].subject.startswith("参加申込を受け付けました")
    # Pressing it twice changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"action": "confirm"})
    assert len(mail.outbox) == 2


def test_confirming_when_the_event_is_full_puts_you_on_the_waiting_list(
    client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    post_form(client, event, django_capture_on_commit_callbacks, email="late@example.jp")
    late_link = link_in(mail.outbox[-1])
    # Someone else confirms first and takes the only seat.
    register_and_confirm(Client(), event, django_capture_on_commit_callbacks, email="early@ex.jp")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(late_link, {"action": "confirm"})
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"early@ex.jp": "confirmed", "late@example.jp": "waitlisted"}
    assert "キャンセル待ち" in client.get(late_link).content.decode()


def test_the_waiting_list_moves_up_in_the_order_people_confirmed(
    django_capture_on_commit_callbacks,
):
    from portal.services.events import event_cancel_registration

    event = make_event(capacity=1)
    register_and_confirm(Client(), event, django_capture_on_commit_callbacks, email="a@ex.jp")
    post_form(Client(), event, django_capture_on_commit_callbacks, email="slow@ex.jp")
    slow_link = link_in(mail.outbox[-1])
    register_and_confirm(Client(), event, django_capture_on_commit_callbacks, email="quick@ex.jp")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(slow_link, {"action": "confirm"})
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel_registration(registration=Registration.objects.get(email="a@ex.jp"))
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@ex.jp": "cancelled",
        "quick@ex.jp": "confirmed",
        "slow@ex.jp": "waitlisted",
    }
    assert mail.outbox[-1].to == ["quick@ex.jp"]


def test_someone_who_did_not_ask_can_withdraw_the_hold(django_capture_on_commit_callbacks):
    event = make_event()
    post_form(Client(), event, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1])
    mailbox_owner = Client()
    page = mailbox_owner.get(link).content.decode()
    assert link + "cancel/" in page
    mailbox_owner.post(link + "cancel/")
    assert Registration.objects.get().status == "cancelled"
    page = mailbox_owner.get(link).content.decode()
    assert 'value="confirm"' not in page
    assert "取消" in page


def test_the_neutral_page_of_an_unpublished_event_is_404(client):
    event = make_event(is_published=False)
    assert client.get(reverse("portal:event_registration_sent", args=[event.pk])).status_code == 404


def test_an_expired_hold_never_confirms_and_does_not_block_registering_again(
    client, django_capture_on_commit_callbacks
):
    event = make_event()
    post_form(client, event, django_capture_on_commit_callbacks)
    old_link = link_in(mail.outbox[-1])
    Registration.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    page = client.get(old_link).content.decode()
    assert 'value="confirm"' not in page
    assert says(page, "有効期限が切れています", "This link has expired")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(old_link, {"action": "confirm"})
    assert Registration.objects.get().status == "pending"
    # Registering again sends a fresh link that works.
    post_form(client, event, django_capture_on_commit_callbacks)
    new_link = link_in(mail.outbox[-1])
    assert new_link != old_link
    with django_capture_on_commit_callbacks(execute=True):
        client.post(new_link, {"action": "confirm"})
    assert list(Registration.objects.values_list("status", flat=True)) == ["confirmed"]
    assert client.get(old_link).status_code == 404


def test_expired_holds_are_purged(django_capture_on_commit_callbacks):
    event = make_event()
    client = Client()
    post_form(client, event, django_capture_on_commit_callbacks, email="old@example.jp")
    post_form(client, event, django_capture_on_commit_callbacks, email="new@example.jp")
    register_and_confirm(client, event, django_capture_on_commit_callbacks, email="kept@ex.jp")
    Registration.objects.exclude(email="new@example.jp").update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    assert event_purge_expired_holds() == 1
    from portal.tasks import purge_expired_event_holds

    assert purge_expired_event_holds.delay().get() == 0  # safe to run twice
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "kept@ex.jp",
        "new@example.jp",
    ]


def test_the_confirmation_service_refuses_a_closed_event(django_capture_on_commit_callbacks):
    event = make_event()
    post_form(Client(), event, django_capture_on_commit_callbacks)
    Event.objects.filter(pk=event.pk).update(is_cancelled=True)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        event_confirm_registration(registration=Registration.objects.get())
    assert Registration.objects.get().status == "pending"


def test_reminders_go_to_confirmed_registrations_only(client, django_capture_on_commit_callbacks):
    start = timezone.now() + dt.timedelta(hours=24)
    event = make_event(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    post_form(client, event, django_capture_on_commit_callbacks, email="pending@example.jp")
    register_and_confirm(client, event, django_capture_on_commit_callbacks, email="seat@ex.jp")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_send_reminders()
    assert [m.to for m in mail.outbox] == [["seat@ex.jp"]]


# --- Rate limits ----------------------------------------------------------------------------


def test_one_client_is_limited_and_keeps_what_it_typed(client, django_capture_on_commit_callbacks):
    event = make_event(capacity=50)
    for n in range(10):
        response = post_form(client, event, django_capture_on_commit_callbacks, email=f"p{n}@ex.jp")
        assert response.status_code == 302
    response = post_form(
        client,
        event,
        django_capture_on_commit_callbacks,
        name="十一 番目",
        email="eleventh@example.jp",
        organisation="石狩市役所",
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert says(page, "短時間に何度も申し込まれています", "You have sent several registrations")
    for typed in ("十一 番目", "eleventh@example.jp", "石狩市役所"):
        assert typed in page
    assert not Registration.objects.filter(email="eleventh@example.jp").exists()
    # Another client is not affected.
    other = post_form(Client(), event, django_capture_on_commit_callbacks, ip="192.0.2.99")
    assert other.status_code == 302


def test_one_event_is_limited_across_clients(django_capture_on_commit_callbacks):
    from portal.services import events as service

    event = make_event(capacity=5)
    limit = service.event_request_limit(event)
    for n in range(limit):
        ip = f"10.0.{n // 200}.{n % 200 + 1}"
        response = post_form(
            Client(), event, django_capture_on_commit_callbacks, ip=ip, email=f"p{n}@ex.jp"
        )
        assert response.status_code == 302
    response = post_form(Client(), event, django_capture_on_commit_callbacks, ip="192.0.2.1")
    assert response.status_code == 429
    page = response.content.decode()
    assert says(page, "このイベントへの申込が短時間に集中しています", "This event has received")
    assert "visitor@example.jp" in page
    # Another event is open as usual.
    other = post_form(Client(), make_event(), django_capture_on_commit_callbacks, ip="192.0.2.1")
    assert other.status_code == 302


def test_one_address_is_not_flooded_with_mail(django_capture_on_commit_callbacks):
    event = make_event()
    for n in range(6):
        response = post_form(Client(), event, django_capture_on_commit_callbacks, ip=f"10.1.0.{n}")
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert Registration.objects.count() == 1


def test_the_honeypot_still_refuses_bots(client, django_capture_on_commit_callbacks):
    event = make_event()
    response = post_form(client, event, django_capture_on_commit_callbacks, website="http://x")
    assert response.status_code == 404
    assert not Registration.objects.exists()
    assert mail.outbox == []


# --- Signed-in staff book directly ----------------------------------------------------------


def test_signed_in_staff_book_at_once_and_see_their_registration(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    event = make_event(open_to_public=False)
    client.force_login(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:event_detail", args=[event.pk]), {"organisation": "", "website": ""}
        )
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.user == sapporo_staff
    page = client.get(response["Location"]).content.decode()
    assert "参加確定" in page
    assert mail.outbox[-1].subject.startswith("参加申込を受け付けました")


def test_staff_signing_in_confirm_a_hold_made_for_their_address(
    client, sapporo_staff, django_capture_on_commit_callbacks
):
    event = make_event()
    post_form(Client(), event, django_capture_on_commit_callbacks, email=sapporo_staff.email)
    assert Registration.objects.get().status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        registration = event_register(
            event=event, name="札幌", email=sapporo_staff.email, user=sapporo_staff
        )
    assert registration.status == "confirmed"
    assert registration.user == sapporo_staff
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_concurrent_confirmations_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    from portal.services.events import event_request_registration

    event = make_event(capacity=3)
    for n in range(8):
        event_request_registration(
            event=event, name=f"P{n}", email=f"p{n}@example.jp", client=f"c{n}"
        )
    holds = list(Registration.objects.all())
    barrier = threading.Barrier(len(holds))
    errors = []

    def confirm(registration):
        try:
            barrier.wait(timeout=10)
            event_confirm_registration(registration=registration)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in holds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 5
