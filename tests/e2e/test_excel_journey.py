"""Excel in the admin, in Chromium: a bureau officer downloads the register's template,
uploads a sheet with one wrong row (the preview shows it, nothing is saved), uploads it
corrected, saves, and exports the list. axe checks the import pages (English UI, so the test
does not depend on the Japanese catalogue)."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from dispatch.models import Volunteer
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_dispatch_journey import click, sign_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

HEADERS = ["municipality", "Full name", "commissioned on", "term starts", "term ends"]


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


def test_officer_imports_the_register_and_exports_it(page, live_server):
    officer = UserFactory(ishikari_officer=True, email="officer@example.jp")
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/dispatch/volunteer/")
    click(page, "link", "Import from Excel")
    assert_accessible(page, "upload page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template (.xlsx)").click()
    template = _read(download.value).worksheets[0]
    assert template["A1"].value and template.freeze_panes == "A2"

    sapporo = ["札幌市", "札幌 一郎", "2026-04-01", "2026-04-01", "2029-03-31"]
    hakodate = ["函館市", "函館 二郎", "2026-04-01", "2026-04-01", "2029-03-31"]
    page.set_input_files("#id_file", _sheet(sapporo, hakodate))
    click(page, "button", "Check the file")
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert "Row 3, municipality" in page.locator("#excel-preview").inner_text()
    assert page.get_by_role("button", name="Save these rows").count() == 0
    assert_accessible(page, "preview with errors")
    assert Volunteer.objects.count() == 0

    page.set_input_files("#id_file", _sheet(sapporo))
    click(page, "button", "Check the file")
    assert_accessible(page, "preview")
    click(page, "button", "Save these rows")
    assert page.url.endswith("/admin/dispatch/volunteer/")
    assert "1 rows were imported" in page.locator(".messagelist").inner_text()
    assert Volunteer.objects.get().name == "札幌 一郎"

    with page.expect_download() as download:
        page.get_by_role("link", name="Export to Excel").click()
    exported = _read(download.value).worksheets[0]
    assert exported["A2"].value == "札幌 一郎"
