"""Every CSV export of the portal, fetched through its URL by the role that may: text that
Excel would run as a formula (=, +, -, @, tab, carriage return at the start; OWASP CSV
injection) comes out with a leading apostrophe, and numbers, negative ones included, stay
numbers. One kernel writer (portal.exports) makes every file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import regional
from portal.exports import csv_response, safe_cell
from portal.models import Bureau, Municipality
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/","詳細")'
PLUS = "+81-11-231-4111"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
# Municipality names hold at most 20 characters (PostgreSQL enforces it).
AT_SHORT = "@SUM(1+1)*cmd|'!A0"
HYPERLINK_SHORT = '=HYPERLINK("//e.x")'

CR = "\r=1+1"


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))


def _row_with(rows, value):
    return next(row for row in rows if value in row)


# --- The kernel helper ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [HYPERLINK, PLUS, MINUS, AT, TAB, CR])
def test_text_starting_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-5, 0, 1_200_000, Decimal("-12.5"), -0.25, None, "札幌市", "R8-石狩-0001", ""]
)
def test_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value


def test_numbers_are_written_as_numbers():
    response = csv_response("t.csv", ["a", "b", "c"], [[-5, Decimal("-12.5"), "-5"]])
    assert response.content.decode("utf-8") == "\ufeffa,b,c\r\n-5,-12.5,'-5\r\n"


# --- casebook: the open-data CSV of case studies (anyone) ---------------------------------


def test_the_case_study_open_data_csv(client):
    from tests.casebook.factories import CaseStudyFactory

    CaseStudyFactory(published=True, title=HYPERLINK, summary=AT, budget_total=1_200_000)
    rows = _rows(client.get(reverse("casebook:export_csv")))
    header, row = rows[0], rows[1]
    assert row[header.index("title")] == "'" + HYPERLINK
    assert row[header.index("summary")] == "'" + AT
    assert row[header.index("budget_total")] == "1200000"
    assert row[header.index("municipality")] == "札幌市"


# --- casebook: the register of certified cooperatives (anyone) ----------------------------


def test_the_cooperative_register_csv(client, hq_user):
    from casebook.models import Cooperative
    from tests.casebook import cooperative_helpers as h

    cooperative, _application = h.certified(hq_user, name=MINUS)
    Cooperative.objects.filter(pk=cooperative.pk).update(address=TAB, representative=CR)
    rows = _rows(client.get(reverse("casebook:cooperative_register_export")))
    assert rows[1][:3] == ["'" + MINUS, "'" + TAB, "'" + CR]


# --- grants: the applications of the dashboard (bureau officer) ---------------------------


def test_the_grant_applications_csv(client, ishikari_officer):
    from tests.grants.factories import ApplicationFactory, CallFactory

    ApplicationFactory(
        call=CallFactory(),
        status="submitted",
        reference="R8-石狩-0001",
        title=PLUS,
        requested_amount=600_000,
        submitted_at=timezone.now(),
        attachments=False,
        budget=[("honorarium", "講師謝金", 100_000)],
    )
    Municipality.objects.filter(code="011002").update(name=AT_SHORT)
    client.force_login(ishikari_officer)
    year = ApplicationFactory._meta.model.objects.get().call.fiscal_year
    rows = _rows(client.get(reverse("grants:export_csv"), {"fiscal_year": year}))
    row = _row_with(rows, "R8-石狩-0001")
    assert row[1:3] == ["'" + AT_SHORT, "'" + PLUS]
    assert row[4] == "600000"


# --- grants: the matches of ほっかいどう応援団会議 (HQ) ---------------------------------


def test_the_furusato_matches_csv(client, hq_user, sapporo_staff):
    from grants.services import matching
    from tests.grants.support_factories import (
        CompanyFactory,
        InterestFactory,
        SupportProjectFactory,
    )

    interest = InterestFactory(
        project=SupportProjectFactory(title=HYPERLINK),
        company=CompanyFactory(name=AT),
        pledged_amount=2_000_000,
    )
    matching.interest_accept(interest=interest, actor=sapporo_staff)
    client.force_login(hq_user)
    rows = _rows(client.get(reverse("grants:furusato_report_csv")))
    assert rows[1][3] == "'" + HYPERLINK
    assert rows[1][6] == "'" + AT
    assert rows[1][8] == "2000000"


# --- dispatch: the yearly figures (officer, the advisor, the municipality) ----------------


@pytest.fixture
def dispatch_year(monkeypatch, sapporo_staff, ishikari_officer):
    """One confirmed visit of 2026-07-10 by an advisor whose name starts like a formula."""
    from tests.dispatch.factories import (
        PersonFactory,
        assigned_request,
        confirmed_report,
        held_session,
    )

    fixed = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    advisor = UserFactory(advisor=True)
    person = PersonFactory(
        user=advisor,
        name=HYPERLINK,
        kana="じょげん",
        skill_codes=["dx-strategy"],
        available=(dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
    )
    request = assigned_request(sapporo_staff, ishikari_officer, person)
    confirmed_report(held_session(request, ishikari_officer, person), advisor, sapporo_staff)
    return {"advisor": advisor, "person": person}


def test_the_dispatch_figures_csvs(client, dispatch_year, ishikari_officer, sapporo_staff):
    person = dispatch_year["person"]
    downloads = [
        (ishikari_officer, reverse("dispatch:figures_csv")),
        (dispatch_year["advisor"], reverse("dispatch:person_figures_csv", args=[person.pk])),
        (sapporo_staff, reverse("dispatch:municipality_figures_csv", args=["011002"])),
    ]
    for user, url in downloads:
        client.force_login(user)
        rows = _rows(client.get(url, {"fiscal_year": 2026}))
        row = _row_with(rows, "011002")
        assert row[3] == "'" + HYPERLINK, url
        assert row[5] == "1", url  # days: a number


# --- dispatch: the 協力隊 figures (HQ) ----------------------------------------------------


def test_the_kyoryokutai_figures_csv(client, hq_user):
    Bureau.objects.filter(code="ishikari").update(name=MINUS)
    client.force_login(hq_user)
    rows = _rows(client.get(reverse("dispatch:kyoryokutai_figures_csv")))
    row = _row_with(rows, "'" + MINUS)
    assert row[1] == "振興局"
    assert row[4] == "0"


# --- portal: the regional figures (HQ) ------------------------------------------------------


def test_the_regional_figures_csv_keeps_negative_numbers(client, hq_user, monkeypatch):
    change = regional.Measure("test.population_change", "people", "人口増減", order=999)

    def provider(years, codes):
        for year in years:
            yield change.key, year, "011002", -1_234

    monkeypatch.setitem(regional._measures, change.key, change)
    monkeypatch.setattr(regional, "_providers", [*regional._providers, provider])
    Municipality.objects.filter(code="011002").update(name=HYPERLINK_SHORT)
    client.force_login(hq_user)
    rows = _rows(client.get(reverse("portal:regional_export"), {"fiscal_year": 2026}))
    header, row = rows[0], _row_with(rows, "011002")
    assert row[4] == "'" + HYPERLINK_SHORT
    assert row[header.index("人口増減")] == "-1234"


# --- every export above goes through the kernel writer ------------------------------------


def test_no_export_writes_csv_by_itself():
    """A new export that writes CSV (or a workbook) itself, without the kernel, would skip the
    safety. The kernel's writers are portal/exports.py and the Excel package portal/excel/,
    which neutralises cells with the same exports.safe_cell."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ("portal", "grants", "dispatch", "casebook"):
        for path in (root / app).rglob("*.py"):
            if path.name == "exports.py" and path.parent.name == "portal":
                continue
            if path.parent == root / "portal" / "excel":
                continue
            text = path.read_text(encoding="utf-8")
            if any(s in text for s in ("csv.writer", "csv.DictWriter", "text/csv;", "openpyxl")):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
