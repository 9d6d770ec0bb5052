"""The annual report's 効果検証 section per region (#21 point 4), read back from the PDF:
one small typesetting of a single chapter built by the same selector as the progress page."""

import re

from django.template.loader import render_to_string

from grants.models.applications import Status
from portal.models import Region
from portal.services.documents import html_to_pdf
from portal.services.reports import _strategies
from tests.grants.factories import ApplicationFactory
from tests.pdf_checks import pdf_text

from .strategies import build, region_of


def test_the_regions_chapter_lists_its_strategies_with_achievement_and_grants(
    sapporo_staff, ishikari_officer
):
    _s, _g, measure, _k = build(sapporo_staff, publish=True)  # 2025: target 5, result 4
    application = ApplicationFactory(
        created_by=sapporo_staff, status=Status.APPROVED, approved_amount=500_000, fiscal_year=2025
    )
    application.measures.add(measure)
    region = Region.objects.get(pk=region_of(ishikari_officer).pk)
    chapter = {
        "region": region,
        "summary": [],
        "bureaus": [],
        "municipalities": [],
        "charts": [],
        "strategies": _strategies(region, 2025),
    }
    html = render_to_string(
        "portal/pdf/annual_report.html",
        {"year": 2025, "years": [2025], "chapters": [chapter], "measures": []},
    )
    text = re.sub(r"\s+", "", pdf_text(html_to_pdf(html)))
    assert "戦略の効果検証" in text
    assert "第2期まち・ひと・しごと創生総合戦略" in text
    assert "0／1" in text  # 80%: one KPI with a rate, not reached
    assert "500,000円" in text
