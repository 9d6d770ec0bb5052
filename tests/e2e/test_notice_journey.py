"""お知らせ・事務連絡 in Chromium, Japanese UI: HQ writes a 要確認 notice in the admin for
石狩振興局's municipalities and sends it after seeing how many it reaches; 札幌市's staff
find it on マイページ, open it and confirm it; HQ sees 札幌市 as 確認済; the public page
lists a public notice and not the internal one. axe and 320/390 px reflow on the staff's
and the public pages."""

import pytest
from playwright.sync_api import expect

from casebook.models import Notice, NoticeReceipt
from portal.models import Bureau
from tests.casebook.notice_helpers import sent
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

TITLE = "冬期の除雪体制の確認について"


def test_hq_sends_a_notice_that_a_municipality_reads_and_confirms(page, live_server):
    hq = UserFactory(hq=True, name="本庁 四郎", email="hq@example.jp")
    staff = UserFactory(sapporo=True, name="札幌 太郎", email="staff@example.jp")
    ishikari = Bureau.objects.get(code="ishikari")

    # HQ writes the notice in the admin and sends it to 石狩振興局's municipalities.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/casebook/notice/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "管内の除雪体制を確認し、変更があれば振興局に連絡してください。")
    page.select_option("#id_category", "administrative")
    page.select_option("#id_visibility", "internal")
    page.check("#id_requires_confirmation")
    page.check("input[name=audience_kind][value=bureau]")
    page.select_option("#id_audience_bureau", str(ishikari.pk))
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    notice = Notice.objects.get(title=TITLE)
    with page.expect_navigation():
        page.locator(f"a[href$='/{notice.pk}/workflow/send/']").first.click()
    count = ishikari.municipalities.count()
    expect(page.locator("#notice-recipient-count")).to_contain_text(str(count))
    with page.expect_navigation():
        page.locator("form input[type=submit]").click()
    assert NoticeReceipt.objects.filter(notice=notice).count() == count

    # 札幌市's staff: the to-do on マイページ, the notice, 確認しました.
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/mypage/")
    assert_accessible(page, "my page with a notice to confirm")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).first.click()
    assert_accessible(page, "the notice to confirm")
    button = page.locator(".notice-confirm button")
    expect(button).to_have_text("確認しました")
    with page.expect_navigation():
        button.click()
    expect(page.locator("#notice-receipt-state")).to_contain_text("札幌 太郎")
    assert_accessible(page, "the notice confirmed")
    page.goto(f"{live_server.url}/casebook/notices/inbox/")
    expect(page.locator("#notice-inbox")).to_contain_text(TITLE)
    assert_accessible(page, "the inbox")
    page.goto(f"{live_server.url}/mypage/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # HQ sees 札幌市 as confirmed.
    sign_in(page, live_server, hq)
    page.goto(f"{live_server.url}/admin/casebook/notice/{notice.pk}/receipts/?state=confirmed")
    expect(page.locator("#receipts tbody tr")).to_have_count(1)
    expect(page.locator("#receipts tbody")).to_contain_text("札幌市")
    expect(page.locator("#receipts tbody")).to_contain_text("札幌 太郎")


def test_the_public_page_lists_public_notices_only(page, live_server):
    officer = UserFactory(ishikari_officer=True)
    public = sent(officer, title="石狩の移住支援制度のお知らせ", public=True)
    sent(officer, title="管内限りの事務連絡")
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": live_server.url}])
    page.goto(f"{live_server.url}/casebook/notices/")
    expect(page.locator("main")).to_contain_text(public.title)
    expect(page.locator("main")).not_to_contain_text("管内限りの事務連絡")
    assert_accessible(page, "public notices")
    with page.expect_navigation():
        page.get_by_role("link", name=public.title).click()
    expect(page.locator("h1")).to_have_text(public.title)
    assert_accessible(page, "a public notice")
