"""「Excelで出力」 on the admin lists: the list as the officer sees it, read back with openpyxl
(Japanese headers, 和暦 dates, yen as numbers with a yen format, a frozen header row, text
that would run as a formula neutralised), with the list's filters and the officer's scope."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.excel.workbooks import YEN_FORMAT, Sheet, workbook_bytes
from tests.dispatch.factories import PersonFactory
from tests.dispatch.test_kyoryokutai_factories import make_volunteer, staff_of
from tests.factories import UserFactory, bureau
from tests.grants.factories import AllocationFactory

pytestmark = pytest.mark.django_db

ALLOCATIONS = reverse("admin:grants_allocation_changelist")
ALLOCATIONS_XLSX = reverse("admin:grants_allocation_excel_export")


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _values(ws) -> list[list]:
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_the_list_page_offers_the_export_with_its_query(client, hq_user):
    client.force_login(hq_user)
    response = client.get(ALLOCATIONS, {"fiscal_year": "2026", "p": "2"})
    html = response.content.decode()
    # 「Excelで出力」 (the label's translation is merged into the catalogue with the branch)
    assert f'<a href="{ALLOCATIONS_XLSX}?fiscal_year=2026" class="excel-export">' in html


def test_allocations_export_has_japanese_headers_yen_numbers_and_a_frozen_header(client, hq_user):
    AllocationFactory(amount=30_000_000)
    client.force_login(hq_user)
    ws = _sheet(client.get(ALLOCATIONS_XLSX))
    header = [cell.value for cell in ws[1]]
    assert header[:3] == ["振興局", "年度", "配当額"]
    assert ws.freeze_panes == "A2"
    assert ws["B2"].value == "令和8年度"
    assert ws["C2"].value == 30_000_000
    assert ws["C2"].number_format == YEN_FORMAT
    assert ws.column_dimensions["A"].width >= 10


def test_export_keeps_the_lists_filter(client, hq_user):
    AllocationFactory(fiscal_year=2025, amount=1_000)
    AllocationFactory(fiscal_year=2026, amount=2_000)
    client.force_login(hq_user)
    ws = _sheet(client.get(ALLOCATIONS_XLSX, {"fiscal_year": "2025"}))
    rows = _values(ws)[1:]
    assert [row[2] for row in rows] == [1_000]


def test_export_holds_only_the_officers_bureau(client, ishikari_officer):
    AllocationFactory(bureau=bureau("ishikari"), amount=1_000)
    AllocationFactory(bureau=bureau("oshima"), amount=2_000)
    client.force_login(ishikari_officer)
    rows = _values(_sheet(client.get(ALLOCATIONS_XLSX)))[1:]
    assert [row[0] for row in rows] == ["石狩振興局"]


def test_export_keeps_the_search(client, hq_user):
    PersonFactory(name="検索される人")
    PersonFactory(name="ほかの人")
    client.force_login(hq_user)
    url = reverse("admin:dispatch_person_excel_export")
    rows = _values(_sheet(client.get(url, {"q": "検索"})))[1:]
    assert [row[0] for row in rows] == ["検索される人"]


def test_text_that_would_run_as_a_formula_is_neutralised(client, hq_user):
    PersonFactory(name="=SUM(1)", organisation="+81-11-231-4111")
    client.force_login(hq_user)
    ws = _sheet(client.get(reverse("admin:dispatch_person_excel_export")))
    assert ws["A2"].value == "'=SUM(1)"
    assert ws["A2"].data_type == "s"
    assert ws["C2"].value == "'+81-11-231-4111"


def test_dates_are_written_in_wareki(client):
    staff = staff_of("011002")
    make_volunteer(staff, state="commissioned", term_start=dt.date(2026, 4, 1))
    officer = UserFactory(ishikari_officer=True)
    client.force_login(officer)
    ws = _sheet(client.get(reverse("admin:dispatch_volunteer_excel_export")))
    row = [cell.value for cell in ws[2]]
    assert "令和8年4月1日" in row


def test_an_officer_of_another_bureau_exports_none_of_the_register(client, oshima_officer):
    make_volunteer(staff_of("011002"), state="commissioned")
    client.force_login(oshima_officer)
    rows = _values(_sheet(client.get(reverse("admin:dispatch_volunteer_excel_export"))))
    assert rows[1:] == []


def test_people_without_the_admin_cannot_export(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(ALLOCATIONS_XLSX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    staff_without_role = UserFactory(is_staff=True)
    client.force_login(staff_without_role)
    assert client.get(ALLOCATIONS_XLSX).status_code == 403


def test_a_staff_member_without_view_permission_gets_403(client, ishikari_officer):
    # The user list is HQ's: a bureau officer may not view it, nor export it.
    client.force_login(ishikari_officer)
    assert client.get(reverse("admin:portal_user_changelist")).status_code == 403
    assert client.get(reverse("admin:portal_user_excel_export")).status_code == 403


def test_bad_filters_come_back_to_the_list_not_a_500(client, hq_user):
    client.force_login(hq_user)
    response = client.get(ALLOCATIONS_XLSX, {"fiscal_year": "abc"})
    assert response.status_code == 302
    assert response["Location"].startswith(ALLOCATIONS)


def test_export_query_count_does_not_grow_with_rows(client, hq_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hq_user)
    AllocationFactory(fiscal_year=2024)
    with CaptureQueriesContext(connection) as few:
        client.get(ALLOCATIONS_XLSX)
    for year in range(2010, 2020):
        AllocationFactory(fiscal_year=year)
    with CaptureQueriesContext(connection) as many:
        response = client.get(ALLOCATIONS_XLSX)
    assert len(_values(_sheet(response))) == 12
    assert len(many) == len(few)


def test_workbook_writer_neutralises_headers_and_cells_and_keeps_numbers():
    content = workbook_bytes(
        [Sheet("t", ["=H", "金額"], [["@x", -5], ["-1+2", "1,234円"]], frozenset({1}))]
    )
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert _values(ws) == [["'=H", "金額"], ["'@x", -5], ["'-1+2", 1234]]
    assert ws["B3"].number_format == YEN_FORMAT
