"""Public notices: the page, the feed, the sitemap and the home panel show sent public notices
only (never internal ones, drafts or withdrawn ones), at a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casebook.services import notices as services
from tests.casebook.notice_helpers import draft, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


@pytest.fixture
def notices():
    officer = UserFactory(ishikari_officer=True)
    withdrawn = sent(officer, title="取り下げたお知らせ", public=True)
    services.notice_withdraw(notice=withdrawn, actor=officer, reason="誤り")
    return {
        "public": sent(officer, title="石狩の移住支援制度のお知らせ", public=True),
        "internal": sent(officer, title="内部の事務連絡"),
        "draft": draft(officer, title="公開予定の下書き", public=True),
        "withdrawn": withdrawn,
    }


def _only_public(text, notices):
    assert "石狩の移住支援制度のお知らせ" in text
    for hidden in ("内部の事務連絡", "公開予定の下書き", "取り下げたお知らせ"):
        assert hidden not in text, hidden


def test_the_public_page_lists_only_sent_public_notices(client, notices):
    response = client.get(reverse("casebook:notice_list"))
    assert response.status_code == 200
    _only_public(response.content.decode(), notices)
    assert response.context["page"].paginator.count == 1


def test_the_public_list_and_feed_cost_a_fixed_number_of_queries(
    client, notices, django_assert_num_queries
):
    officer = UserFactory(hq=True)
    for n in range(3):
        sent(officer, title=f"本庁のお知らせ{n}", public=True, audience_kind="all")
    client.get(reverse("casebook:notice_list"))
    with django_assert_num_queries(2):  # count + page (with the sender bureaus)
        client.get(reverse("casebook:notice_list"))
    client.get(reverse("casebook:notice_feed"))  # the Sites row, cached after
    with django_assert_num_queries(1):
        client.get(reverse("casebook:notice_feed"))


def test_the_category_filter_narrows_the_list(client, notices):
    response = client.get(reverse("casebook:notice_list"), {"category": "events"})
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("casebook:notice_list"), {"category": "administrative"})
    assert response.context["page"].paginator.count == 1
    # A code that is not a category: the form says so, the page still answers.
    assert client.get(reverse("casebook:notice_list"), {"category": "x"}).status_code == 200


def test_the_feed_carries_only_sent_public_notices(client, notices):
    response = client.get(reverse("casebook:notice_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    _only_public(text, notices)
    assert notices["public"].get_absolute_url() in text


def test_the_sitemap_lists_public_notices_only(client, notices):
    text = client.get(reverse("sitemap")).content.decode()
    assert notices["public"].get_absolute_url() in text
    assert reverse("casebook:notice_list") in text
    for hidden in ("internal", "draft", "withdrawn"):
        assert notices[hidden].get_absolute_url() not in text


def test_the_home_page_shows_the_latest_public_notices(client, notices):
    text = client.get(reverse("portal:home")).content.decode()
    assert "石狩の移住支援制度のお知らせ" in text
    assert "内部の事務連絡" not in text


def test_anyone_reads_a_public_notice_but_not_an_internal_or_withdrawn_one(client, notices):
    assert client.get(notices["public"].get_absolute_url()).status_code == 200
    for hidden in ("internal", "draft", "withdrawn"):
        assert client.get(notices[hidden].get_absolute_url()).status_code == 404, hidden


def test_a_notices_files_follow_the_notice(client):
    officer = UserFactory(ishikari_officer=True)
    files = []
    for public in (True, False):
        notice = draft(officer, title=f"添付付き{public}", public=public)
        services.notice_save(
            notice=notice,
            actor=officer,
            uploads=[SimpleUploadedFile("要綱.pdf", PDF, "application/pdf")],
        )
        services.notice_send(notice=notice, actor=officer)
        files.append(reverse("portal:attachment_download", args=[notice_file(notice).pk]))
    public_file, internal_file = files
    assert client.get(public_file).status_code == 200
    assert client.get(internal_file).status_code == 404
    client.force_login(UserFactory(hakodate=True))
    assert client.get(internal_file).status_code == 404
    client.force_login(UserFactory(sapporo=True))
    assert client.get(internal_file).status_code == 200


def notice_file(notice):
    from portal.services.attachments import attachments_of

    return attachments_of(notice).get()


def test_sending_a_public_notice_shows_on_the_cached_home_page_at_once(
    client, django_capture_on_commit_callbacks
):
    client.get("/")  # cached now
    officer = UserFactory(ishikari_officer=True)
    with django_capture_on_commit_callbacks(execute=True):
        notice = sent(officer, title="新しい公開のお知らせ", public=True)
    assert "新しい公開のお知らせ" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_withdraw(notice=notice, actor=officer, reason="誤り")
    assert "新しい公開のお知らせ" not in client.get("/").content.decode()
