"""The annual report: requested by HQ, built by a task in steps (progress on its page);
unchanged data gives the same HTML, hence the same document: the file is reused."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from .. import permissions, regional
from ..charts import Bar, bar_chart_svg
from ..japanese import nendo, yen
from ..models import AnnualReport, Document, Municipality, Region
from ..queue import enqueue
from ..selectors import strategy_progress
from .documents import document_render, document_request

logger = logging.getLogger(__name__)
TREND_YEARS = 5
UNIT_LABELS = {"yen": "円", "hours": "時間", "days": "日", "percent": "%"}


def annual_report_request(*, fiscal_year: int, actor) -> AnnualReport:
    """HQ asks for the report of a 年度; a build already under way is not started twice."""
    if not permissions.is_hq(actor):
        raise PermissionDenied
    with transaction.atomic():
        report, _created = AnnualReport.objects.select_for_update().get_or_create(
            fiscal_year=fiscal_year
        )
        if (
            report.status in (AnnualReport.Status.PENDING, AnnualReport.Status.RUNNING)
            and report.requested_at is not None
        ):
            return report
        report.status = AnnualReport.Status.PENDING
        report.steps_done = 0
        report.error = ""
        report.requested_by = actor
        report.requested_at = timezone.now()
        report.save()
        enqueue("portal.tasks.build_annual_report", report.pk)
    return report


def _step(report_id: int) -> None:
    AnnualReport.objects.filter(pk=report_id).update(steps_done=F("steps_done") + 1)


def _format(measure, value) -> str:
    if value is None:
        return "—"
    if measure.unit == "yen":
        return yen(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def unit_label(measure) -> str:
    """The unit a chart's caption states: 円, 日, 時間, % or the counter word (件, 人, 回)."""
    return UNIT_LABELS.get(measure.unit) or measure.counter


def _number(value) -> str:
    return f"{value:,}" if float(value).is_integer() else f"{value:,.1f}"


def _signed(value, unit: str) -> str:
    """+3件, −200,000円 (a true minus sign), ±0件."""
    if value == 0:
        return f"±0{unit}"
    sign = "+" if value > 0 else "−"
    return f"{sign}{_number(abs(value))}{unit}"


def year_on_year(measures, current, previous) -> dict:
    """The highlights: each measure this 年度 and the last, the change and the ratio
    (前年度比). ``previous`` is None when the previous 年度 has no figures at all (the
    portal's first year, say): the page then says so, instead of showing growth from zero.
    A ratio needs a previous value above zero; otherwise it reads 「—」."""
    rows = []
    for measure in measures:
        unit = unit_label(measure)
        now = current.get(measure)
        before = previous.get(measure) if previous is not None else None
        row = {
            "label": measure.label,
            "current": "—" if now is None else f"{_number(now)}{unit}",
            "previous": "—" if before is None else f"{_number(before)}{unit}",
            "change": "—",
            "ratio": "—",
        }
        if now is not None and before is not None:
            row["change"] = _signed(round(now - before, 1), unit)
            if before:
                row["ratio"] = _signed(round((now - before) * 100 / before, 1), "%")
        rows.append(row)
    return {"rows": rows, "has_previous": previous is not None}


def _rows(measures, figures):
    return [
        {"label": m.label, "pillar": m.pillar, "value": _format(m, figures.get(m))}
        for m in measures
    ]


def _pillars(measures, figures):
    """The rows of one place in a table per pillar: each fits on a page, so none is split."""
    rows = _rows(measures, figures)
    return [
        {"title": title, "rows": [row for row in rows if row["pillar"] == pillar]}
        for pillar, title in regional.PILLAR_TITLES.items()
        if any(row["pillar"] == pillar for row in rows)
    ]


def _strategies(region, year) -> dict:
    """The region's 効果検証 for the chapter: a line per strategy covering the 年度, and the
    regional policy's measures (the same selector as the progress page)."""
    progress = strategy_progress.region_progress(region, year)
    municipal = [summary.row for summary in strategy_progress.municipal_rows(region, year)]
    rows = municipal + strategy_progress.strategy_rows(progress)
    return {"rows": rows, "regional": progress.measures}


def annual_report_build(*, report_id: int) -> bool:
    """Build the report in steps: figures, one chapter per region, the appendix, the PDF.
    In Japanese whoever asked: captions and labels are written into the document."""
    with translation.override("ja"):
        return _build(report_id)


def _build(report_id: int) -> bool:
    report = AnnualReport.objects.filter(pk=report_id).first()
    if report is None or report.status == AnnualReport.Status.DONE:
        return False
    regions = list(Region.objects.prefetch_related("bureaus"))
    AnnualReport.objects.filter(pk=report_id).update(
        status=AnnualReport.Status.RUNNING, steps_done=0, steps_total=len(regions) + 3
    )
    try:
        year = report.fiscal_year
        years = list(range(year - TREND_YEARS + 1, year + 1))
        municipalities = list(Municipality.objects.select_related("bureau__region"))
        table = regional.compute(years, municipalities)
        measures = regional.measures()
        charted = [m for m in measures if m.chart]
        previous = table.for_all(year - 1)
        highlights = year_on_year(
            charted, table.for_all(year), previous if previous.values else None
        )
        _step(report_id)
        chapters = []
        figure_number = 0  # 図1, 図2 … numbered through the whole report
        for region in regions:
            bureaus = list(region.bureaus.all())
            members = [m for m in municipalities if m.bureau.region_id == region.pk]
            charts = []
            for m in charted:
                figure_number += 1
                # 「交付決定額（円）」 reads 「交付決定額」: the caption states the unit once.
                name = str(m.label).removesuffix(f"（{unit_label(m)}）")
                caption = f"図{figure_number}　{name}（{nendo(year)}、振興局別）"
                charts.append(
                    {
                        "caption": caption,
                        "unit": unit_label(m),
                        "svg": bar_chart_svg(
                            chart_id=f"fig{figure_number}",
                            title=caption,
                            description=f"単位：{unit_label(m)}",
                            bars=[
                                Bar(
                                    b.name,
                                    int(table.for_bureau(b.pk, year).get(m) or 0),
                                    _format(m, table.for_bureau(b.pk, year).get(m)),
                                )
                                for b in bureaus
                            ],
                        ),
                    }
                )
            chapters.append(
                {
                    "region": region,
                    "summary": _pillars(measures, table.for_region(region.pk, year)),
                    "bureaus": [
                        {"bureau": b, "pillars": _pillars(measures, table.for_bureau(b.pk, year))}
                        for b in bureaus
                    ],
                    "municipalities": [
                        {
                            "municipality": m,
                            "rows": _rows(measures, table.for_municipality(m.code, year)),
                        }
                        for m in members
                    ],
                    "charts": charts,
                    "strategies": _strategies(region, year),
                }
            )
            _step(report_id)
        trend = [
            {
                "title": title,
                "rows": [
                    {
                        "label": m.label,
                        "values": [_format(m, table.for_all(y).get(m)) for y in years],
                    }
                    for m in measures
                    if m.pillar == pillar
                ],
            }
            for pillar, title in regional.PILLAR_TITLES.items()
        ]
        _step(report_id)
        document = document_request(
            owner=report,
            kind="annual_report",
            title=f"{nendo(year)} 市町村戦略支援 年次報告書",
            template_name="portal/pdf/annual_report.html",
            context={
                "year": year,
                "years": years,
                "measures": measures,
                "chapters": chapters,
                "trend": trend,
                "highlights": highlights,
                "summary": _pillars(measures, table.for_all(year)),
            },
        )
        if document.status != Document.Status.DONE:
            document_render(document_id=document.pk)
            document.refresh_from_db()
        if document.status != Document.Status.DONE:
            raise RuntimeError(document.error or "the PDF could not be typeset")
        _step(report_id)
        AnnualReport.objects.filter(pk=report_id).update(
            status=AnnualReport.Status.DONE, document=document, finished_at=timezone.now()
        )
    except Exception as exc:
        logger.exception("annual report %s failed", report_id)
        AnnualReport.objects.filter(pk=report_id).update(
            status=AnnualReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    return True
