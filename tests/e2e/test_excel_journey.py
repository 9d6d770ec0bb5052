"""Excel in the admin, in Chromium: a bureau officer downloads the register's template,
uploads a sheet with one wrong row (the preview shows it, nothing is saved), uploads it
corrected, saves, and exports the list. axe checks the import pages, in the Japanese UI."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from dispatch.models import Volunteer
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_dispatch_journey import click
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

HEADERS = ["市町村", "氏名", "委嘱日", "任期の開始日", "任期の終了日"]


def _sheet(*rows) -> dict:
    workbook = Workbook()
    for row in (HEADERS, *rows):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        "name": "register.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def _read(download):
    # Playwright names its downloads without an extension, which openpyxl refuses.
    with open(download.path(), "rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_officer_imports_the_register_and_exports_it(page, live_server):
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/dispatch/volunteer/")
    click(page, "link", "Excelから取り込む")
    assert_accessible(page, "upload page")

    with page.expect_download() as download:
        page.get_by_role("link", name="ひな形をダウンロード（.xlsx）").click()
    template = _read(download.value).worksheets[0]
    assert template["A1"].value and template.freeze_panes == "A2"

    sapporo = ["札幌市", "札幌 一郎", "2026-04-01", "2026-04-01", "2029-03-31"]
    hakodate = ["函館市", "函館 二郎", "2026-04-01", "2026-04-01", "2029-03-31"]
    page.set_input_files("#id_file", _sheet(sapporo, hakodate))
    click(page, "button", "ファイルを確認する")
    expect(page).to_have_title(re.compile(r"^エラー"))
    assert "3 行目・市町村" in page.locator("#excel-preview").inner_text()
    assert page.get_by_role("button", name="この内容で保存する").count() == 0
    assert_accessible(page, "preview with errors")
    assert Volunteer.objects.count() == 0

    page.set_input_files("#id_file", _sheet(sapporo))
    click(page, "button", "ファイルを確認する")
    assert_accessible(page, "preview")
    click(page, "button", "この内容で保存する")
    assert page.url.endswith("/admin/dispatch/volunteer/")
    assert "1 行を取り込みました" in page.locator(".messagelist").inner_text()
    assert Volunteer.objects.get().name == "札幌 一郎"

    with page.expect_download() as download:
        page.get_by_role("link", name="Excelで出力").click()
    exported = _read(download.value).worksheets[0]
    assert exported["A2"].value == "札幌 一郎"
