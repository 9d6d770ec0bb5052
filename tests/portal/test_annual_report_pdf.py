"""The annual report as a reader gets it: a tagged PDF with a highlights page (前年度比),
numbered charts with units, and tables that are not cut in two by a page break."""

import re

import pytest
from django.urls import reverse

from grants.services import review
from grants.services.applications import application_submit
from portal import regional
from portal.models import AnnualReport, Document, Region
from portal.services.documents import html_to_pdf
from portal.services.reports import year_on_year
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory
from tests.pdf_checks import assert_tagged, pdf_text, response_bytes

pytestmark = pytest.mark.django_db
YEAR = 2026  # 令和8年度


def _decide(year: int, amount: int, officer, staff) -> None:
    AllocationFactory(fiscal_year=year, amount=5_000_000)
    application = ApplicationFactory(call=CallFactory(fiscal_year=year), created_by=staff)
    application_submit(application=application, actor=staff)
    review.application_start_review(application=application, actor=officer)
    review.application_approve(application=application, actor=officer, amount=amount)


def _report_pdf(client, hq_user, capture) -> bytes:
    client.force_login(hq_user)
    with capture(execute=True):
        client.post(reverse("portal:annual_report"), {"fiscal_year": YEAR})
    assert AnnualReport.objects.get(fiscal_year=YEAR).status == "done"
    return response_bytes(client.get(reverse("portal:annual_report_pdf", args=[YEAR])))


def _highlights(text: str) -> str:
    start = text.index("主な動き（前年度比）")
    return text[start : text.index("全道の概要", start)]


def test_the_report_compares_with_last_year_numbers_its_charts_and_is_tagged(
    client,
    hq_user,
    ishikari_officer,
    sapporo_staff,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    typeset = _keep_typeset_documents(monkeypatch)
    _decide(YEAR - 1, 400_000, ishikari_officer, sapporo_staff)
    _decide(YEAR, 600_000, ishikari_officer, sapporo_staff)
    client.cookies["django_language"] = "en"  # the report is in Japanese whoever asks
    data = _report_pdf(client, hq_user, django_capture_on_commit_callbacks)
    report = AnnualReport.objects.get(fiscal_year=YEAR)
    assert report.steps_done == report.steps_total == 6 + 3
    progress = client.get(reverse("portal:annual_report") + f"?fiscal_year={YEAR}&format=json")
    assert progress.json() == {"status": "done", "steps_done": 9, "steps_total": 9}
    assert_tagged(data, title="令和8年度 市町村戦略支援 年次報告書")
    text = pdf_text(data)
    for words in (
        "年次報告書",
        "令和8年度",
        "道央広域連携地域",
        "石狩振興局",
        "札幌市",
        "600,000円",
    ):
        assert words in text, words
    # Generating it again with unchanged data reuses the document (one typesetting, not two).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:annual_report"), {"fiscal_year": YEAR})
    assert Document.objects.filter(kind="annual_report").count() == 1

    page = re.sub(r"\s+", "", _highlights(text))
    assert "令和7年度" in page
    # 交付決定額: 600,000円 against 400,000円 → +200,000円, +50.0%.
    assert "600,000円400,000円+200,000円+50.0%" in page
    # Nothing either year: no change, and no ratio from zero.
    assert "0件0件±0件—" in page

    charts = len([m for m in regional.measures() if m.chart]) * Region.objects.count()
    captions = re.findall(r"図(\d+)\s*(.+?)（単位：(.+?)）", text)
    assert [int(number) for number, _title, _unit in captions] == list(range(1, charts + 1))
    units = {re.sub(r"\s+", "", title).split("（令和")[0]: unit for _n, title, unit in captions}
    assert units["交付決定額"] == "円"  # not 「交付決定額（円）…（単位：円）」
    assert set(units.values()) <= {"円", "件", "人", "回"}
    assert "人" in units.values()

    # No table is cut by a page break, but the appendix (longer than a page) continues
    # with its header row repeated on every page.
    assert len(typeset) == 1  # generated twice, typeset once
    tables = _tables_by_page(typeset[0])
    split = {classes for classes, pages, _headers in tables.values() if len(pages) > 1}
    assert split == {"figures appendix"}
    for classes, _pages, headers in tables.values():
        if "appendix" in classes:
            assert all(headers)


def test_without_figures_for_the_previous_year_the_highlights_say_so():
    from django.template.loader import render_to_string

    current = regional.Figures()
    current.add("grants.committed", 600_000)
    charted = [m for m in regional.measures() if m.chart]
    html = render_to_string(
        "portal/pdf/annual_report.html",
        {
            "year": YEAR,
            "years": [YEAR],
            "highlights": year_on_year(charted, current, None),
        },
    )
    page = re.sub(r"\s+", "", _highlights(pdf_text(html_to_pdf(html))))
    assert "令和7年度のデータがないため、前年度との比較はできません" in page
    assert "600,000円—" in page
    assert "+" not in page and "−" not in page


def _keep_typeset_documents(monkeypatch) -> list:
    """The layouts WeasyPrint makes while the report is written, to read its page breaks
    from (typesetting the ~140 pages a second time for that cost a third of this test)."""
    from weasyprint import HTML

    kept = []
    render = HTML.render

    def keep(self, *args, **kwargs):
        kept.append(render(self, *args, **kwargs))
        return kept[-1]

    monkeypatch.setattr(HTML, "render", keep)
    return kept


def _tables_by_page(document) -> dict:
    """Each table element of the typeset report → (its classes, the pages it is on, whether
    each of its pieces starts with the header row)."""
    from weasyprint.formatting_structure import boxes

    found: dict = {}

    def walk(box, page_number):
        if isinstance(box, boxes.TableBox):
            entry = found.setdefault(id(box.element), [box.element.get("class", ""), [], []])
            entry[1].append(page_number)
            groups = [c for c in box.children if isinstance(c, boxes.TableRowGroupBox)]
            entry[2].append(bool(groups) and groups[0].is_header)
        for child in getattr(box, "children", ()):
            walk(child, page_number)

    for number, page in enumerate(document.pages, start=1):
        walk(page._page_box, number)
    return found


def test_year_on_year_figures():
    count = regional.Measure("t.count", "money", "件数")
    money = regional.Measure("t.yen", "money", "額", unit="yen")
    people = regional.Measure("t.people", "people", "人数", counter="人")
    now, before = regional.Figures(), regional.Figures()
    for key, value in (("t.count", 3), ("t.yen", 150), ("t.people", 0)):
        now.add(key, value)
    for key, value in (("t.count", 4), ("t.yen", 0), ("t.people", 0)):
        before.add(key, value)
    rows = year_on_year([count, money, people], now, before)["rows"]
    assert [(r["current"], r["previous"], r["change"], r["ratio"]) for r in rows] == [
        ("3件", "4件", "−1件", "−25.0%"),
        ("150円", "0円", "+150円", "—"),  # no ratio from zero
        ("0人", "0人", "±0人", "—"),
    ]
    missing = year_on_year([count], now, None)
    assert missing["has_previous"] is False
    assert (missing["rows"][0]["previous"], missing["rows"][0]["change"]) == ("—", "—")
