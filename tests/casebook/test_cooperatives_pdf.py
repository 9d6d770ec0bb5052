"""I3: the certificate (認定書) and the notice of refusal as PDF, rendered by WeasyPrint:
文書番号, 和暦 date, the cooperative, its area, the issuer."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casebook.services import cooperative_decisions as decisions
from portal.japanese import wareki_date
from tests.casebook import cooperative_helpers as h

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_the_certificate_states_number_date_cooperative_area_and_issuer(
    client, hq_user, django_capture_on_commit_callbacks
):
    coop = h.cooperative(hq_user)
    app = h.forwarded(h.submitted(coop), hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        app = decisions.application_certify(application=app, actor=hq_user)
    client.force_login(coop.user)
    text = _flat(
        _pdf_text(
            client.get(reverse("casebook:cooperative_application_certificate", args=[app.pk]))
        )
    )
    assert "特定地域づくり事業協同組合認定書" in text
    assert app.document_number in text
    assert _flat(wareki_date(app.decided_on, language="ja")) in text
    assert "しもかわ地域づくり事業協同組合" in text
    assert "名寄市" in text and "下川町" in text
    assert "北海道知事" in text
    assert "地域人口の急減に対処するための特定地域づくり事業の推進に関する法律" in text
    assert app.reference in text
    # HQ downloads the same file from the admin.
    client.force_login(hq_user)
    admin_text = _flat(
        _pdf_text(
            client.get(
                reverse("admin:casebook_certificationapplication_certificate", args=[app.pk])
            )
        )
    )
    assert app.document_number in admin_text


def test_certificate_numbers_are_gap_free(hq_user):
    _coop1, first = h.certified(hq_user)
    _coop2, second = h.certified(hq_user, name="二つ目の組合")
    n1 = int(first.document_number.removeprefix("地政第").removesuffix("号"))
    n2 = int(second.document_number.removeprefix("地政第").removesuffix("号"))
    assert n2 == n1 + 1


def test_the_notice_of_refusal_gives_the_reasons(
    client, hq_user, django_capture_on_commit_callbacks
):
    coop = h.cooperative(hq_user)
    app = h.forwarded(h.submitted(coop), hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        app = decisions.application_refuse(
            application=app, actor=hq_user, reasons="地区内の人口動態が示されていない。"
        )
    client.force_login(coop.user)
    text = _flat(
        _pdf_text(
            client.get(reverse("casebook:cooperative_application_certificate", args=[app.pk]))
        )
    )
    assert "認定しないこととした" in text
    assert "地区内の人口動態が示されていない。" in text
    assert app.document_number in text


def test_another_cooperative_cannot_download_the_certificate(client, hq_user):
    _coop, app = h.certified(hq_user)
    other = h.cooperative(hq_user, name="別の組合")
    client.force_login(other.user)
    url = reverse("casebook:cooperative_application_certificate", args=[app.pk])
    assert client.get(url).status_code == 404
