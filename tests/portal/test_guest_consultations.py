"""Questions from people without an account: private link, answer by email."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import ConsultationCategory
from portal.services.consultations import consultation_open_guest, consultation_reply

pytestmark = pytest.mark.django_db


def test_a_guest_asks_hq_answers_and_the_guest_reads_and_follows_up(
    client, hq_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = consultation_open_guest(
            category=ConsultationCategory.objects.get(code="kyoryokutai"),
            name="移住 花子",
            email="Hanako@example.jp",
            subject="協力隊の応募条件",
            question="現在東京在住です。応募できますか。",
        )
    assert consultation.bureau is None
    ack = next(m for m in mail.outbox if m.to == ["hanako@example.jp"])
    link = re.search(r"http://\S+(/consultations/thread/\S+/)", ack.body)[1]
    assert consultation.access_token in link
    to_hq = next(m for m in mail.outbox if m.to == [hq_user.email])
    # The desk's mail names the asker (there is no municipality): never 「から新しい質問…」.
    assert to_hq.body.lstrip().startswith("移住 花子から新しい質問がありました")
    with django_capture_on_commit_callbacks(execute=True):
        consultation_reply(consultation=consultation, actor=hq_user, body="応募できます。")
    assert "応募できます。" in mail.outbox[-1].body
    assert consultation.access_token in mail.outbox[-1].body
    response = client.get(link)
    assert "no-store" in response["Cache-Control"]  # a private thread, opened by its link
    page = response.content.decode()
    assert "応募できます。" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"body": "住居の支援はありますか。"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "open"
    assert mail.outbox[-1].to == [hq_user.email]
    # HQ's thread labels the visitor's follow-up with their name, not 「市町村から」.
    client.force_login(hq_user)
    thread = client.get(reverse("portal:consultation_detail", args=[consultation.pk]))
    text = thread.content.decode()
    assert "移住 花子から" in text and "市町村から" not in text


def test_guessing_a_thread_link_is_404(client):
    assert client.get(reverse("portal:consultation_guest", args=["a" * 32])).status_code == 404
