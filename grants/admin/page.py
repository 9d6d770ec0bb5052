"""The application page's context: the diff between submissions, the reviewers' scores, the
history's labels, a change request's proposed budget, and the buttons (from the steps)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.japanese import yen
from portal.kessai import history_seen_by
from portal.models import AuditEvent
from portal.services.attachments import attachments_of

from ..models import Application, ChangeRequest, CostCategory
from ..models.applications import COMMITTED_STATUSES
from ..permissions import applications as permissions
from ..workflows.applications import APPLICATION_WORKFLOW
from .situation import Situation
from .steps import APPLICATION_ACTIONS

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


def page_context(request, application: Application) -> dict:
    """Everything the application page shows, with the buttons the user may press."""
    # The partners, fetched once: the page lists them and the predicate below reads them.
    prefetch_related_objects([application], "partners")
    situation = Situation(request.user, application)
    user, pk = request.user, application.pk
    actions = APPLICATION_ACTIONS
    moves = actions.moves(application, user)
    steps = {
        action.name: reverse(f"admin:{action.url_name}", args=[pk])
        for action in actions.available(application, user)
    }
    changes = []
    for change in application.change_requests.select_related("requested_by", "decided_by"):
        row = {"change": change}
        for name in ("changerequest_approve", "changerequest_reject"):
            if actions.allows(actions.get(name), application, user, change, moves=moves):
                row[name] = reverse(f"admin:grants_application_{name}", args=[pk, change.pk])
        changes.append(row)
    scores = review_scores(application)
    remove = actions.get("remove_reviewer")
    for row in scores["rows"]:
        if actions.allows(remove, application, user, row["assignment"], moves=moves):
            row["remove_url"] = reverse(f"admin:{remove.url_name}", args=[pk, row["assignment"].pk])
    confirmations = {
        c.municipality_id: c
        for c in application.partner_confirmations.select_related("confirmed_by")
    }
    return {
        "situation": situation,
        # Read only, like HQ: no step is offered (Situation.reviewer is false) and each
        # refuses with 403; the page says why.
        "read_as_partner": permissions.is_partner_bureau_officer(user, application),
        "steps": steps,
        "attachments": attachments_of(application),
        "partners": [
            {"municipality": m, "confirmation": confirmations.get(m.pk)}
            for m in application.partners.all()
        ],
        "diff": revision_diff(application),
        "scores": scores,
        "show_all_scores": portal_permissions.is_hq(user)
        or (application.lead_officer_id is not None and application.lead_officer_id == user.pk),
        "changes": changes,
        "after_decision": application.status in COMMITTED_STATUSES,
        "notices": application.notices.select_related("document"),
        "events": _events(user, application),
        "workflow": TimelineLabels(),
    }


def _events(user, application):
    """The history; an officer reads the bureau's own 決裁 stamps, not the municipality's."""
    return history_seen_by(user, AuditEvent.objects.for_object(application).select_related("actor"))
