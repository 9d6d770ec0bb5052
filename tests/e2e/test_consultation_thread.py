"""In Chromium, in the Japanese UI: a one-stop window thread names who wrote each message
(the municipality's staff, the desk) and a raw URL pasted into a message wraps instead of
pushing the page sideways on a phone (#18 point 7)."""

import pytest

from portal.services import consultations as services
from tests.e2e.conftest import assert_accessible
from tests.e2e.conftest import sign_in as sign_in_ja
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

LONG_URL = "https://www.pref.hokkaido.lg.jp/ss/csr/" + "chiikizukuri-koufukin-youkou-" * 6 + ".pdf"


def test_the_thread_names_each_author_and_a_long_url_wraps(page, live_server):
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    officer = UserFactory(ishikari_officer=True, name="石狩 次郎", email="officer@example.jp")
    consultation = ConsultationFactory(asker=staff, question=f"要綱はこちらですか。{LONG_URL}")
    services.consultation_reply(
        consultation=consultation, actor=officer, body=f"はい、最新版は {LONG_URL} です。"
    )
    services.consultation_reply(
        consultation=consultation, actor=staff, body="ありがとうございます。"
    )

    sign_in_ja(page, live_server, officer)
    page.goto(f"{live_server.url}/consultations/{consultation.pk}/")
    thread = page.locator("ol.thread")
    assert "窓口からの回答" in thread.inner_text()
    follow_up = thread.locator("li.from-asker").inner_text()
    assert "札幌市" in follow_up and "市町村から ・" not in follow_up
    # axe at 1366 px, then no sideways scrolling at 390 and 320 px with the URL in the thread.
    assert_accessible(page, "consultation thread with a long URL")
