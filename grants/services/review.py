"""Bureau side: review, scoring, return for revision, and the decision."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import yen
from portal.models import Role, User
from portal.pagecache import invalidate_on_commit
from portal.workflow import InvalidTransition, audit, run_transition

from ..models import Allocation, Application, Notice, ReviewerAssignment, Score
from ..permissions import applications as permissions
from ..selectors.applications import budget_summary_for, committed_amount
from ..workflows.applications import APPLICATION_WORKFLOW
from .common import notify_applicant
from .notices import notice_draft, notice_issue


def _reviewable(actor, application):
    return lambda locked: permissions.can_review_application(actor, locked)


def application_start_review(*, application: Application, actor) -> Application:
    return run_transition(
        APPLICATION_WORKFLOW,
        application,
        "start_review",
        actor=actor,
        allowed=_reviewable(actor, application),
    ).obj


def application_assign(
    *, application: Application, actor, lead_officer: User | None, reviewers=()
) -> Application:
    """Set the lead officer and the reviewers (officers of the same bureau)."""
    if not permissions.can_review_application(actor, application):
        raise PermissionDenied
    people = [p for p in [lead_officer, *reviewers] if p is not None]
    for person in people:
        if person.role != Role.BUREAU or person.bureau_id != application.bureau_id:
            raise ValidationError(
                _("%(name)s is not an officer of %(bureau)s.")
                % {"name": person, "bureau": application.bureau.name},
                code="officer",
            )
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if lead_officer is not None and locked.lead_officer_id != lead_officer.pk:
            locked.lead_officer = lead_officer
            locked.save(update_fields=["lead_officer"])
        for reviewer in reviewers:
            ReviewerAssignment.objects.get_or_create(application=locked, reviewer=reviewer)
        audit(
            locked,
            actor=actor,
            action="assign",
            extra={
                "lead": getattr(lead_officer, "pk", None),
                "reviewers": [r.pk for r in reviewers],
            },
        )
    return locked


REVIEW_STATUSES = ("submitted", "under_review")


def _check_reviewer(assignment: ReviewerAssignment, actor) -> None:
    """Only the assigned reviewer, still an officer of the bureau, while under review."""
    if assignment.reviewer_id != actor.pk or not permissions.can_review_application(
        actor, assignment.application
    ):
        raise PermissionDenied
    if assignment.application.status not in REVIEW_STATUSES:
        raise ValidationError(
            _("Scores can be given only while the application is under review."), code="status"
        )


def application_recommend(*, application: Application, actor, amount: int) -> Application:
    """Record the amount the review recommends (validated like a decision's amount)."""
    if not permissions.can_review_application(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in REVIEW_STATUSES:
            raise InvalidTransition
        validate_amount(locked, amount)
        if locked.recommended_amount != amount:
            locked.recommended_amount = amount
            locked.save(update_fields=["recommended_amount", "updated_at"])
            audit(locked, actor=actor, action="recommend", extra={"amount": amount})
    return locked


def reviewer_remove(*, assignment: ReviewerAssignment, actor) -> None:
    """Take a reviewer off (e.g. a conflict of interest came to light); their scores go.
    Only while the application is under review."""
    if not permissions.can_review_application(actor, assignment.application):
        raise PermissionDenied
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=assignment.application_id)
        if locked.status not in REVIEW_STATUSES:
            raise InvalidTransition
        audit(
            locked,
            actor=actor,
            action="remove_reviewer",
            extra={"reviewer": assignment.reviewer_id},
        )
        assignment.delete()


def reviewer_declare_no_conflict(*, assignment: ReviewerAssignment, actor) -> ReviewerAssignment:
    _check_reviewer(assignment, actor)
    if assignment.no_conflict_declared_at is None:
        assignment.no_conflict_declared_at = timezone.now()
        assignment.save(update_fields=["no_conflict_declared_at"])
        audit(assignment.application, actor=actor, action="declare_no_conflict")
    return assignment


def reviewer_score(*, assignment: ReviewerAssignment, actor, scores: dict) -> list[Score]:
    """Record a reviewer's scores: {criterion: (score, comment)}. Only after declaring no
    conflict of interest; each score within the criterion's maximum."""
    _check_reviewer(assignment, actor)
    if assignment.no_conflict_declared_at is None:
        raise ValidationError(
            _("Declare that you have no conflict of interest before scoring."), code="conflict"
        )
    criteria = {c.pk: c for c in assignment.application.call.criteria.all()}
    saved = []
    with transaction.atomic():
        for criterion, (score, comment) in scores.items():
            if criterion.pk not in criteria:
                raise ValidationError(_("Unknown criterion."), code="criterion")
            if not 0 <= score <= criterion.max_score:
                raise ValidationError(
                    _("The score for %(name)s must be between 0 and %(max)s.")
                    % {"name": criterion.name, "max": criterion.max_score},
                    code="score",
                )
            obj, _created = Score.objects.update_or_create(
                assignment=assignment,
                criterion=criterion,
                defaults={"score": score, "comment": comment},
            )
            saved.append(obj)
        audit(assignment.application, actor=actor, action="score")
    return saved


def application_return(*, application: Application, actor, reason: str) -> Application:
    """差戻し: back to the applicant with a reason; they edit and resubmit."""
    if not permissions.can_review_application(actor, application):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning the application."), code="reason")

    def apply(obj):
        obj.return_reason = reason
        return ["return_reason"]

    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW,
            application,
            "return",
            actor=actor,
            comment=reason,
            allowed=_reviewable(actor, application),
            apply=apply,
        )
        if result.changed:
            notify_applicant(
                result.obj,
                kind="grant.returned",
                subject=gettext_lazy("Application %(ref)s was returned for revision"),
                template="grants/email/returned.txt",
                extra={"reason": reason},
                key=f"r{result.obj.revision}:returned",
            )
    return result.obj


def maximum_for(application: Application) -> int:
    _rules, summary = budget_summary_for(application)
    return summary.maximum


def check_against_allocation(*, application: Application, extra_amount: int) -> Allocation:
    """Lock the bureau's allocation row and refuse if ``extra_amount`` more would exceed it.

    Every approval and every change that raises an amount takes this lock first, so two
    officers approving at the same moment are serialised and the sum never exceeds it.
    """
    allocation = (
        Allocation.objects.select_for_update()
        .filter(bureau_id=application.bureau_id, fiscal_year=application.fiscal_year)
        .first()
    )
    if allocation is None:
        raise ValidationError(
            _("No allocation (配当額) is registered for %(bureau)s in this fiscal year.")
            % {"bureau": application.bureau.name},
            code="no_allocation",
        )
    committed = committed_amount(application.bureau_id, application.fiscal_year)
    if committed + extra_amount > allocation.amount:
        raise ValidationError(
            _(
                "This would exceed the allocation: %(committed)s of %(amount)s is already "
                "decided, %(remaining)s remains."
            )
            % {
                "committed": yen(committed),
                "amount": yen(allocation.amount),
                "remaining": yen(allocation.amount - committed),
            },
            code="allocation",
        )
    return allocation


def validate_amount(application: Application, amount: int) -> None:
    call = application.call
    maximum = maximum_for(application)
    problems = []
    if amount <= 0:
        problems.append(_("The amount must be more than 0 yen."))
    if application.requested_amount is not None and amount > application.requested_amount:
        problems.append(
            _("The amount cannot exceed the requested %(requested)s.")
            % {"requested": yen(application.requested_amount)}
        )
    if amount > maximum:
        problems.append(
            _("The amount cannot exceed the maximum of %(max)s computed from the budget.")
            % {"max": yen(maximum)}
        )
    if call.lower_limit and 0 < amount < call.lower_limit:
        problems.append(
            _("The amount is below the call's lower limit of %(lower)s.")
            % {"lower": yen(call.lower_limit)}
        )
    if amount % call.rounding_unit:
        problems.append(
            _("The amount must be a multiple of %(unit)s.") % {"unit": yen(call.rounding_unit)}
        )
    if problems:
        raise ValidationError(problems, code="amount")


def report_due_for(application: Application):
    if application.end_date is None:
        return application.call.report_due_date
    due = application.end_date + timedelta(days=application.call.report_due_days)
    if application.call.report_due_date:
        due = min(due, application.call.report_due_date)
    return due


def decision_notice_issue(*, application: Application, actor) -> Notice:
    """Issue the 交付決定通知書 of a decided application and tell the applicant; inside the
    caller's transaction. The decision itself, or a batch of notices later (notice_batches)."""
    notice = notice_issue(application=application, kind=Notice.Kind.DECISION, actor=actor)
    notify_applicant(
        application,
        kind="grant.approved",
        subject=gettext_lazy("Grant decided for %(ref)s"),
        template="grants/email/decided.txt",
        key="approved",
    )
    return notice


def approval_draft(*, application: Application, amount: int, conditions: str = ""):
    """The 交付決定通知書 as a draft (案) for the amount and conditions typed on the step."""
    draft = notice_draft(
        application=application,
        kind=Notice.Kind.DECISION,
        approved_amount=amount,
        conditions=conditions,
    )
    draft.context["application"].report_due = report_due_for(draft.context["application"])
    return draft


def rejection_draft(*, application: Application, reason: str):
    """The 不交付決定通知書 as a draft (案) with the reason typed on the step."""
    return notice_draft(application=application, kind=Notice.Kind.REJECTION, decision_reason=reason)


def application_approve(
    *,
    application: Application,
    actor,
    amount: int,
    conditions: str = "",
    issue_notice: bool = True,
) -> Application:
    """交付決定. Preconditions: submitted or under review; the actor an officer of the
    application's bureau; amount ≤ requested, ≤ the computed maximum, a multiple of the
    unit; the bureau's allocation not exceeded (row lock). Issues the numbered notice (PDF
    after commit) and notifies the applicant; with ``issue_notice=False`` (decisions made in
    bulk) both are left to a batch of notices (services.notice_batches)."""
    if not permissions.can_review_application(actor, application):
        raise PermissionDenied
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status == "approved":
            return locked
        APPLICATION_WORKFLOW.ensure_possible(locked, "approve")
        validate_amount(locked, amount)
        check_against_allocation(application=locked, extra_amount=amount)

        def apply(obj):
            obj.approved_amount = amount
            obj.conditions = conditions
            obj.decided_at = timezone.now()
            obj.report_due = report_due_for(obj)
            return ["approved_amount", "conditions", "decided_at", "report_due"]

        result = run_transition(
            APPLICATION_WORKFLOW,
            locked,
            "approve",
            actor=actor,
            comment=conditions,
            extra={"amount": amount},
            apply=apply,
        )
        if issue_notice:
            decision_notice_issue(application=result.obj, actor=actor)
        # The decision appears in the public list of grant decisions and the municipality's
        # page: cached public pages are stale once it commits.
        invalidate_on_commit()
    return result.obj


def application_reject(*, application: Application, actor, reason: str) -> Application:
    """不交付決定 with a reason; issues the numbered notice and notifies the applicant."""
    if not permissions.can_review_application(actor, application):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason for not granting."), code="reason")

    def apply(obj):
        obj.decision_reason = reason
        obj.decided_at = timezone.now()
        return ["decision_reason", "decided_at"]

    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW,
            application,
            "reject",
            actor=actor,
            comment=reason,
            allowed=_reviewable(actor, application),
            apply=apply,
        )
        if result.changed:
            notice_issue(application=result.obj, kind=Notice.Kind.REJECTION, actor=actor)
            notify_applicant(
                result.obj,
                kind="grant.rejected",
                subject=gettext_lazy("Decision on %(ref)s: not granted"),
                template="grants/email/rejected.txt",
                extra={"reason": reason},
                key="rejected",
            )
    return result.obj
