"""Read-only pieces of the application page: the diff between submissions, the reviewers'
scores, the history's labels and a change request's proposed budget."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from portal.japanese import yen

from ..models import Application, ChangeRequest, CostCategory
from ..workflows.applications import APPLICATION_WORKFLOW

DIFF_EXTRA_LABELS = {
    "budget_lines": _("Budget lines"),
    "attachments": _("Attachments"),
}


def _field_label(name: str):
    try:
        return Application._meta.get_field(name).verbose_name
    except (FieldDoesNotExist, AttributeError):
        return name


def _diff_lines(key, value) -> list[str]:
    if value in (None, "", []):
        return []
    if key == "budget_lines":
        return [
            f"{line.get('cost_category', '')} {line.get('description', '')} "
            f"{yen(line.get('amount'))}"
            for line in value
        ]
    if isinstance(value, list):
        return [str(v) for v in value]
    if key == "requested_amount":
        return [yen(value)]
    return [str(value)]


def revision_diff(application: Application) -> dict | None:
    """What changed between the two latest submissions (after a 差戻し and resubmission)."""
    latest = list(application.revisions.order_by("-number")[:2])
    if len(latest) < 2:
        return None
    new, old = latest
    rows = []
    for key in dict.fromkeys([*old.data, *new.data]):
        before, after_ = old.data.get(key), new.data.get(key)
        if before == after_:
            continue
        label = DIFF_EXTRA_LABELS.get(key) or _field_label(key)
        old_lines, new_lines = _diff_lines(key, before), _diff_lines(key, after_)
        rows.append(
            {
                "label": label,
                "before": [(text, text not in new_lines) for text in old_lines],
                "after": [(text, text not in old_lines) for text in new_lines],
            }
        )
    return {"old": old, "new": new, "rows": rows}


def _percent(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def review_scores(application: Application) -> dict:
    """Each reviewer's scores and weighted score: Σ(score × weight) / Σ(max × weight) × 100;
    the average is taken over reviewers who scored every criterion."""
    criteria = list(application.call.criteria.all())
    possible = sum(c.weight * c.max_score for c in criteria)
    rows, complete = [], []
    assignments = application.reviewer_assignments.select_related("reviewer").prefetch_related(
        "scores"
    )
    for assignment in assignments.order_by("assigned_at", "pk"):
        scores = {s.criterion_id: s for s in assignment.scores.all()}
        done = bool(criteria) and all(c.pk in scores for c in criteria)
        weighted = None
        if done and possible:
            total = sum(scores[c.pk].score * c.weight for c in criteria)
            weighted = Decimal(total * 100) / Decimal(possible)
            complete.append(weighted)
        rows.append(
            {
                "assignment": assignment,
                "cells": [scores.get(c.pk) for c in criteria],
                "weighted": _percent(weighted) if weighted is not None else None,
                "scored": len(scores),
            }
        )
    average = _percent(sum(complete) / len(complete)) if complete else None
    return {"criteria": criteria, "rows": rows, "average": average, "complete": len(complete)}


class TimelineLabels:
    """Labels for the history: the workflow's, plus audit actions outside the table."""

    EXTRA = {
        "create": _("Draft started"),
        "declare_no_conflict": _("No conflict of interest declared"),
        "score": _("Scores recorded"),
        "recommend": _("Recommended amount set"),
        "advance_payment": _("Advance payment (概算払) recorded"),
        "refund": _("Refund (返還) recorded"),
        "partner_confirm": _("Participation confirmed by a partner municipality"),
        "remove_reviewer": _("Reviewer removed"),
    }

    def label_for(self, action, *, applicant=False):
        if action in self.EXTRA:
            return self.EXTRA[action]
        return APPLICATION_WORKFLOW.label_for(action, applicant=applicant)


def change_lines(change: ChangeRequest) -> list[dict]:
    """The budget a change request proposes, with cost category names for its ids."""
    names = {str(c.pk): c.name for c in CostCategory.objects.all()}
    return [
        {
            "category": names.get(str(line.get("cost_category")), ""),
            "description": line.get("description", ""),
            "amount": line.get("amount"),
        }
        for line in change.new_budget or []
        if isinstance(line, dict)
    ]
