"""Two staff editing one dispatch request draft, or one 協力隊 posting, at the same time: the
save based on a page someone else has changed since is refused with what changed, and what
was typed comes back; saving again from that page goes through."""

import pytest
from django.urls import reverse

from tests.browser_forms import STALE_EN, STALE_JA, form_values, opened, panel, says, signed_in
from tests.dispatch.factories import draft_request
from tests.dispatch.test_kyoryokutai_factories import HIGASHIKAWA, make_position, staff_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_stale_request_draft_is_refused_with_what_changed(sapporo_staff):
    colleague = UserFactory(sapporo=True)
    obj = draft_request(sapporo_staff)
    url = reverse("dispatch:request_edit", args=[obj.pk])
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    page_a, page_b = opened(a, url), opened(b, url)

    page_a["reason"] = "庁内にDXの専門人材がおらず、外部の知見が必要。"
    assert a.post(url, {**page_a, "action": "draft"}).status_code == 302

    page_b["title"] = "電子申請拡大事業"
    response = b.post(url, {**page_b, "action": "draft"})
    assert response.status_code == 200
    page = response.content.decode()
    assert says(page, STALE_JA, STALE_EN)
    assert form_values(page)["title"] == "電子申請拡大事業"
    assert "外部の知見が必要" in panel(response)
    obj.refresh_from_db()
    assert obj.title == "行政手続オンライン化推進事業"  # the stale save wrote nothing

    again = form_values(page)
    again["reason"] = "庁内にDXの専門人材がおらず、外部の知見が必要。"
    assert b.post(url, {**again, "action": "draft"}).status_code == 302
    obj.refresh_from_db()
    assert obj.title == "電子申請拡大事業"
    assert obj.reason == "庁内にDXの専門人材がおらず、外部の知見が必要。"


def test_a_stale_posting_edit_is_refused_with_what_changed():
    staff, colleague = staff_of(HIGASHIKAWA), staff_of(HIGASHIKAWA)
    position = make_position(actor=staff)
    url = reverse("dispatch:kyoryokutai_posting_edit", args=["positions", position.pk])
    a, b = signed_in(staff), signed_in(colleague)
    page_a, page_b = opened(a, url), opened(b, url)

    page_a["how_to_apply"] = "応募フォームから申し込んでください。"
    response = a.post(url, page_a)
    assert response.status_code == 302, response.content.decode()

    page_b["title"] = "写真の町の観光担当"
    response = b.post(url, page_b)
    assert response.status_code == 200
    page = response.content.decode()
    assert says(page, STALE_JA, STALE_EN)
    assert form_values(page)["title"] == "写真の町の観光担当"
    assert "応募フォームから申し込んでください。" in panel(response)
    position.refresh_from_db()
    assert position.title != "写真の町の観光担当"

    assert b.post(url, form_values(page)).status_code == 302
    position.refresh_from_db()
    assert position.title == "写真の町の観光担当"
