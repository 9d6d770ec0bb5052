"""The sender's collation of a survey in the admin (照会・調査, #19 point 3): every submitted
answer in one table with a summary and a chart of each question, each table question's rows
from every respondent, the downloads (.xlsx, CSV) and, for HQ, the roll-up by bureau.

A mixin of the survey's admin: the pages take the survey through the admin's own
``get_object``, so they are scoped exactly as the survey is (its sending bureau's officers
and HQ; a bureau reading HQ's survey; anything else 404), and its targets through
``responses_in_view``, so a reading bureau's collation and downloads hold only its own
municipalities. The roll-up by bureau is the sender's and HQ's alone: it compares bureaus,
and a reading bureau's one row is already the matrix's counts. The bureau filter uses the
response matrix's parameter (``bureau``), so links between the pages keep it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.charts import Bar, fluid_bar_chart_svg
from portal.japanese import wareki

from ..exports import survey_collation as exports
from ..models import ResponseStatus
from ..models.survey_questions import QuestionKind
from ..permissions import surveys as survey_perms
from ..selectors import survey_collation as collation_selectors
from ..selectors import surveys as survey_selectors
from .common import ACTION_PAGE

CHARTED = collation_selectors.CHOICE_COUNTED


def _number(value) -> str:
    return f"{value:,}"


def _display(question, value, table_url: str) -> dict:
    """One cell of the collation table as the page shows it: text, and a link for a table."""
    if value is None:
        return {"text": "—", "url": ""}
    kind = question.kind
    if kind == QuestionKind.TABLE:
        count = len(value)
        return {"text": ngettext("%(n)s row", "%(n)s rows", count) % {"n": count}, "url": table_url}
    if kind == QuestionKind.FILE:
        return {"text": ngettext("%(n)s file", "%(n)s files", value) % {"n": value}, "url": ""}
    if kind == QuestionKind.YES_NO:
        return {"text": _("Yes") if value else _("No"), "url": ""}
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return {"text": "、".join(value), "url": ""}
    if kind == QuestionKind.NUMBER:
        unit = f" {question.unit}" if question.unit else ""
        return {"text": f"{_number(value)}{unit}", "url": ""}
    if kind == QuestionKind.DATE:
        return {"text": wareki(value), "url": ""}
    return {"text": value, "url": ""}


def _chart(summary):
    answered = summary.answered or 1
    return fluid_bar_chart_svg(
        chart_id=f"chart-q{summary.question.pk}",
        title=_("Question %(number)s: %(text)s")
        % {"number": summary.number, "text": summary.question.text},
        description=_(
            "Horizontal bars, one for each choice in the order of the table beside it, which "
            "gives the same figures."
        ),
        bars=[
            Bar(str(label), count, f"{count}（{round(count * 100 / answered)}%）")
            for label, count in summary.counts
        ],
    )


class SurveyCollationAdminMixin:
    """Pages and downloads of a survey's collation; the admin lists ``collation_urls()``."""

    def collation_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/collation/",
                wrap(self.collation_view),
                name="casebook_survey_collation",
            ),
            path(
                "<int:pk>/collation/tables/<int:question_pk>/",
                wrap(self.collation_table_view),
                name="casebook_survey_collation_table",
            ),
            path(
                "<int:pk>/collation/download.xlsx",
                wrap(self.collation_xlsx_view),
                name="casebook_survey_collation_xlsx",
            ),
            path(
                "<int:pk>/collation/download.csv",
                wrap(self.collation_csv_view),
                name="casebook_survey_collation_csv",
            ),
            path(
                "<int:pk>/collation/tables/<int:question_pk>/download.csv",
                wrap(self.collation_table_csv_view),
                name="casebook_survey_collation_table_csv",
            ),
            path(
                "<int:pk>/rollup/",
                wrap(self.rollup_view),
                name="casebook_survey_rollup",
            ),
        ]

    # -- reading ---------------------------------------------------------------------------

    def _collated(self, request, pk):
        """The survey (outside scope: 404), its collation for the bureau chosen, the bureaus
        the targets belong to, the chosen one and the targets the user sees."""
        survey = self.get_object(request, str(pk))
        targets = survey_selectors.responses_in_view(request.user, survey)
        bureaus = survey_selectors.matrix_bureaus(survey, responses=targets)
        raw = request.GET.get("bureau", "")
        chosen = next((b for b in bureaus if str(b.pk) == raw), None)
        collation = collation_selectors.collate(
            survey, bureau_id=chosen.pk if chosen else None, responses=targets
        )
        return collation, bureaus, chosen, targets

    def _table_question(self, collation, question_pk):
        for question in collation.questions:
            if question.pk == question_pk and question.kind == QuestionKind.TABLE:
                return question
        raise Http404

    def _page(self, request, survey, title, **context):
        return {
            **self.admin_site.each_context(request),
            **ACTION_PAGE,
            "opts": self.model._meta,
            "object": survey,
            "object_url": reverse("admin:casebook_survey_change", args=[survey.pk]),
            "title": title,
            "survey": survey,
            **context,
        }

    @staticmethod
    def _query(chosen) -> str:
        return f"?{urlencode({'bureau': chosen.pk})}" if chosen else ""

    def _links(self, survey, chosen) -> dict:
        query = self._query(chosen)
        args = [survey.pk]
        return {
            "matrix": reverse("admin:casebook_survey_responses", args=args) + query,
            "collation": reverse("admin:casebook_survey_collation", args=args) + query,
            "rollup": reverse("admin:casebook_survey_rollup", args=args),
            "xlsx": reverse("admin:casebook_survey_collation_xlsx", args=args) + query,
            "csv": reverse("admin:casebook_survey_collation_csv", args=args) + query,
        }

    # -- pages -----------------------------------------------------------------------------

    def collation_view(self, request, pk):
        """Every submitted answer in one table, then each question's summary and chart."""
        collation, bureaus, chosen, targets = self._collated(request, pk)
        survey = collation.survey
        query = self._query(chosen)
        table_urls = {
            q.pk: reverse("admin:casebook_survey_collation_table", args=[survey.pk, q.pk]) + query
            for q in collation.questions
            if q.kind == QuestionKind.TABLE
        }
        rows = [
            {
                "respondent": row.respondent,
                "cells": [
                    _display(q, value, f"{table_urls.get(q.pk, '')}#r{row.respondent.response_id}")
                    for q, value in zip(collation.questions, row.cells, strict=True)
                ],
            }
            for row in collation.rows
        ]
        summaries = [
            {
                "summary": summary,
                "chart": _chart(summary) if summary.question.kind in CHARTED else None,
                "table_url": table_urls.get(summary.question.pk, ""),
            }
            for summary in collation.summaries
        ]
        context = self._page(
            request,
            survey,
            _("Collation of the answers"),
            collation=collation,
            rows=rows,
            summaries=summaries,
            bureaus=bureaus if len(bureaus) > 1 else [],
            chosen=chosen,
            counts=survey_selectors.response_counts(survey, responses=targets),
            links=self._links(survey, chosen),
            **self.reading_context(request, survey),
        )
        return render(request, "admin/casebook/survey/collation.html", context)

    def collation_table_view(self, request, pk, question_pk):
        """One table question: the rows of every respondent, and its columns' figures."""
        collation, _bureaus, chosen, _targets = self._collated(request, pk)
        question = self._table_question(collation, question_pk)
        number = collation.number_of(question)
        summary = collation.summaries[number - 1]
        survey = collation.survey
        query = self._query(chosen)
        context = self._page(
            request,
            survey,
            _("Question %(number)s: every row") % {"number": number},
            question=question,
            number=number,
            summary=summary,
            table_rows=[
                (who, row_number, list(zip(question.column_names, cells, strict=False)))
                for who, row_number, cells in collation.table_rows(question)
            ],
            chosen=chosen,
            links=self._links(survey, chosen),
            **self.reading_context(request, survey),
            csv_url=reverse(
                "admin:casebook_survey_collation_table_csv", args=[survey.pk, question.pk]
            )
            + query,
        )
        return render(request, "admin/casebook/survey/collation_table.html", context)

    def rollup_view(self, request, pk):
        """The targets by bureau and state, each figure a link to the filtered matrix."""
        survey = self.get_object(request, str(pk))  # outside scope: 404
        if not survey_perms.can_manage_survey(request.user, survey):
            raise Http404  # the sender's and HQ's: a reading bureau has the matrix's counts
        rows, total = collation_selectors.rollup_by_bureau(survey)
        matrix = reverse("admin:casebook_survey_responses", args=[survey.pk])

        def link(bureau_id, status="", late=""):
            query = {"bureau": bureau_id or "", "status": status, "late": late}
            return f"{matrix}?{urlencode({k: v for k, v in query.items() if v})}"

        lines = [
            {
                "row": row,
                "url": link(row.bureau_id) if row.bureau_id else "",
                "status_urls": {
                    s.value: link(row.bureau_id, s.value) if row.bureau_id else ""
                    for s in ResponseStatus
                },
                # The matrix's own filter of late answers (``late=1``).
                "late_url": link(row.bureau_id, late="1") if row.bureau_id else "",
            }
            for row in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            **ACTION_PAGE,
            "opts": self.model._meta,
            "object": survey,
            "object_url": reverse("admin:casebook_survey_change", args=[survey.pk]),
            "title": _("Roll-up by bureau"),
            "survey": survey,
            "lines": lines,
            "total": total,
            "matrix_url": matrix,
            "collation_url": reverse("admin:casebook_survey_collation", args=[survey.pk]),
        }
        return render(request, "admin/casebook/survey/collation_rollup.html", context)

    # -- downloads -------------------------------------------------------------------------

    def collation_xlsx_view(self, request, pk):
        collation, _bureaus, _chosen, _targets = self._collated(request, pk)
        return exports.collation_xlsx_response(collation)

    def collation_csv_view(self, request, pk):
        collation, _bureaus, _chosen, _targets = self._collated(request, pk)
        return exports.collation_csv_response(collation)

    def collation_table_csv_view(self, request, pk, question_pk):
        collation, _bureaus, _chosen, _targets = self._collated(request, pk)
        return exports.table_csv_response(collation, self._table_question(collation, question_pk))
