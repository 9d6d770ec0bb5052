"""The dashboard's tables as an .xlsx workbook: the same filters and the officer's scope."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.excel.workbooks import YEN_FORMAT
from tests.factories import bureau
from tests.grants.factories import AllocationFactory
from tests.grants.test_dashboard import grants, ishikari_call, make, oshima_call  # noqa: F401

pytestmark = pytest.mark.django_db

XLSX = reverse("grants:export_xlsx")


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def _rows(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_the_dashboard_links_the_workbook_with_its_filters(client, ishikari_officer):
    client.force_login(ishikari_officer)
    html = client.get(reverse("grants:dashboard"), {"fiscal_year": "2026"}).content.decode()
    assert f'href="{XLSX}?fiscal_year=2026"' in html


def test_an_officer_gets_the_bureaus_tables_only(client, ishikari_officer, grants):  # noqa: F811
    AllocationFactory(bureau=bureau("ishikari"), fiscal_year=2026, amount=5_000_000)
    client.force_login(ishikari_officer)
    book = _workbook(client.get(XLSX, {"fiscal_year": "2026"}))
    allocation, by_status, by_municipality = book.worksheets
    assert [row[0] for row in _rows(allocation)[1:]] == ["石狩振興局"]
    assert allocation["B2"].value == 5_000_000
    assert allocation["B2"].number_format == YEN_FORMAT
    assert allocation.freeze_panes == "A2"
    assert [row[0] for row in _rows(by_municipality)[1:]] == ["札幌市", "江別市"]
    assert _rows(by_status)[-1][1:] == [3, 1_700_000, 1_000_000]
    assert by_status["D2"].number_format == YEN_FORMAT
    assert "函館" not in str([_rows(ws) for ws in book.worksheets])


def test_the_filters_apply_to_the_workbook(client, hq_user, grants):  # noqa: F811
    client.force_login(hq_user)
    book = _workbook(client.get(XLSX, {"fiscal_year": "2026", "bureau": "oshima"}))
    assert [row[0] for row in _rows(book.worksheets[2])[1:]] == ["函館市"]


@pytest.mark.parametrize("who", ["sapporo_staff", "advisor", "newcomer"])
def test_others_get_404(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(XLSX).status_code == 404
