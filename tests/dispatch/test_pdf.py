"""The PDFs: the dispatch notice sent to the municipality (文書番号, 和暦, addressee and
issuer) and the activity summary of a request, read back as text."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dispatch.services import notices
from portal.japanese import wareki_date
from portal.models import Bureau, Municipality
from tests.dispatch.factories import (
    PersonFactory,
    assigned_request,
    confirmed_report,
    held_session,
)

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def assigned(sapporo_staff, ishikari_officer, advisor_person):
    return assigned_request(sapporo_staff, ishikari_officer, advisor_person)


def test_the_notice_states_number_date_addressee_issuer_and_people(
    client,
    assigned,
    ishikari_officer,
    sapporo_staff,
    advisor_person,
    django_capture_on_commit_callbacks,
):
    Municipality.objects.filter(code="011002").update(mayor_name="秋元 克広")
    Bureau.objects.filter(code="ishikari").update(chief_name="石狩 太郎")
    assigned.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices.dispatch_notice_issue(request=assigned, actor=ishikari_officer)
    client.force_login(sapporo_staff)
    page = client.get(reverse("dispatch:request_detail", args=[assigned.pk]))
    assert reverse("dispatch:notice_pdf", args=[notice.pk]) in page.content.decode()
    text = pdf_text(client.get(reverse("dispatch:notice_pdf", args=[notice.pk])))
    for words in (
        "石振地派第1号",
        wareki_date(timezone.localdate(), language="ja"),
        "札幌市長",
        "秋元 克広",
        "北海道石狩振興局長",  # the issuer's official title, with the prefecture
        "石狩 太郎",
        "（公印省略）",  # HQ set no seal for the bureau
        "市町村DXアドバイザー派遣確認書",
        "令和8年度",
        assigned.reference,
        "行政手続オンライン化推進事業",
        advisor_person.name,
        "令和8年（2026年）7月1日から令和8年（2026年）9月30日まで",
    ):
        assert words in text.replace("\n", ""), words


def test_a_regional_dispatch_gets_a_decision_notice(
    client, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    staff = PersonFactory(kind="staff", name="道職員 派遣", skill_codes=["strategy"])
    obj = assigned_request(
        sapporo_staff, ishikari_officer, staff, kind="regional", wanted=("strategy",)
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices.dispatch_notice_issue(request=obj, actor=ishikari_officer)
    client.force_login(ishikari_officer)
    text = pdf_text(client.get(reverse("dispatch:notice_pdf", args=[notice.pk])))
    assert "地域振興派遣決定通知書" in text
    assert "派遣することに決定した" in text.replace("\n", "")


def test_another_municipality_cannot_download_the_notice(
    client,
    assigned,
    ishikari_officer,
    ebetsu_staff,
    oshima_officer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = notices.dispatch_notice_issue(request=assigned, actor=ishikari_officer)
    for user in (ebetsu_staff, oshima_officer):
        client.force_login(user)
        assert client.get(reverse("dispatch:notice_pdf", args=[notice.pk])).status_code == 404


def test_the_activity_summary_lists_sessions_hours_and_ratings(
    client,
    assigned,
    ishikari_officer,
    advisor,
    advisor_person,
    sapporo_staff,
    django_capture_on_commit_callbacks,
    now_after_sessions,
):
    for day, hours, rating in ((dt.date(2026, 7, 10), 6, 5), (dt.date(2026, 7, 24), 3, 4)):
        session = held_session(assigned, ishikari_officer, advisor_person, day=day)
        report = confirmed_report(session, advisor, sapporo_staff, hours=hours, rating=rating)
        assert report.status == "confirmed"
    client.force_login(advisor)
    url = reverse("dispatch:summary_pdf", args=[assigned.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
    assert first.status_code == 200  # the "being prepared" page, then the file
    text = pdf_text(client.get(url)).replace("\n", "")
    for words in (
        "人的支援活動報告書",
        assigned.reference,
        "札幌市",
        "令和8年（2026年）7月10日",
        "令和8年（2026年）7月24日",
        "2日（うち6時間以上 1日）",
        "2回（うち訪問 2回）",
        "9.0時間",
        "4.5（5段階）",
        "手続の棚卸しを行った。",
    ):
        assert words in text, words


def test_no_summary_for_a_draft(client, sapporo_staff):
    from tests.dispatch.factories import draft_request

    obj = draft_request(sapporo_staff)
    client.force_login(sapporo_staff)
    assert client.get(reverse("dispatch:summary_pdf", args=[obj.pk])).status_code == 404
