"""After the decision: change requests and the performance report (額の確定 and payments
are in ``payments``)."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.pagecache import invalidate_on_commit
from portal.services.attachments import attachment_store
from portal.workflow import run_transition

from ..models import (
    Application,
    BudgetLine,
    ChangeRequest,
    CostCategory,
    Notice,
    PerformanceReport,
)
from ..workflows.applications import APPLICATION_WORKFLOW
from .common import applicant_only, notify_applicant, notify_bureau, reviewer_only
from .notices import notice_draft, notice_issue
from .review import check_against_allocation, report_due_for

ENDING_KINDS = (ChangeRequest.Kind.SUSPENSION, ChangeRequest.Kind.ABOLITION)


def change_request_submit(
    *,
    application: Application,
    actor,
    kind: str,
    reason: str,
    new_description: str = "",
    new_budget: list | None = None,
    new_amount: int | None = None,
) -> ChangeRequest:
    """変更承認申請 (or 中止・廃止). Budget changes carry the new lines and amount."""
    applicant_only(actor, application)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the change."), code="reason")
    if kind == ChangeRequest.Kind.BUDGET and not new_budget:
        raise ValidationError(_("Enter the budget after the change."), code="budget")
    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW,
            application,
            "request_change",
            actor=actor,
            comment=reason,
            extra={"kind": kind},
        )
        change = ChangeRequest.objects.create(
            application=result.obj,
            kind=kind,
            reason=reason,
            new_description=new_description,
            new_budget=new_budget or [],
            new_amount=new_amount,
            requested_by=actor,
        )
        notify_bureau(
            result.obj,
            kind="grant.change_requested",
            subject=gettext_lazy("Change request for %(ref)s"),
            template="grants/email/change_requested.txt",
            extra={"change": change},
            key=f"change:{change.pk}",
        )
    return change


def _apply_budget(application: Application, lines: list[dict]) -> None:
    categories = {c.pk: c for c in CostCategory.objects.all()}
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=application,
            cost_category=categories[int(line["cost_category"])],
            description=line["description"],
            amount=int(line["amount"]),
            order=i,
        )
        for i, line in enumerate(lines)
    )


def change_decision_draft(*, change: ChangeRequest, note: str, approved: bool):
    """The change notice as a draft (案) for the values typed on the step; nothing saved."""
    draft_change = copy.copy(change)
    draft_change.decision_note = note
    changes = {}
    if approved:
        new_amount = 0 if change.kind in ENDING_KINDS else change.new_amount
        if new_amount is not None:
            changes["approved_amount"] = new_amount
    kind = Notice.Kind.CHANGE_APPROVAL if approved else Notice.Kind.CHANGE_REJECTION
    return notice_draft(
        application=change.application,
        kind=kind,
        extra={"change": draft_change, "approved": approved},
        **changes,
    )


def change_request_approve(*, change: ChangeRequest, actor, note: str = "") -> ChangeRequest:
    """Approve: the approved plan and amount change (within the allocation); a notice."""
    application = change.application
    reviewer_only(actor, application)
    with transaction.atomic():
        locked_change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if locked_change.status != ChangeRequest.Status.PENDING:
            return locked_change
        app = Application.objects.select_for_update().get(pk=application.pk)
        ending = locked_change.kind in ENDING_KINDS
        new_amount = 0 if ending else locked_change.new_amount
        if new_amount is not None and new_amount > (app.approved_amount or 0):
            check_against_allocation(
                application=app, extra_amount=new_amount - (app.approved_amount or 0)
            )
        if (
            new_amount is not None
            and app.requested_amount is not None
            and new_amount > app.requested_amount
        ):
            app.requested_amount = new_amount

        def apply(obj):
            fields = []
            if locked_change.new_description:
                obj.description = locked_change.new_description
                fields.append("description")
            if new_amount is not None:
                obj.requested_amount = max(obj.requested_amount or 0, new_amount)
                obj.approved_amount = new_amount
                fields += ["requested_amount", "approved_amount"]
            if ending:
                obj.fixed_amount = 0
                fields.append("fixed_amount")
            obj.report_due = report_due_for(obj)
            fields.append("report_due")
            return fields

        if locked_change.new_budget:
            _apply_budget(app, locked_change.new_budget)
        action = "approve_abolition" if ending else "approve_change"
        run_transition(
            APPLICATION_WORKFLOW,
            app,
            action,
            actor=actor,
            comment=note,
            extra={"change": locked_change.pk},
            apply=apply,
        )
        locked_change.status = ChangeRequest.Status.APPROVED
        locked_change.decided_by = actor
        locked_change.decided_at = timezone.now()
        locked_change.decision_note = note
        locked_change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if new_amount is not None:
            invalidate_on_commit()  # the public list of decisions shows the new amount
        notice_issue(
            application=app,
            kind=Notice.Kind.CHANGE_APPROVAL,
            actor=actor,
            extra={"change": locked_change, "approved": True},
        )
        notify_applicant(
            app,
            kind="grant.change_approved",
            subject=gettext_lazy("Change to %(ref)s approved"),
            template="grants/email/change_decided.txt",
            extra={"change": locked_change, "approved": True},
            key=f"change:{change.pk}:decided",
        )
    return locked_change


def change_request_reject(*, change: ChangeRequest, actor, note: str) -> ChangeRequest:
    application = change.application
    reviewer_only(actor, application)
    if not note.strip():
        raise ValidationError(_("Give the reason for not approving the change."), code="reason")
    with transaction.atomic():
        locked_change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if locked_change.status != ChangeRequest.Status.PENDING:
            return locked_change
        run_transition(
            APPLICATION_WORKFLOW,
            application,
            "reject_change",
            actor=actor,
            comment=note,
            extra={"change": locked_change.pk},
        )
        locked_change.status = ChangeRequest.Status.REJECTED
        locked_change.decided_by = actor
        locked_change.decided_at = timezone.now()
        locked_change.decision_note = note
        locked_change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        notice_issue(
            application=application,
            kind=Notice.Kind.CHANGE_REJECTION,
            actor=actor,
            extra={"change": locked_change, "approved": False},
        )
        notify_applicant(
            application,
            kind="grant.change_rejected",
            subject=gettext_lazy("Change to %(ref)s not approved"),
            template="grants/email/change_decided.txt",
            extra={"change": locked_change, "approved": False},
            key=f"change:{change.pk}:decided",
        )
    return locked_change


def report_submit(
    *,
    application: Application,
    actor,
    completed_on,
    summary: str,
    kpi_result: str,
    kpi_comment: str = "",
    actuals: dict[int, int],
    uploads=(),
) -> PerformanceReport:
    """実績報告: actual cost per budget line, KPI result, evidence and photos."""
    applicant_only(actor, application)
    lines = {line.pk: line for line in application.budget_lines.all()}
    if set(actuals) != set(lines):
        raise ValidationError(_("Enter the actual cost of every budget line."), code="actuals")
    with transaction.atomic():
        result = run_transition(APPLICATION_WORKFLOW, application, "submit_report", actor=actor)
        for pk, amount in actuals.items():
            BudgetLine.objects.filter(pk=pk).update(actual_amount=amount)
        report, _created = PerformanceReport.objects.update_or_create(
            application=result.obj,
            defaults={
                "completed_on": completed_on,
                "summary": summary,
                "kpi_result": kpi_result,
                "kpi_comment": kpi_comment,
                "submitted_at": timezone.now(),
                "submitted_by": actor,
            },
        )
        for upload in uploads:
            attachment_store(upload=upload, owner=report, uploaded_by=actor, label="実績報告")
        notify_bureau(
            result.obj,
            kind="grant.report_submitted",
            subject=gettext_lazy("Performance report for %(ref)s"),
            template="grants/email/report_submitted.txt",
            key=f"report:{timezone.now():%Y%m%d%H%M%S%f}",
        )
    return report


def report_return(*, application: Application, actor, reason: str) -> Application:
    reviewer_only(actor, application)
    if not reason.strip():
        raise ValidationError(_("Say what to correct in the report."), code="reason")
    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW, application, "return_report", actor=actor, comment=reason
        )
        notify_applicant(
            result.obj,
            kind="grant.report_returned",
            subject=gettext_lazy("Performance report for %(ref)s returned for correction"),
            template="grants/email/returned.txt",
            extra={"reason": reason},
            key=f"report_returned:{timezone.now():%Y%m%d%H%M%S%f}",
        )
    return result.obj
